"""Search contract: the search document (a projection of a description), queries and results.

Facet and filter names are the dotted paths of the exchange format, so the same names work in
the REST API, the CKAN facade and the judged queries of the corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Facets (keyword fields) every engine must index and count; value lists in the search document.
FACETS: tuple[str, ...] = (
    "typology.data_types",
    "typology.health_categories",
    "typology.coding_systems",
    "producer.id",
    "producer.type",
    "access.rights",
    "access.modalities",
    "access.audiences.academic",
    "access.audiences.public_agency",
    "access.audiences.hospital",
    "access.audiences.startup",
    "access.audiences.industry",
    "health_data_hub.relationship",
    "health_data_hub.snds_linkable",
    "health_data_hub.on_hdh_platform",
    "population.geography",
    "population.care_settings",
    "collaboration.seeking",
    "update_frequency",
)
Facet = Literal[FACETS]  # type: ignore[valid-type]

# Free-text fields of the search document and their weights (title and keywords above the rest).
TEXT_FIELDS: dict[str, float] = {
    "title": 5.0,
    "keywords": 3.0,
    "themes": 2.0,
    "producer_name": 1.5,
    "summary": 1.5,
    "collaboration": 1.0,
    "description": 1.0,
    "population": 0.8,
    "procedure": 0.5,
}

Sort = Literal["relevance", "newest", "volume"]


class SearchDocument(BaseModel):
    """What an engine indexes for one published description; built by search.document.project."""

    model_config = ConfigDict(extra="forbid")

    id: str
    # Display fields, stored as given (multilingual objects as JSON-able dicts).
    title: dict[str, str]
    summary: dict[str, str]
    producer_name: str
    # Raw text per field (all languages joined); engines index analysed tokens of it.
    text: dict[str, str]
    # Facet values, keyed by the names in FACETS; booleans as "true"/"false".
    facets: dict[str, list[str]]
    individuals: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    published: dt.datetime | None = None


class SearchQuery(BaseModel):
    """One search request: text, facet filters, ranges, sort, page."""

    model_config = ConfigDict(extra="forbid")

    q: Annotated[str, Field(max_length=500)] = ""
    lang: Literal["fr", "en"] = "fr"
    filters: dict[Facet, list[Annotated[str, Field(max_length=100)]]] = {}
    individuals_min: Annotated[int, Field(ge=0)] | None = None
    individuals_max: Annotated[int, Field(ge=0)] | None = None
    # Population ages overlap [age_min, age_max]; a description with no bound is open on that side.
    age_min: Annotated[int, Field(ge=0, le=150)] | None = None
    age_max: Annotated[int, Field(ge=0, le=150)] | None = None
    # Temporal coverage overlaps [covers_from, covers_to]; an ongoing description has no end.
    covers_from: dt.date | None = None
    covers_to: dt.date | None = None
    sort: Sort = "relevance"
    page: Annotated[int, Field(ge=1, le=1000)] = 1
    page_size: Annotated[int, Field(ge=0, le=100)] = 20
    facets: list[Facet] = list(FACETS)
    facet_limit: Annotated[int, Field(ge=1, le=500)] = 50

    @model_validator(mode="after")
    def _ranges_ordered(self) -> SearchQuery:
        for low, high in (("individuals_min", "individuals_max"), ("age_min", "age_max"),
                          ("covers_from", "covers_to")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                raise ValueError(f"{low} ({a}) must not exceed {high} ({b})")
        return self


class FacetCount(BaseModel):
    value: str
    count: int


class SearchHit(BaseModel):
    id: str
    score: float
    title: dict[str, str]
    summary: dict[str, str]
    producer_name: str
    # Highlighted fragments per text field, matched words wrapped in <mark>…</mark>, HTML-escaped.
    highlights: dict[str, list[str]] = {}


class SearchPage(BaseModel):
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = {}


class Suggestion(BaseModel):
    id: str
    title: dict[str, str]
