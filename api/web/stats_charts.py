"""The statistics page's bar charts, drawn on the server as inline SVG (no JavaScript, no inline style),
the same way as a description's figures (api/web/figures.py): only the geometry is computed here, in the
units of the SVG's viewBox; the words and formatted numbers come from the page's Translator, and the
template writes each chart again as a data table next to it."""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.stats.figures import Bar

WIDTH = 400  # viewBox width; the chart scales to its column (site.css: svg.chart)
MARGIN = 12
ROW = 34  # the height of one bar with its label above it
LABEL_MAX = 36  # a longer name is cut in the chart (its description and the table next to it have it whole)


@dataclass(frozen=True)
class DrawnBar:
    label: str  # the bar's words, with its value
    y: float  # top of the label's line
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[DrawnBar]
    span: float  # the drawable width (the track behind each bar)
    height: int


def short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 1].rstrip() + "…"


def bar_chart(bars: list[Bar], labels: list[str]) -> BarChart | None:
    """Horizontal bars, the longest filling the width, each under its label (`labels`, already worded
    with their values, names cut with `short`); None when there is nothing to draw (no bar, or every value zero)."""
    top = max((float(b.value) for b in bars), default=0.0)
    if top <= 0:
        return None
    span = WIDTH - 2 * MARGIN
    drawn = [DrawnBar(label, 4 + ROW * i, round(span * max(float(bar.value), 0.0) / top, 1))
             for i, (bar, label) in enumerate(zip(bars, labels, strict=True))]
    return BarChart(bars=drawn, span=span, height=8 + ROW * len(drawn))
