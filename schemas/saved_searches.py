"""API payloads of saved searches: a search a signed-in user keeps, with alerts on new matches."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.search import SearchQuery
from schemas.text import Line

Delivery = Literal["immediate", "daily"]
# The SearchQuery fields that decide which descriptions a search finds; the rest (sort, page, facets,
# cursor) only shape one page of it, and are not kept.
DEFINING_FIELDS: tuple[str, ...] = (
    "q", "lang", "filters", "exclude", "individuals_min", "individuals_max", "age_min", "age_max",
    "covers_from", "covers_to", "understand",
)


def defining(query: SearchQuery) -> dict[str, Any]:
    """What is stored of a query: its result-set fields, as JSON, only those that differ from the defaults."""
    return query.model_dump(mode="json", include=set(DEFINING_FIELDS), exclude_defaults=True)


class SavedSearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[Line, Field(min_length=1, max_length=120)]
    delivery: Delivery = "immediate"
    # Validated as any search; only DEFINING_FIELDS are kept. (Not named `query`: error paths drop a leading
    # `query`, the location of URL parameters, so the fields at fault would lose their prefix.)
    search: SearchQuery


class SavedSearchOut(BaseModel):
    id: int
    name: str
    delivery: Delivery
    search: dict[str, Any] = Field(description="the search's text, filters and ranges (SearchQuery fields)")
    alerts: bool = Field(description="false once unsubscribed: the search stays, no alert is sent")
    created_at: dt.datetime


class UnsubscribedOut(BaseModel):
    name: str
    alerts: bool
