"""Search contract: the search document (a projection of a description), queries and results.

Facet and filter names are the dotted paths of the exchange format, so the same names work in
the REST API, the CKAN facade and the judged queries of the corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from schemas.text import Line, Text

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

# Free-text fields of the search document (their weights: search/ranking.py, FIELD_WEIGHTS).
TEXT_FIELDS: tuple[str, ...] = (
    "title", "keywords", "themes", "producer_name", "summary", "collaboration", "description", "population",
    "procedure",
)

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


# The deepest hit a page may reach (page * page_size), as Elasticsearch's index.max_result_window:
# beyond it an engine would have to collect and sort every hit before the page. Deeper goes by a
# cursor on an engine that has search_after positions (Elasticsearch); the embedded engine refuses.
MAX_RESULT_WINDOW = 10_000
# Bound of the volume range: more than any population, and within every engine's 64-bit integers.
MAX_INDIVIDUALS = 10**12
FilterValue = Annotated[Line, Field(min_length=1, max_length=100)]


class SearchQuery(BaseModel):
    """One search request: text, facet filters and exclusions, ranges, sort, page.

    An engine serves the sort it is given. What a door's default `relevance` means without text
    (newest first) is the domain's rule, catalogue.discovery.service.sort_for, applied before an
    engine is asked."""

    model_config = ConfigDict(extra="forbid")

    q: Annotated[Text, Field(max_length=500)] = ""
    lang: Literal["fr", "en"] = "fr"
    filters: dict[Facet, Annotated[list[FilterValue], Field(max_length=100)]] = {}
    # Values a hit must not have (CKAN's `-field:value`); they restrict hits and every facet count.
    exclude: dict[Facet, Annotated[list[FilterValue], Field(max_length=100)]] = {}
    # Values a hit is ranked higher for, never required: what the words name as a kind of data ("a
    # registry", "imaging") without the user having chosen a filter (search/understanding.py).
    prefer: dict[Facet, Annotated[list[FilterValue], Field(max_length=100)]] = {}
    individuals_min: Annotated[int, Field(ge=0, le=MAX_INDIVIDUALS)] | None = None
    individuals_max: Annotated[int, Field(ge=0, le=MAX_INDIVIDUALS)] | None = None
    # Population ages overlap [age_min, age_max]; a description with no bound is open on that side.
    age_min: Annotated[int, Field(ge=0, le=150)] | None = None
    age_max: Annotated[int, Field(ge=0, le=150)] | None = None
    # Temporal coverage overlaps [covers_from, covers_to]; an ongoing description has no end.
    covers_from: dt.date | None = None
    covers_to: dt.date | None = None
    sort: Sort = "relevance"
    # Read the constraints the text states (access terms, places, ages, periods) as filters; see
    # search/understanding.py. Off: the text is only matched (a removed "understood" chip).
    # (Kinds of data named in the words become preferences, `prefer`, not filters.)
    understand: bool = True
    page_size: Annotated[int, Field(ge=0, le=100)] = 20
    # page * page_size <= MAX_RESULT_WINDOW (checked below: page_size is validated first).
    page: Annotated[int, Field(ge=1, le=MAX_RESULT_WINDOW)] = 1
    facets: list[Facet] = list(FACETS)
    facet_limit: Annotated[int, Field(ge=1, le=500)] = 50
    # Deep pagination: SearchPage.next_cursor of the previous page; the page then starts right
    # after that one's last hit and `page` is ignored. Signed by the engine that made it (see
    # search/cursors.py), which refuses it for another q, filters, ranges or sort.
    cursor: Annotated[str, Field(max_length=2000, pattern=r"^[A-Za-z0-9_.\-]+$")] | None = None

    @field_validator("page")
    @classmethod
    def _within_window(cls, page: int, info: ValidationInfo) -> int:
        size = info.data.get("page_size")
        if size is not None and page * size > MAX_RESULT_WINDOW:
            raise ValueError(f"page * page_size must not exceed {MAX_RESULT_WINDOW} "
                             f"(the deepest page here is {MAX_RESULT_WINDOW // max(size, 1)}); "
                             "narrow the search with filters, or follow next_cursor")
        return page

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


class Understood(BaseModel):
    """A constraint read in the query's text and applied (a removable chip on the search page)."""

    facet: str = Field(description="a facet path, or a range: age_min, age_max, covers_from, covers_to")
    value: str = Field(description="the values applied, comma-separated")
    from_text: str = Field(description="the words of the query it was read from (folded)")
    effect: Literal["filter", "prefer"] = Field(
        "filter", description="filter: hits must have one of the values; prefer: hits with one rank higher "
                              "(a kind of data named in the words), the others stay")


class SearchPage(BaseModel):
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = {}
    understood: list[Understood] = []
    # The query with its words found nowhere corrected, when it finds clearly more (search/spelling.py).
    did_you_mean: str | None = None
    # Pass as SearchQuery.cursor for the hits after this page; None when there are none.
    next_cursor: str | None = None


class Suggestion(BaseModel):
    id: str
    title: dict[str, str]
