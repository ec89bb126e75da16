"""CLI: harvest CKAN portals and read the record of past runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from catalogue.cli.context import console, container, err_console

if TYPE_CHECKING:
    from catalogue.harvest.models import HarvestRun

app = typer.Typer(help="Harvest descriptions from other catalogues.", no_args_is_help=True)


def _summary(run: HarvestRun) -> str:
    return (f"run {run.id} {run.status}: seen {run.seen}, created {run.created}, updated {run.updated}, "
            f"unchanged {run.unchanged}, failed {run.failed}, no longer listed {run.withdrawn}")


def _report(run: HarvestRun, verbose: bool) -> None:
    for error in run.errors:
        err_console.print(f"[red]{error['package']}[/red]: {error['message']}")
    kept = [n for n in run.notes if n["unmapped"]]
    if kept:
        err_console.print(f"[yellow]{len(kept)} packages carry fields the mapping could not place; they are kept "
                          f"with the harvested item[/yellow] (`catalogue harvest show {run.id}`)")
    if verbose:
        for note in run.notes:
            console.print(f"{note['package']} -> {note['dataset_id']}: "
                          f"defaulted {', '.join(note['defaulted']) or '-'}; kept {', '.join(note['unmapped']) or '-'}")
    if run.message:
        err_console.print(f"[red]{run.message}[/red]")


@app.command("ckan")
def harvest_ckan(url: Annotated[str, typer.Argument(help="the portal's address, e.g. https://demo.ckan.org")],
                 organization: Annotated[str | None, typer.Option(help="only this organization's packages")] = None,
                 query: Annotated[str | None, typer.Option(help="only packages matching this search (q)")] = None,
                 publish: Annotated[bool, typer.Option(help="publish what is harvested (--draft: keep drafts)")] = True,
                 lang: Annotated[str, typer.Option(help="language of the portal's untranslated text")] = "fr",
                 country: Annotated[str, typer.Option(help="producer country when a package does not say")] = "FR",
                 verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                                       help="list defaults and kept fields")] = False,
                 ) -> None:
    """Harvest a CKAN portal: only what changed since the last run; every run is recorded."""
    from catalogue.harvest.ckan_source import CkanSource
    from catalogue.harvest.runner import run_harvest
    from catalogue.harvest.service import HarvestOptions
    from catalogue.principal import SYSTEM

    options = HarvestOptions(organization=organization, query=query, publish=publish, lang=lang, country=country)
    with container() as c, console.status(f"harvesting {url}") as status:
        run = run_harvest(c.uow, SYSTEM, CkanSource(url, organization=organization, query=query), options,
                          progress=lambda name, outcome: status.update(f"harvesting {url}: {name} {outcome}"))
    _report(run, verbose)
    console.print(_summary(run))
    if run.status == "failed":
        raise typer.Exit(1)


@app.command("runs")
def list_runs(source: Annotated[str | None, typer.Option(help="only runs of this source URL")] = None,
              limit: Annotated[int, typer.Option(min=1, max=1000)] = 20) -> None:
    """The recorded harvest runs, newest first."""
    from catalogue.harvest import repository as repo

    with container() as c, c.uow() as uow:
        table = Table("id", "source", "started", "status", "created", "updated", "unchanged", "failed")
        for run in repo.runs(uow.session, source, limit):
            table.add_row(str(run.id), run.source_url, run.started_at.isoformat(timespec="seconds"), run.status,
                          str(run.created), str(run.updated), str(run.unchanged), str(run.failed))
        console.print(table)


@app.command("show")
def show_run(run_id: int) -> None:
    """One run: its counts, the error of each failed package, the defaults and kept fields of each package."""
    from catalogue.harvest import repository as repo

    with container() as c, c.uow() as uow:
        run = repo.run(uow.session, run_id)
        if run is None:
            err_console.print(f"[red]no harvest run {run_id}[/red]")
            raise typer.Exit(1)
        console.print(_summary(run))
        _report(run, verbose=True)
