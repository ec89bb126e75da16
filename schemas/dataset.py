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

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from schemas import iso
from schemas import vocabularies as v
from schemas.text import Line, Text, check_line, check_text
from schemas.links import check_document_url
from schemas.urls import check_url

SLUG_PATTERN = r"^[a-z0-9-]{3,80}$"
_SLUG = re.compile(SLUG_PATTERN)

# Numbers are bounded so that every engine and database stores them exactly (JSON readers such as
# JavaScript and Elasticsearch's range queries use doubles: integers up to 2**53 - 1; SQL and the
# search engines store 64-bit integers), and by what a real health dataset can hold.
MAX_SAFE_INTEGER = 2**53 - 1
MAX_INDIVIDUALS = 10**10  # more people than have ever lived at one time
MAX_VARIABLES = 10**7
MAX_SIZE_BYTES = 10**18  # an exabyte, below the 64-bit limit
MAX_DELAY_DAYS = 3650  # ten years
MAX_AGE = 150
# Dates of the exchange format (coverage, issued, modified): from the first health registers on.
MIN_DATE, MAX_DATE = dt.date(1700, 1, 1), dt.date(2199, 12, 31)


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError("slug", "must be 3-80 characters of lowercase letters, digits and hyphens")
    return value


def _check_languages(value: dict[str, Any]) -> dict[str, Any]:
    if not value:
        raise ValueError("needs at least one language, e.g. {\"fr\": \"...\"}")
    for lang in value:
        iso.check_language(lang)
    return value


def _check_texts(value: dict[str, str]) -> dict[str, str]:
    _check_languages(value)
    for lang, text in value.items():
        if not text.strip():
            raise ValueError(f"text for language {lang!r} is empty")
        try:
            check_text(text)
        except ValueError as exc:
            raise ValueError(f"text for language {lang!r} {exc}") from None
    return value


def _check_lines(value: dict[str, str]) -> dict[str, str]:
    _check_texts(value)
    for lang, text in value.items():
        try:
            check_line(text)
        except ValueError as exc:
            raise ValueError(f"text for language {lang!r} {exc}") from None
    return value


def _check_text_lists(value: dict[str, list[str]]) -> dict[str, list[str]]:
    _check_languages(value)
    for lang, items in value.items():
        if any(not item.strip() for item in items):
            raise ValueError(f"list for language {lang!r} holds an empty string")
        for index, item in enumerate(items):
            try:
                check_line(item)
            except ValueError as exc:
                raise ValueError(f"item {index} for language {lang!r} {exc}") from None
    return value


def _check_url(value: str) -> str:
    try:
        return check_url(value)
    except ValueError as exc:  # its own type, so that forms say "not a web address" in their language
        raise PydanticCustomError("url", "{reason}", {"reason": str(exc)}) from None


def _check_document_url(value: str) -> str:
    return check_document_url(value)  # a path of this catalogue (an upload) or an https URL


