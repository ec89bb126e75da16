"""The exchange format of a dataset description (a "fiche").

One model per block of ../shared/docs/dataset-description.md. Validation is strict: unknown
fields are rejected, codes come from closed vocabularies, cross-field rules are checked. Values
are kept as given (URLs are not normalised) so that import then export round-trips unchanged:
dump with ``model_dump(mode="json", exclude_unset=True)``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from schemas import vocabularies as v

SLUG_PATTERN = r"^[a-z0-9-]{3,80}$"
_SLUG = re.compile(SLUG_PATTERN)
_LANG = re.compile(r"^[a-z]{2}$")
_GEO = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be 3-80 characters of lowercase letters, digits and hyphens")
    return value


def _check_languages(value: dict[str, Any]) -> dict[str, Any]:
    if not value:
        raise ValueError("needs at least one language, e.g. {\"fr\": \"...\"}")
    for lang in value:
        if not _LANG.match(lang):
            raise ValueError(f"language key {lang!r} is not an ISO 639-1 code such as 'fr' or 'en'")
    return value


def _check_texts(value: dict[str, str]) -> dict[str, str]:
    _check_languages(value)
    for lang, text in value.items():
        if not text.strip():
            raise ValueError(f"text for language {lang!r} is empty")
    return value


def _check_text_lists(value: dict[str, list[str]]) -> dict[str, list[str]]:
    _check_languages(value)
    for lang, items in value.items():
        if any(not item.strip() for item in items):
            raise ValueError(f"list for language {lang!r} holds an empty string")
    return value


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("must be an absolute http(s) URL")
    return value


def _check_document_url(value: str) -> str:
    if value.startswith("/") and " " not in value:
        return value  # a document uploaded to this catalogue, served by its API
    return _check_url(value)


def check_email(value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid email address ({exc})") from None
    return value


def _check_geo(value: str) -> str:
    if not _GEO.match(value):
        raise ValueError("must be an ISO 3166 code such as 'FR' or 'FR-IDF'")
    return value


def _check_lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError("must be an ISO 639-1 code such as 'fr'")
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "minLength": 3, "maxLength": 80}),
]
_LANG_KEYS = {"propertyNames": {"pattern": "^[a-z]{2}$"}, "minProperties": 1}
LocalizedText = Annotated[
    dict[str, str],
    AfterValidator(_check_texts),
    WithJsonSchema({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}, **_LANG_KEYS}),
]
LocalizedList = Annotated[
    dict[str, list[str]],
    AfterValidator(_check_text_lists),
    WithJsonSchema(
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, **_LANG_KEYS}
    ),
]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"})]
DocumentUrl = Annotated[str, AfterValidator(_check_document_url), WithJsonSchema({"type": "string"})]
Email = Annotated[str, AfterValidator(check_email), WithJsonSchema({"type": "string", "format": "email"})]
GeoCode = Annotated[str, AfterValidator(_check_geo), WithJsonSchema({"type": "string", "pattern": _GEO.pattern})]
LangCode = Annotated[str, AfterValidator(_check_lang), WithJsonSchema({"type": "string", "pattern": _LANG.pattern})]
NonNegative = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Producer(Strict):
    id: Slug
    name: Annotated[str, Field(min_length=1, max_length=300)]
    type: v.ProducerType
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Contact(Strict):
    name: Annotated[str, Field(min_length=1, max_length=300)]
    email: Email


class Typology(Strict):
    data_types: Annotated[list[v.DataType], Field(min_length=1)]
    health_categories: list[v.HealthCategory] = []
    health_themes: LocalizedList | None = None
    structured: bool
    coding_systems: list[v.CodingSystem] = []
    common_data_model: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class Population(Strict):
    description: LocalizedText | None = None
    min_age: Annotated[int, Field(ge=0, le=150)] | None = None
    max_age: Annotated[int, Field(ge=0, le=150)] | None = None
    geography: Annotated[list[GeoCode], Field(min_length=1)]
    care_settings: list[v.CareSetting] = []

    @model_validator(mode="after")
    def _ages_ordered(self) -> Population:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"min_age ({self.min_age}) must not exceed max_age ({self.max_age})")
        return self


class TemporalCoverage(Strict):
    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _dates_ordered(self) -> TemporalCoverage:
        if self.end is not None and self.start > self.end:
            raise ValueError(f"start ({self.start}) must not be after end ({self.end})")
        return self


class Volume(Strict):
    individuals: NonNegative | None
    records: NonNegative | None = None
    variables: NonNegative | None = None
    size_bytes: NonNegative | None = None
    yearly_growth_individuals: int | None = None


class Audiences(Strict):
    academic: v.AudienceAnswer
    public_agency: v.AudienceAnswer
    hospital: v.AudienceAnswer
    startup: v.AudienceAnswer
    industry: v.AudienceAnswer


class Cost(Strict):
    model: v.CostModel
    description: LocalizedText | Annotated[str, Field(min_length=1)] | None = None


class Access(Strict):
    rights: v.AccessRights
    modalities: Annotated[list[v.AccessModality], Field(min_length=1)]
    platform: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    audiences: Audiences
    procedure: LocalizedText
    legal_bases: list[Annotated[str, Field(min_length=1, max_length=100)]] = []
    typical_delay_days: NonNegative | None = None
    cost: Cost | None = None
    data_use_conditions: list[Annotated[str, Field(pattern=r"^DUO:\d{7}$")]] = []
    request_url: Url | None = None


class HealthDataHub(Strict):
    relationship: v.HdhRelationship
    catalogue_id: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    snds_linkable: bool
    on_hdh_platform: bool


class Collaboration(Strict):
    seeking: list[v.CollaborationNeed] = []
    description: LocalizedText | None = None


class DocumentRef(Strict):
    title: LocalizedText | Annotated[str, Field(min_length=1, max_length=300)]
    kind: v.DocumentKind
    url: DocumentUrl


class Variable(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    label: LocalizedText | str | None = None
    type: Annotated[str, Field(max_length=50)] | None = None
    description: LocalizedText | str | None = None


class DatasetDescription(Strict):
    """A dataset description in the exchange format."""

    id: Slug
    title: LocalizedText
    summary: LocalizedText
    description: LocalizedText
    producer: Producer
    contact: Contact
    keywords: LocalizedList | None = None
    typology: Typology
    population: Population
    temporal_coverage: TemporalCoverage
    update_frequency: v.Frequency | None = None
    volume: Volume
    access: Access
    health_data_hub: HealthDataHub
    collaboration: Collaboration | None = None
    documents: list[DocumentRef] = []
    variables: list[Variable] = []
    landing_page: Url | None = None
    languages: list[LangCode] = []
    licence: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    issued: dt.date | None = None
    modified: dt.date | None = None

    def to_record(self) -> dict[str, Any]:
        """The exchange JSON object, with exactly the fields that were given."""
        return self.model_dump(mode="json", exclude_unset=True)


def text_in(value: dict[str, str] | str | None, lang: str = "fr") -> str:
    """Pick one language of a multilingual text (the asked one, else French, else any)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for key in (lang, "fr", "en"):
        if value.get(key):
            return value[key]
    return next(iter(value.values()), "")
