"""The statistics for cluster and governance staff: every figure of the registry (figures.py), one
figure by name, a figure as CSV, and the retention of recorded searches. Never commits."""

from __future__ import annotations

import datetime as dt
import io

from catalogue.errors import ValidationFailed
from catalogue.principal import Principal
from catalogue.spreadsheet import csvsafe
from catalogue.stats import policies
from catalogue.stats import repository as repo
from catalogue.stats.errors import UnknownFigure
from catalogue.stats.figures import FIGURES, Figure, Table
from catalogue.uow import UnitOfWork

MAX_DAYS = 36500  # a hundred years: any longer retention is a typing error


def _figure(name: str) -> Figure:
    for figure in FIGURES:
        if figure.name == name:
            return figure
    raise UnknownFigure(f"no figure named '{name}'", details=[{
        "field": "figure", "message": f"must be one of {', '.join(f.name for f in FIGURES)}"}])


def all_figures(uow: UnitOfWork, actor: Principal) -> list[Table]:
    policies.read_stats(actor)
    return [Table(figure, figure.rows(uow.session)) for figure in FIGURES]


def figure(uow: UnitOfWork, actor: Principal, name: str) -> Table:
    policies.read_stats(actor)
    found = _figure(name)
    return Table(found, found.rows(uow.session))


def csv_text(table: Table) -> str:
    """A figure as CSV: its columns' names, then its rows (no value as the empty cell; texts a
    spreadsheet would evaluate neutralised, see catalogue/spreadsheet/csvsafe.py). UTF-8 with a BOM."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow(table.columns)
    writer.writerows(("" if cell is None else cell for cell in row) for row in table.rows)
    return out.getvalue()


def prune(uow: UnitOfWork, actor: Principal, older_than_days: int, today: dt.date | None = None) -> int:
    """Delete the searches recorded more than `older_than_days` days ago; returns how many."""
    policies.prune_searches(actor)
    if not 0 <= older_than_days <= MAX_DAYS:
        raise ValidationFailed(f"older_than_days must be between 0 and {MAX_DAYS}", details=[
            {"field": "older_than_days", "message": f"between 0 and {MAX_DAYS}"}])
    day = today or dt.datetime.now(dt.UTC).date()
    return repo.prune(uow.session, day - dt.timedelta(days=older_than_days))
