"""REST v1: full-text search with facets, filters and ranges; title suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ContainerDep, UowDep
from api.search_record import record_search
from catalogue.discovery import service as discovery
from catalogue.errors import ValidationFailed
from schemas.search import FACETS, MAX_INDIVIDUALS, MAX_RESULT_WINDOW, SearchPage, SearchQuery, Sort, Suggestion
from search.cursors import InvalidCursor

router = APIRouter(prefix="/api/v1", tags=["search"])
Count = Annotated[int | None, Query(ge=0, le=MAX_INDIVIDUALS)]
Age = Annotated[int | None, Query(ge=0, le=150)]


def parse_filters(values: list[str], field: str = "filter") -> dict[str, list[str]]:
    """`field:value` pairs (dotted exchange-format paths) into SearchQuery.filters (or .exclude)."""
    filters: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition(":")
        if not sep or not value:
            raise ValidationFailed(f"{field} '{item}' must be 'field:value'",
                                   details=[{"field": field, "message": "expected field:value"}])
        if name not in FACETS:
            raise ValidationFailed(f"unknown {field} field '{name}'",
                                   details=[{"field": field, "message": f"field must be one of {', '.join(FACETS)}"}])
        filters.setdefault(name, []).append(value)
    return filters


def run(container: ContainerDep, uow: UowDep, query: SearchQuery) -> SearchPage:
    """The catalogue's search (which decides the sort left open); a cursor the engine refuses (forged,
    of another search, too deep) names its field. The search is recorded for the statistics (no one named)."""
    try:
        page = discovery.search(uow, container.search, query).page
    except InvalidCursor as exc:
        raise ValidationFailed(str(exc), details=[{"field": exc.field, "message": str(exc)}]) from None
    record_search(container, query, page.total)  # before anything reads this request's transaction
    return page


@router.get("/search", response_model=SearchPage)
def search(container: ContainerDep, uow: UowDep,
           q: Annotated[str, Query(max_length=500)] = "",
           lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
           filter: Annotated[list[str], Query(description="facet filter 'field:value', repeatable")] = [],  # noqa: A002,B006
           exclude: Annotated[list[str], Query(description="excluded facet value 'field:value', repeatable")] = [],  # noqa: B006
           prefer: Annotated[list[str], Query(description="preferred facet value 'field:value', repeatable: hits "
                                                          "with one rank higher, none is left out")] = [],  # noqa: B006
           individuals_min: Count = None, individuals_max: Count = None,
           age_min: Age = None, age_max: Age = None,
           covers_from: dt.date | None = None, covers_to: dt.date | None = None,
           sort: Sort = discovery.DEFAULT_SORT,
           understand: Annotated[bool, Query(description="read constraints written in q (access terms, places, "
                                                         "ages, periods) as filters, kinds of data as preferences; "
                                                         "see `understood`")] = True,
           page: Annotated[int, Query(ge=1, le=MAX_RESULT_WINDOW,
                                      description=f"page * page_size <= {MAX_RESULT_WINDOW}")] = 1,
           page_size: Annotated[int, Query(ge=0, le=100)] = 20,
           cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page "
                                                                            "(deep pagination)")] = None) -> SearchPage:
    """Search published descriptions (drafts are never indexed). Without text, newest first. Constraints
    written in q ("open data", "accessible aux startups", "en Bretagne", "moins de 18 ans", "depuis 2015")
    are applied as filters and listed in `understood`, unless `understand=false`; kinds of data it names ("registre",
    "imaging") are preferred (`prefer`), not required."""
    query = SearchQuery(q=q, lang=lang, filters=parse_filters(filter), exclude=parse_filters(exclude, "exclude"),
                        prefer=parse_filters(prefer, "prefer"),
                        individuals_min=individuals_min, individuals_max=individuals_max, age_min=age_min,
                        age_max=age_max, covers_from=covers_from, covers_to=covers_to, sort=sort,
                        understand=understand, page=page, page_size=page_size, cursor=cursor)
    return run(container, uow, query)


@router.post("/search", response_model=SearchPage)
def search_post(query: SearchQuery, container: ContainerDep, uow: UowDep) -> SearchPage:
    """The same search with a JSON SearchQuery body."""
    return run(container, uow, query)


@router.get("/suggest", response_model=list[Suggestion])
def suggest(container: ContainerDep, prefix: Annotated[str, Query(min_length=1, max_length=100)],
            limit: Annotated[int, Query(ge=1, le=20)] = 10) -> list[Suggestion]:
    return container.search.suggest(prefix, limit)
