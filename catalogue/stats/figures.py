"""The figures of the statistics page, as a registry: each figure is a name, its columns, a function
reading its rows from the database, and how to draw it as bars. Every front door (REST JSON and CSV,
the web page, the CLI) walks FIGURES and knows nothing of any one figure.

Adding a figure is one `Figure(...)` appended to FIGURES (by another feature's module too, through
`register`): its rows come from a function of a Session (its SQL in that feature's repository), its
columns are stable machine names (the CSV header, the JSON keys; the web page words them with the
message `stats.column.<name>`, its title and description with `stats.figure.<name>.title`/`.desc`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from catalogue.db import as_utc
from catalogue.stats import repository as repo

Cell = str | int | float | None
Row = tuple[Cell, ...]
# How a bar's name is worded on the page: as stored, as an ISO week, a facet's or a health category's
# label, a producer (None: all producers), or the name of a column.
LabelKind = Literal["text", "week", "facet", "theme", "producer", "column"]
WEEKS = 26  # the searches of the last 26 weeks that have any
TOP = 30  # the most searched texts and themes listed
OUTCOMES = ("approved", "approved_with_conditions", "rejected", "withdrawn", "expired")


@dataclass(frozen=True)
class Bar:
    label: Cell
    value: int | float


@dataclass(frozen=True)
class Chart:
    labels: LabelKind
    bars: Callable[[Sequence[str], list[Row]], list[Bar]]


@dataclass(frozen=True)
class Figure:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Session], list[Row]]
    chart: Chart


@dataclass(frozen=True)
class Table:
    """A figure computed: its rows under its columns, and its bars."""

    figure: Figure
    rows: list[Row]

    @property
    def name(self) -> str:
        return self.figure.name

    @property
    def columns(self) -> tuple[str, ...]:
        return self.figure.columns

    @property
    def bars(self) -> list[Bar]:
        return self.figure.chart.bars(self.columns, self.rows)

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def by_row(label: str, value: str, kind: LabelKind) -> Chart:
    """A bar per row: named by one column, as long as another."""
    def bars(columns: Sequence[str], rows: list[Row]) -> list[Bar]:
        at, of = columns.index(label), columns.index(value)
        return [Bar(row[at], row[of] or 0) for row in rows]  # type: ignore[arg-type]
    return Chart(kind, bars)


def across(names: tuple[str, ...]) -> Chart:
    """A bar per column, read on the first row (the figure's overall row)."""
    def bars(columns: Sequence[str], rows: list[Row]) -> list[Bar]:
        first = rows[0] if rows else (0,) * len(columns)
        return [Bar(name, first[columns.index(name)] or 0) for name in names]  # type: ignore[arg-type]
    return Chart("column", bars)


# -- searches -------------------------------------------------------------------------------------

def _weeks(session: Session) -> list[Row]:
    return list(repo.weeks(session, WEEKS))


def _found_nothing(session: Session) -> list[Row]:
    return list(repo.failed_texts(session, TOP))


def _themes(session: Session) -> list[Row]:
    return list(repo.themes(session, TOP))


def _facets(session: Session) -> list[Row]:
    return list(repo.facets(session))


# -- enquiries, requests, decisions ---------------------------------------------------------------

def _days(start: dt.datetime, end: dt.datetime) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds() / 86400


def _median(values: list[float]) -> float | None:
    """The median in days to a tenth (the mean of the two middle values for an even count); None without."""
    return round(statistics.median(values), 1) if values else None


@dataclass
class _Funnel:
    requests: set[int]
    enquired: list[float]
    decided: list[float]
    states: dict[int, str]


def _funnel_groups(session: Session) -> dict[str | None, _Funnel]:
    """The filed requests by producer (None: all of them, each request once, its earliest enquiry)."""
    groups: dict[str | None, _Funnel] = defaultdict(lambda: _Funnel(set(), [], [], {}))
    first: dict[int, tuple[dt.datetime, dt.datetime | None, dt.datetime | None, str]] = {}
    for rid, org, status, submitted, decided, enquired in repo.filed(session):
        _count(groups[org], rid, status, submitted, decided, enquired)
        _, _, earliest, _ = first.get(rid, (submitted, decided, None, status))
        if enquired is not None and (earliest is None or as_utc(enquired) < as_utc(earliest)):
            earliest = enquired
        first[rid] = (submitted, decided, earliest, status)
    overall = groups[None]
    for rid, (submitted, decided, enquired, status) in first.items():
        _count(overall, rid, status, submitted, decided, enquired)
    return groups


def _count(group: _Funnel, rid: int, status: str, submitted: dt.datetime, decided: dt.datetime | None,
           enquired: dt.datetime | None) -> None:
    group.requests.add(rid)
    group.states[rid] = status
    if enquired is not None:
        group.enquired.append(_days(enquired, submitted))
    if decided is not None:
        group.decided.append(_days(submitted, decided))


def _producers(groups: dict[str | None, _Funnel], more: dict[str, int]) -> list[str | None]:
    """The overall row first, then each producer by id."""
    return [None, *sorted({key for key in groups if key is not None} | set(more))]


def _funnel(session: Session) -> list[Row]:
    groups, enquiries = _funnel_groups(session), repo.enquiries_per_producer(session)
    rows: list[Row] = []
    for org in _producers(groups, enquiries):
        group = groups[org]
        asked = sum(enquiries.values()) if org is None else enquiries.get(org, 0)
        rows.append((org, asked, len(group.requests), len(group.decided),
                     _median(group.enquired), _median(group.decided)))
    return rows


def _outcomes(session: Session) -> list[Row]:
    groups = _funnel_groups(session)
    rows: list[Row] = []
    for org in _producers(groups, {}):
        states = list(groups[org].states.values())
        rows.append((org, *(states.count(outcome) for outcome in OUTCOMES)))
    return rows


FIGURES: list[Figure] = [
    Figure("searches_per_week", ("week", "searches", "with_text", "found_nothing"), _weeks,
           by_row("week", "found_nothing", "week")),
    Figure("found_nothing", ("text", "searches", "last_week"), _found_nothing, by_row("text", "searches", "text")),
    Figure("themes", ("theme", "searches"), _themes, by_row("theme", "searches", "theme")),
    Figure("facets", ("facet", "searches"), _facets, by_row("facet", "searches", "facet")),
    Figure("funnel", ("producer", "enquiries", "requests_filed", "decisions", "median_days_to_request",
                      "median_days_to_decision"), _funnel, across(("enquiries", "requests_filed", "decisions"))),
    Figure("outcomes", ("producer", *OUTCOMES), _outcomes, across(OUTCOMES)),
]


def register(figure: Figure) -> None:
    """Add a figure (a feature's own, e.g. needs by theme); its name must be new."""
    if any(f.name == figure.name for f in FIGURES):
        raise ValueError(f"figure '{figure.name}' is already registered")
    FIGURES.append(figure)


def names() -> list[str]:
    return [f.name for f in FIGURES]
