"""REST v1: the statistics for governance staff and platform admins (figures as JSON, each as CSV)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.deps import UowDep, UserDep
from catalogue.stats import service as stats
from catalogue.stats.figures import Table
from schemas.stats import FigureOut, StatsOut

router = APIRouter(prefix="/api/v1/stats", tags=["statistics"])
FigureName = Annotated[str, Path(pattern="^[a-z_]{1,60}$", description="a figure's name, as listed by /api/v1/stats")]
CSV = {200: {"description": "The figure as CSV (UTF-8 with a BOM; a header row of column names)",
             "content": {"text/csv": {"schema": {"type": "string"}}}}}


def figure_out(table: Table) -> FigureOut:
    return FigureOut(name=table.name, columns=list(table.columns), rows=table.records())


@router.get("", response_model=StatsOut)
def all_figures(uow: UowDep, actor: UserDep) -> StatsOut:
    """Every figure: searches per week and those that found nothing (texts, no one named), the most
    searched themes and facets, enquiries → filed requests → decisions with median days per producer
    and overall, and the outcomes of requests. Governance staff and platform admins only."""
    return StatsOut(figures=[figure_out(t) for t in stats.all_figures(uow, actor)])


@router.get("/{figure}.csv", response_class=Response, responses=CSV)  # type: ignore[arg-type]
def figure_csv(figure: FigureName, uow: UowDep, actor: UserDep) -> Response:
    """One figure as a CSV file; a cell a spreadsheet would read as a formula (= + - @) starts with '."""
    table = stats.figure(uow, actor, figure)
    return Response(stats.csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{table.name}.csv"'})


@router.get("/{figure}", response_model=FigureOut)
def one_figure(figure: FigureName, uow: UowDep, actor: UserDep) -> FigureOut:
    """One figure by name."""
    return figure_out(stats.figure(uow, actor, figure))
