"""Search contract: the search document (a projection of a description), queries and results.

Facet and filter names are the dotted paths of the exchange format, so the same names work in
the REST API, the CKAN facade and the judged queries of the corpus.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
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
    # Deep pagination: SearchPage.next_cursor of the previous page; the page then starts right
    # after that one's last hit and `page` is ignored. Only valid for the same q, filters, ranges, sort.
    cursor: Annotated[str, Field(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _ranges_ordered(self) -> SearchQuery:
        for low, high in (("individuals_min", "individuals_max"), ("age_min", "age_max"),
                          ("covers_from", "covers_to")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                raise ValueError(f"{low} ({a}) must not exceed {high} ({b})")
        if self.cursor is not None:
            read_cursor(self)  # malformed, or made for another query: a validation error
        return self


class Cursor(BaseModel):
    """What a cursor carries: how many hits came before, and the engine's position after the last one."""

    seen: Annotated[int, Field(ge=0)]
    after: list[str | int | float | None] = []


def _fingerprint(query: SearchQuery) -> str:
    """Everything that decides which hits come in which order (not the page, its size or the facets)."""
    kept = query.model_dump(mode="json", exclude={"cursor", "page", "page_size", "facets", "facet_limit"})
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:16]


def make_cursor(query: SearchQuery, seen: int, after: list[str | int | float | None] | None = None) -> str:
    """An opaque token for the hits after the first `seen` ones of `query` (engines call this)."""
    payload = {"q": _fingerprint(query), "seen": seen, "after": after or []}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def read_cursor(query: SearchQuery) -> Cursor | None:
    """The position encoded in query.cursor, None without one; ValueError if it is not a cursor of this query."""
    if query.cursor is None:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(query.cursor + "=" * (-len(query.cursor) % 4)))
        fingerprint = raw.pop("q")
        cursor = Cursor.model_validate(raw)
    except Exception as exc:  # noqa: BLE001 - any decoding failure means the same thing to the caller
        raise ValueError("cursor is not a next_cursor returned by a search") from exc
    if fingerprint != _fingerprint(query):
        raise ValueError("cursor belongs to a search with other text, filters, ranges or sort")
    return cursor


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
    # Pass as SearchQuery.cursor for the hits after this page; None when there are none.
    next_cursor: str | None = None


class Suggestion(BaseModel):
    id: str
    title: dict[str, str]
