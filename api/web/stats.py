"""The statistics page for governance staff and platform admins (`/governance/stats`): each figure of the
registry (catalogue/stats/figures.py) as a bar chart drawn on the server, its data table and a CSV link,
in the page's language; and each figure's CSV file for the signed-in staff (the REST export needs a token).

How a cell or a bar reads depends on its column's (or chart's) kind, not on the figure: a new figure
whose columns are named like these (week, producer, theme, facet, text) is worded without code here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Path, Request
from fastapi.responses import Response

from api.deps import UowDep
from api.web.deps import SignedInDep, web_router
from api.web.i18n import Translator, language_of
from api.web.render import SECURITY_HEADERS, render
from api.web.stats_charts import bar_chart, short
from catalogue.organisations import service as organisations
from catalogue.stats import service as stats
from catalogue.stats.figures import Cell, Table

router = web_router(prefix="/governance/stats")
FigureName = Annotated[str, Path(pattern="^[a-z_]{1,60}$")]
COLUMN_KINDS = {"week": "week", "last_week": "week", "producer": "producer", "theme": "theme", "facet": "facet",
                "text": "text"}


def _week(t: Translator, value: Cell) -> str:
    year, _, week = str(value).partition("-W")
    return t("stats.week", week=int(week), year=year) if week.isdecimal() else str(value)


def _facet(t: Translator, value: Cell) -> str:
    for key in (f"facet.{value}", f"stats.range.{value}"):
        if t.has(key):
            return t(key)
    return str(value)


def wording(t: Translator, names: dict[str, str]) -> Callable[[str, Cell], str]:
    """How a value of a kind reads on the page: weeks, producers' names, themes' and facets' labels,
    a column's name; numbers in the page's locale; no value as a dash."""
    def word(kind: str, value: Cell) -> str:
        if kind == "week":
            return _week(t, value)
        if kind == "producer":
            return t("stats.all_producers") if value is None else names.get(str(value), str(value))
        if kind == "theme":
            return t.label("health_category", value)
        if kind == "facet":
            return _facet(t, value)
        if kind == "column":
            return t(f"stats.column.{value}")
        if isinstance(value, int | float) and not isinstance(value, bool) or value is None:
            return t.number(value)
        return str(value)
    return word


def _producers(uow: UowDep, tables: list[Table]) -> dict[str, str]:
    ids = {str(row[i]) for table in tables for i, column in enumerate(table.columns) if column == "producer"
           for row in table.rows if row[i] is not None}
    return organisations.names_of(uow, sorted(ids))


def view(t: Translator, table: Table, word: Callable[[str, Cell], str]) -> dict[str, object]:
    """One figure as the template shows it: its header, its rows worded, its chart."""
    kinds = [COLUMN_KINDS.get(c, "number") for c in table.columns]
    bars = table.bars
    named = [(word(table.figure.chart.labels, b.label), word("number", b.value)) for b in bars]
    return {"name": table.name, "columns": [t(f"stats.column.{c}") for c in table.columns],
            "numeric": [k == "number" for k in kinds],
            "rows": [[word(k, cell) for k, cell in zip(kinds, row, strict=True)] for row in table.rows],
            "chart": bar_chart(bars, [t("stats.bar", label=short(name), value=value) for name, value in named]),
            "bar_labels": [t("stats.bar", label=name, value=value) for name, value in named]}


@router.get("")
def page(request: Request, uow: UowDep, actor: SignedInDep):
    tables = stats.all_figures(uow, actor)
    t = Translator(language_of(request))
    word = wording(t, _producers(uow, tables))
    return render(request, "stats.html", figures=[view(t, table, word) for table in tables])


@router.get("/{figure}.csv")
def figure_csv(figure: FigureName, uow: UowDep, actor: SignedInDep) -> Response:
    """The figure's CSV file, as the REST export writes it (column names, neutralised cells)."""
    table = stats.figure(uow, actor, figure)
    return Response(stats.csv_text(table), media_type="text/csv; charset=utf-8", headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{table.name}.csv"'})
