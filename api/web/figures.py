"""The small figures of a description page, drawn on the server as inline SVG (no JavaScript, no inline style).

Only the geometry is computed here, in the units of the SVG's viewBox; the words and the formatted
numbers come from the page's Translator in the template (`dataset_figures.html`), which also writes
every figure again as text for those who do not see it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

WIDTH = 400  # viewBox width; the figure scales to its column (site.css: svg.figure)
MARGIN = 12  # room left and right for the first and last tick labels
MIN_YEARS = 5  # a short coverage is drawn on at least five years, so that its length reads as short
YEAR_STEPS = (1, 2, 5, 10, 20, 50)
DECADES = 10  # the volume axis runs from 1 to 10^10 (ten billion), log scale: the catalogue's range and more
TICKS = (0, 3, 6, 9)  # decades labelled: 1, a thousand, a million, a billion
VOLUME_KEYS = ("individuals", "records")


@dataclass(frozen=True)
class Tick:
    x: float
    label: int  # a year, or a power of ten


@dataclass(frozen=True)
class Timeline:
    """A coverage bar from `x0` to `x1` on an axis of years ending with the current year."""

    start: dt.date
    end: dt.date | None  # None: ongoing (the bar runs to today)
    today: dt.date
    x0: float
    x1: float
    today_x: float
    ticks: list[Tick]


@dataclass(frozen=True)
class Bar:
    key: str  # individuals, records
    value: int
    width: float


@dataclass(frozen=True)
class VolumeFigure:
    bars: list[Bar]
    ticks: list[Tick]
    span: float  # the drawable width of the axis


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def timeline(coverage: dict[str, Any] | None, today: dt.date | None = None) -> Timeline | None:
    """The coverage drawn on an axis from its first year to the end of the current year (or of its
    end, when that is later): how long it runs and how recent it is. None without a readable start."""
    today = today or dt.date.today()
    start = _day((coverage or {}).get("start"))
    if start is None:
        return None
    end = _day((coverage or {}).get("end"))
    last_year = max(today.year, end.year if end else today.year, start.year)
    lo = dt.date(min(start.year, last_year + 1 - MIN_YEARS), 1, 1)
    hi = dt.date(last_year + 1, 1, 1)

    def x(day: dt.date) -> float:
        return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - lo).days / (hi - lo).days, 1)

    return Timeline(start=start, end=end, today=today, x0=x(start), x1=x(end or max(today, start)),
                    today_x=x(min(today, hi)), ticks=[Tick(x(dt.date(year, 1, 1)), year)
                                                      for year in _years(lo.year, hi.year)])


def _years(first: int, stop: int) -> list[int]:
    """Round years between `first` and `stop` (included), at most six of them."""
    step = next((s for s in YEAR_STEPS if (stop - first) / s <= 6), YEAR_STEPS[-1])
    return [year for year in range(first, stop + 1) if year % step == 0] or [first]


def volume(counts: dict[str, Any] | None) -> VolumeFigure | None:
    """Individuals and records as bars on a log scale from 1 to 10^10 (a count above is drawn full);
    None when the description gives neither."""
    span = WIDTH - 2 * MARGIN
    bars = [Bar(key, int(value), round(span * min(math.log10(int(value) + 1), DECADES) / DECADES, 1))
            for key in VOLUME_KEYS
            if isinstance(value := (counts or {}).get(key), int) and not isinstance(value, bool) and value >= 0]
    if not bars:
        return None
    return VolumeFigure(bars=bars, span=span,
                        ticks=[Tick(round(MARGIN + span * power / DECADES, 1), power) for power in TICKS])
