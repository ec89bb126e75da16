"""CLI: the statistics for cluster and governance staff (`catalogue stats show|export`) and the retention
of recorded searches (`catalogue stats prune --older-than DAYS`, e.g. daily from cron)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from catalogue.cli.context import console, container

app = typer.Typer(help="Statistics: searches, enquiries, requests and their outcomes.", no_args_is_help=True)
MAX_DAYS = 36500  # catalogue.stats.service.MAX_DAYS (not imported here: --help loads no engine)


def _cell(value: object) -> str:
    return "—" if value is None else escape(str(value))


@app.command("show")
def show(figure: Annotated[str | None, typer.Option(help="one figure by name (default: all)")] = None) -> None:
    """Print the figures as tables (names: searches_per_week, found_nothing, themes, facets, funnel, outcomes);
    a producer shown as — is the row of all producers."""
    from catalogue.principal import SYSTEM
    from catalogue.stats import service as stats

    with container() as c, c.uow() as uow:
        tables = [stats.figure(uow, SYSTEM, figure)] if figure else stats.all_figures(uow, SYSTEM)
        for table in tables:
            shown = Table(*table.columns, title=table.name, title_justify="left")
            for row in table.rows:
                shown.add_row(*(_cell(v) for v in row))
            console.print(shown)
            if not table.rows:
                console.print("nothing to count yet")


@app.command("export")
def export(figure: Annotated[str, typer.Argument(help="the figure's name (see `catalogue stats show`)")],
           output: Annotated[Path, typer.Option("-o", "--output", dir_okay=False, writable=True,
                                                help="the CSV file to write")]) -> None:
    """Write one figure as CSV (as GET /api/v1/stats/{figure}.csv: UTF-8 with a BOM, formulas neutralised)."""
    from catalogue.principal import SYSTEM
    from catalogue.stats import service as stats

    with container() as c, c.uow() as uow:
        table = stats.figure(uow, SYSTEM, figure)
        output.write_text(stats.csv_text(table), encoding="utf-8")
    console.print(f"{table.name}: {len(table.rows)} rows written to {escape(str(output))}", soft_wrap=True)


@app.command("prune")
def prune(older_than: Annotated[int, typer.Option("--older-than", min=0, max=MAX_DAYS, metavar="DAYS",
                                                  help="delete searches recorded more than DAYS days ago")]) -> None:
    """Delete the searches recorded more than DAYS days ago (their text and filters): the retention of the
    search statistics."""
    from catalogue.principal import SYSTEM
    from catalogue.stats import service as stats

    with container() as c, c.uow() as uow:
        deleted = stats.prune(uow, SYSTEM, older_than)
        uow.commit()
    console.print(f"{deleted} recorded searches deleted (older than {older_than} days)")