def check_email(value: str) -> str:
    check_line(value)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise PydanticCustomError("email", "is not a valid email address ({reason})", {"reason": str(exc)}) from None
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "minLength": 3, "maxLength": 80}),
]
_LANG_KEYS = {"propertyNames": {"pattern": iso.LANGUAGE_PATTERN}, "minProperties": 1}
LocalizedText = Annotated[
    dict[str, str],
    AfterValidator(_check_texts),
    WithJsonSchema({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}, **_LANG_KEYS}),
]
# Titles and labels: one line per language.
LocalizedLine = Annotated[
    dict[str, str],
    AfterValidator(_check_lines),
    WithJsonSchema({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}, **_LANG_KEYS}),
]
LocalizedList = Annotated[
    dict[str, list[str]],
    AfterValidator(_check_text_lists),
    WithJsonSchema(
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, **_LANG_KEYS}
    ),
]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri", "maxLength": 2000})]
DocumentUrl = Annotated[str, AfterValidator(_check_document_url), WithJsonSchema({"type": "string"})]
Email = Annotated[str, AfterValidator(check_email), WithJsonSchema({"type": "string", "format": "email"})]
GeoCode = iso.PlaceCode
LangCode = iso.LanguageCode
CountryCode = iso.CountryCode
NonNegative = Annotated[int, Field(ge=0, le=MAX_SAFE_INTEGER)]
Age = Annotated[int, Field(ge=0, le=MAX_AGE)]
Date = Annotated[dt.date, Field(ge=MIN_DATE, le=MAX_DATE)]
# One-line names and codes, by their longest length.
Name = Annotated[Line, Field(min_length=1, max_length=300)]
Name200 = Annotated[Line, Field(min_length=1, max_length=200)]
Name100 = Annotated[Line, Field(min_length=1, max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Producer(Strict):
    id: Slug
    name: Name
    type: v.ProducerType
    country: CountryCode


class Contact(Strict):
    name: Name
    email: Email


class Typology(Strict):
    data_types: Annotated[list[v.DataType], Field(min_length=1)]
    health_categories: list[v.HealthCategory] = []
    health_themes: LocalizedList | None = None
    structured: bool
    coding_systems: list[v.CodingSystem] = []
    common_data_model: Name100 | None = None


class Population(Strict):
    description: LocalizedText | None = None
    min_age: Age | None = None
    max_age: Age | None = None
    geography: Annotated[list[GeoCode], Field(min_length=1)]
    care_settings: list[v.CareSetting] = []

    @field_validator("max_age")
    @classmethod
    def _ages_ordered(cls, max_age: int | None, info: ValidationInfo) -> int | None:
        """Checked on max_age (not on the block) so the error names the field to fix, and is found even
        when another field of the block is missing (a draft)."""
        min_age = info.data.get("min_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            raise PydanticCustomError("ages_order", "min_age ({min_age}) must not exceed max_age ({max_age})",
                                      {"min_age": min_age, "max_age": max_age})
        return max_age


class TemporalCoverage(Strict):
    start: Date
    end: Date | None = None

    @field_validator("end")
    @classmethod
    def _dates_ordered(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """On the end date, and only when a start was given: a missing start is reported on the start."""
        start = info.data.get("start")
        if start is not None and end is not None and start > end:
            raise PydanticCustomError("dates_order", "start ({start}) must not be after end ({end})",
                                      {"start": start.isoformat(), "end": end.isoformat()})
        return end


class Volume(Strict):
    individuals: Annotated[int, Field(ge=0, le=MAX_INDIVIDUALS)] | None
    records: NonNegative | None = None
    variables: Annotated[int, Field(ge=0, le=MAX_VARIABLES)] | None = None
    size_bytes: Annotated[int, Field(ge=0, le=MAX_SIZE_BYTES)] | None = None
    yearly_growth_individuals: Annotated[int, Field(ge=-MAX_INDIVIDUALS, le=MAX_INDIVIDUALS)] | None = None


class Audiences(Strict):
    academic: v.AudienceAnswer
    public_agency: v.AudienceAnswer
    hospital: v.AudienceAnswer
    startup: v.AudienceAnswer
    industry: v.AudienceAnswer


class Cost(Strict):
    model: v.CostModel
    description: LocalizedText | Annotated[Text, Field(min_length=1, max_length=10000)] | None = None


class Access(Strict):
    rights: v.AccessRights
    modalities: Annotated[list[v.AccessModality], Field(min_length=1)]
    platform: Name | None = None
    audiences: Audiences
    procedure: LocalizedText
    legal_bases: list[Name100] = []
    typical_delay_days: Annotated[int, Field(ge=0, le=MAX_DELAY_DAYS)] | None = None
    cost: Cost | None = None
    data_use_conditions: list[Annotated[str, Field(pattern=r"^DUO:[0-9]{7}$")]] = []
    request_url: Url | None = None


class HealthDataHub(Strict):
    relationship: v.HdhRelationship
    catalogue_id: Name200 | None = None
    snds_linkable: bool
    on_hdh_platform: bool


class Collaboration(Strict):
    seeking: list[v.CollaborationNeed] = []
    description: LocalizedText | None = None


class DocumentRef(Strict):
    title: LocalizedLine | Name
    kind: v.DocumentKind
    url: DocumentUrl


class Variable(Strict):
    name: Name200
    label: LocalizedLine | Annotated[Line, Field(max_length=1000)] | None = None
    type: Annotated[Line, Field(max_length=50)] | None = None
    description: LocalizedText | Annotated[Text, Field(max_length=10000)] | None = None


class DatasetDescription(Strict):
    """A dataset description in the exchange format."""

    id: Slug
    title: LocalizedLine
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
    licence: Name200 | None = None
    issued: Date | None = None
    modified: Date | None = None

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
