"""The template's columns: one per exchange-format field, by dotted path, with its kind and help.

Kinds: text, int, bool, date, code (one value of a list), codes (several, separated by " | "),
texts (several free strings, " | "), json (a JSON array, for documents and variables).
A multilingual field has one column per language: `title.fr`, `title.en` (add `title.de`… as needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from schemas import vocabularies as v

SEPARATOR = " | "
LANGS = ("fr", "en")


@dataclass(frozen=True)
class Column:
    path: str
    kind: str
    required: bool
    help: str
    allowed: tuple[str, ...] = ()
    multilingual: bool = False


def _c(path: str, kind: str, help_: str, *, required: bool = False, allowed: object = None,
       multilingual: bool = False) -> Column:
    values = tuple(get_args(allowed)) if allowed is not None else ()
    return Column(path, kind, required, help_, values, multilingual)


YES_NO = ("true", "false")
COLUMNS: tuple[Column, ...] = (
    _c("id", "text", "stable identifier: 3-80 lowercase letters, digits, hyphens", required=True),
    _c("title", "text", "dataset title", required=True, multilingual=True),
    _c("summary", "text", "one or two sentences shown in search results", required=True, multilingual=True),
    _c("description", "text", "full description (Markdown)", required=True, multilingual=True),
    _c("producer.id", "text", "the producer organisation's identifier (slug)", required=True),
    _c("producer.name", "text", "the producer's name", required=True),
    _c("producer.type", "code", "kind of producer", required=True, allowed=v.ProducerType),
    _c("producer.country", "text", "ISO 3166 country code of the producer, e.g. FR", required=True),
    _c("contact.name", "text", "contact person or team", required=True),
    _c("contact.email", "text", "contact e-mail address", required=True),
    _c("keywords", "texts", "keywords, separated by ' | '", multilingual=True),
    _c("typology.data_types", "codes", "kinds of data (at least one)", required=True, allowed=v.DataType),
    _c("typology.health_categories", "codes", "EHDS health categories (HealthDCAT-AP)", allowed=v.HealthCategory),
    _c("typology.health_themes", "texts", "therapeutic areas in plain words", multilingual=True),
    _c("typology.structured", "bool", "structured data (true / false)", required=True),
    _c("typology.coding_systems", "codes", "coding systems used", allowed=v.CodingSystem),
    _c("typology.common_data_model", "text", "e.g. OMOP-CDM, FHIR"),
    _c("population.description", "text", "who is covered", multilingual=True),
    _c("population.min_age", "int", "youngest age covered, in years"),
    _c("population.max_age", "int", "oldest age covered, in years"),
    _c("population.geography", "texts", "ISO 3166 codes: FR, FR-IDF… (at least one)", required=True),
    _c("population.care_settings", "codes", "care settings", allowed=v.CareSetting),
    _c("temporal_coverage.start", "date", "first date covered (YYYY-MM-DD)", required=True),
    _c("temporal_coverage.end", "date", "last date covered; empty if ongoing"),
    _c("update_frequency", "code", "EU frequency code", allowed=v.Frequency),
    _c("volume.individuals", "int", "number of individuals; empty if unknown"),
    _c("volume.records", "int", "number of records"),
    _c("volume.variables", "int", "number of variables"),
    _c("volume.size_bytes", "int", "storage size in bytes"),
    _c("volume.yearly_growth_individuals", "int", "new individuals per year"),
    _c("access.rights", "code", "EU access right", required=True, allowed=v.AccessRights),
    _c("access.modalities", "codes", "how the data are accessed (at least one)", required=True,
       allowed=v.AccessModality),
    _c("access.platform", "text", "where the data are analysed"),
    *(_c(f"access.audiences.{a}", "code", f"may {a.replace('_', ' ')} users get access?", required=True,
         allowed=v.AudienceAnswer) for a in get_args(v.Audience)),
    _c("access.procedure", "text", "the steps to get access", required=True, multilingual=True),
    _c("access.legal_bases", "texts", "e.g. GDPR-6.1.e | CNIL-MR-004"),
    _c("access.typical_delay_days", "int", "usual days from request to access"),
    _c("access.cost.model", "code", "cost model", allowed=v.CostModel),
    _c("access.cost.description", "text", "cost in plain words (one language: leave .fr/.en empty)",
       multilingual=True),
    _c("access.data_use_conditions", "texts", "GA4GH DUO codes, e.g. DUO:0000042"),
    _c("access.request_url", "text", "address of an external request form"),
    _c("health_data_hub.relationship", "code", "relation to the Health Data Hub", required=True,
       allowed=v.HdhRelationship),
    _c("health_data_hub.catalogue_id", "text", "identifier in the HDH catalogue"),
    _c("health_data_hub.snds_linkable", "bool", "linkable to SNDS individual data (true / false)", required=True),
    _c("health_data_hub.on_hdh_platform", "bool", "a copy is on the HDH platform (true / false)", required=True),
    _c("collaboration.seeking", "codes", "what the producer looks for", allowed=v.CollaborationNeed),
    _c("collaboration.description", "text", "those needs in plain words", multilingual=True),
    _c("documents", "json", 'JSON array of {"title", "kind", "url"}'),
    _c("variables", "json", 'JSON array of {"name", "label", "type", "description"}'),
    _c("landing_page", "text", "the dataset's web page"),
    _c("languages", "texts", "ISO 639-1 languages of the data: fr | en"),
    _c("licence", "text", "licence, for open data"),
    _c("issued", "date", "publication date (YYYY-MM-DD); set by the catalogue when empty"),
    _c("modified", "date", "last change (YYYY-MM-DD); set by the catalogue when empty"),
)
BY_PATH = {c.path: c for c in COLUMNS}


def headers(extra_languages: tuple[str, ...] = ()) -> list[str]:
    """The header row: multilingual fields get the plain column only where a field takes plain text too."""
    out = []
    for column in COLUMNS:
        if not column.multilingual:
            out.append(column.path)
            continue
        if column.path == "access.cost.description":
            out.append(column.path)
        out.extend(f"{column.path}.{lang}" for lang in (*LANGS, *extra_languages))
    return out


def column_of(header: str) -> tuple[Column, str | None] | None:
    """The column a header names, and its language for `field.xx` headers."""
    header = header.strip()
    if header in BY_PATH:
        return BY_PATH[header], None
    path, _, lang = header.rpartition(".")
    column = BY_PATH.get(path)
    if column is not None and column.multilingual and len(lang) == 2 and lang.isalpha() and lang.islower():
        return column, lang
    return None
