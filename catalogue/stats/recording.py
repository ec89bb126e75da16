"""Recording searches for the statistics, without saying who searched.

Every door that runs a search (REST /api/v1/search, the web /search page) asks `record` after the
engine answered, in a unit of work of its own: the search's answer never waits on nor fails with it.
A page after the first (or a cursor) is the same search read further, so only the first page counts;
browsing without text, filter or range is not a search for anything and is not kept.
"""

from __future__ import annotations

import datetime as dt

from catalogue.stats import repository as repo
from catalogue.stats.models import TEXT_MAX, VALUE_MAX, SearchFilter, SearchRecord
from catalogue.uow import UnitOfWork
from schemas.search import SearchQuery

RANGES = ("individuals_min", "individuals_max", "age_min", "age_max", "covers_from", "covers_to")
MAX_FILTERS = 50  # a crafted query naming more values is kept with its first fifty


def normalised(text: str) -> str:
    """The text as counted: trimmed, spaces collapsed, lower case, at most TEXT_MAX characters."""
    return " ".join(text.split()).lower()[:TEXT_MAX].strip()


def iso_week(day: dt.date) -> str:
    """"2026-W49": the ISO year and week of a day (weeks start on Monday; 29 Dec 2025 is 2026-W01)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def filters_of(query: SearchQuery) -> list[tuple[str, str, str]]:
    """(kind, facet, value) of each filter, exclusion and range the query used, without repeats."""
    used = [("filter", facet, value) for facet, values in query.filters.items() for value in values]
    used += [("exclude", facet, value) for facet, values in query.exclude.items() for value in values]
    used += [("range", name, str(value)) for name in RANGES if (value := getattr(query, name)) is not None]
    kept = dict.fromkeys((kind, facet, value[:VALUE_MAX]) for kind, facet, value in used)
    return list(kept)[:MAX_FILTERS]


def worth_recording(query: SearchQuery) -> bool:
    """A first page that searches for something (text, a filter or a range): browsing is not counted."""
    return query.page == 1 and query.cursor is None and bool(normalised(query.q) or filters_of(query))


def record(uow: UnitOfWork, query: SearchQuery, results: int, today: dt.date | None = None) -> None:
    """Keep one search (see the module); the caller's unit of work commits it. Never commits."""
    if not worth_recording(query):
        return
    day = today or dt.datetime.now(dt.UTC).date()
    row = SearchRecord(searched_on=day, week=iso_week(day), lang=query.lang, text=normalised(query.q),
                       results=max(0, results))
    row.filters = [SearchFilter(kind=kind, facet=facet, value=value) for kind, facet, value in filters_of(query)]
    repo.add(uow.session, row)
