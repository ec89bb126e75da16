"""REST v1: full-text search with facets, filters and ranges; title suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ContainerDep
from catalogue.errors import ValidationFailed
from schemas.search import FACETS, SearchPage, SearchQuery, Sort, Suggestion

router = APIRouter(prefix="/api/v1", tags=["search"])


def parse_filters(values: list[str]) -> dict[str, list[str]]:
    """`field:value` pairs (dotted exchange-format paths) into SearchQuery.filters."""
    filters: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition(":")
        if not sep or not value:
            raise ValidationFailed(f"filter '{item}' must be 'field:value'",
                                   details=[{"field": "filter", "message": "expected field:value"}])
        if name not in FACETS:
            raise ValidationFailed(f"unknown filter field '{name}'",
                                   details=[{"field": "filter", "message": f"field must be one of {', '.join(FACETS)}"}])
        filters.setdefault(name, []).append(value)
    return filters


def run(container: ContainerDep, query: SearchQuery) -> SearchPage:
    """Without text there is no relevance: browse newest first unless another sort is asked."""
    if not query.q.strip() and query.sort == "relevance":
        query = query.model_copy(update={"sort": "newest"})
    return container.search.search(query)


@router.get("/search", response_model=SearchPage)
def search(container: ContainerDep,
           q: Annotated[str, Query(max_length=500)] = "",
           lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
           filter: Annotated[list[str], Query(description="facet filter 'field:value', repeatable")] = [],  # noqa: A002,B006
           individuals_min: int | None = None, individuals_max: int | None = None,
           age_min: int | None = None, age_max: int | None = None,
           covers_from: dt.date | None = None, covers_to: dt.date | None = None,
           sort: Sort = "relevance",
           page: Annotated[int, Query(ge=1, le=1000)] = 1,
           page_size: Annotated[int, Query(ge=0, le=100)] = 20,
           cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page (deep pagination)")] = None) -> SearchPage:
    """Search published descriptions (drafts are never indexed)."""
    query = SearchQuery(q=q, lang=lang, filters=parse_filters(filter), individuals_min=individuals_min,
                        individuals_max=individuals_max, age_min=age_min, age_max=age_max,
                        covers_from=covers_from, covers_to=covers_to, sort=sort, page=page, page_size=page_size,
                        cursor=cursor)
    return run(container, query)


@router.post("/search", response_model=SearchPage)
def search_post(query: SearchQuery, container: ContainerDep) -> SearchPage:
    """The same search with a JSON SearchQuery body."""
    return run(container, query)


@router.get("/suggest", response_model=list[Suggestion])
def suggest(container: ContainerDep, prefix: Annotated[str, Query(min_length=1, max_length=100)],
            limit: Annotated[int, Query(ge=1, le=20)] = 10) -> list[Suggestion]:
    return container.search.suggest(prefix, limit)
