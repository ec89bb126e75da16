"""The `catalogue` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from catalogue.cli import admin, harvest
from catalogue.cli.audit import trail
from catalogue.cli.governance import governance
from catalogue.cli.invite import app as invite_app
from catalogue.cli.outbox import app as outbox_app
from catalogue.cli.needs import app as needs_app
from catalogue.cli.saved_searches import app as saved_searches_app
from catalogue.cli.sessions import app as sessions_app
from catalogue.cli.stats import app as stats_app
from catalogue.cli.context import console, container, err_console

app = typer.Typer(help="MeetMyData health-data catalogue.", no_args_is_help=True, add_completion=False)
app.add_typer(admin.users, name="users")
app.add_typer(admin.orgs, name="orgs")
app.add_typer(harvest.app, name="harvest")
app.add_typer(governance, name="governance")
app.add_typer(trail, name="audit")
app.add_typer(outbox_app, name="outbox")
app.add_typer(saved_searches_app, name="saved-searches")
app.add_typer(invite_app, name="invite")
app.add_typer(needs_app, name="needs")
app.add_typer(sessions_app, name="sessions")
app.add_typer(stats_app, name="stats")


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="default: CATALOGUE_HOST")] = None,
          port: Annotated[int | None, typer.Option(help="default: CATALOGUE_PORT")] = None,
          workers: Annotated[int, typer.Option(min=1, max=64, help=(
              "server processes sharing the port (default 1); they share the database and the search index, "
              "as the CLI does"))] = 1) -> None:
    """Run the web server (API, docs at /docs).

    The CLI sits beside the REST and web adapters, not above them: it names the app factory by its import string
    (uvicorn imports it and calls it with no argument) instead of importing `api`, so the domain package never
    imports its adapters (the layer contract in pyproject.toml). The app then reads the same settings, from the
    same environment, at start-up; they are read here first too, for the default host and port and so that bad
    settings are refused before the server starts.
    """
    import uvicorn

    from catalogue.settings import load_settings

    settings = load_settings()
    if workers > 1:  # migrate once, here, rather than in every process at once
        from catalogue.bootstrap import bootstrap

        bootstrap(settings).close()
        if settings.throttle_storage.startswith("memory"):
            err_console.print(f"[yellow]{workers} processes each count sign-in failures in memory: set "
                              "CATALOGUE_THROTTLE_STORAGE to a shared storage (e.g. redis://host:6379) so that "
                              "they share the counters[/yellow]", soft_wrap=True, highlight=False)
    uvicorn.run("api.app:serving_app", factory=True, host=host or settings.host, port=port or settings.port,
                workers=workers)


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                                 help="JSON lines (.jsonl), the template (.xlsx, .csv), "
                                                      "or HealthDCAT-AP RDF (.ttl, .rdf, .jsonld)")],
            publish: Annotated[bool, typer.Option(help="publish what is imported (default: drafts)")] = False) -> None:
    """Import descriptions; creates the producer organisations they name. Bad lines (rows) are reported."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from catalogue import imports
    from catalogue.datasets.importer import import_lines
    from catalogue.principal import SYSTEM
    from schemas.errors import summary

    lines, notes = imports.read(file)
    for note in notes:
        err_console.print(f"[yellow]{escape(note)}[/yellow]", soft_wrap=True, highlight=False)
    with container() as c, Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("import", total=len(lines))
        report = import_lines(c.uow, SYSTEM, lines, publish=publish,
                              progress=lambda n: bar.update(task, completed=n))
        pending = c.last_drain.pending
    for error in report.errors:
        ident = f" ({error.id})" if error.id else ""
        reason = summary(error.fields, limit=len(error.fields)) if error.fields else error.message
        err_console.print(f"[red]{escape(str(file))}:{error.line}[/red]{escape(ident)}: {escape(reason)}",
                          soft_wrap=True, highlight=False)
    for ident, fields in report.held.items():
        err_console.print(f"[yellow]{escape(ident)}: kept as a draft, publishing needs {escape(', '.join(fields))}"
                          "[/yellow]", soft_wrap=True, highlight=False)
    console.print(
        f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
        f"published {report.published}, failed {report.failed}; "
        f"new organisations: {len(report.organisations_created)}",
        soft_wrap=True,
    )
    if pending:
        err_console.print(f"[yellow]search is behind by {pending} changes; the server or "
                          "`catalogue reindex` will catch up[/yellow]")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def export(output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default: stdout)")] = None,
           all_: Annotated[bool, typer.Option("--all", help="include drafts and archived")] = False) -> None:
    """Export descriptions as exchange-format JSON lines (published ones by default)."""
    from catalogue.datasets import service as datasets

    with container() as c, c.uow() as uow:
        records = datasets.export_records(uow, include_unpublished=all_)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    err_console.print(f"exported {len(records)} descriptions")


@app.command()
def template(output: Annotated[Path, typer.Option("--output", "-o", help="the .xlsx (or .csv) file to write")],
             fill: Annotated[bool, typer.Option(help="one row per published description")] = False) -> None:
    """Write the import template: one column per field, and a sheet explaining each field."""
    from catalogue.datasets import service as datasets
    from catalogue.spreadsheet.template import csv_text, xlsx_bytes

    records = []
    if fill:
        with container() as c, c.uow() as uow:
            records = datasets.export_records(uow)
    if output.suffix.lower() == ".csv":
        output.write_text(csv_text(records), encoding="utf-8")
    else:
        output.write_bytes(xlsx_bytes(records))
    err_console.print(f"template written to {output} ({len(records)} descriptions)")


@app.command()
def reindex() -> None:
    """Rebuild the search index from the database (search stays up meanwhile)."""
    from catalogue.outbox import service as outbox

    with container() as c:
        with console.status("rebuilding the search index"):
            result = outbox.rebuild(c.sessions, c.search)
    console.print(f"indexed {result.indexed} published descriptions")
    for dataset_id, why in result.failed.items():  # left out, kept as dead letters: the others are indexed
        err_console.print(f"[red]{escape(dataset_id)}[/red] not indexed: {escape(why)}", soft_wrap=True,
                          highlight=False)
    if result.failed:
        err_console.print(f"[yellow]{len(result.failed)} descriptions could not be indexed; fix them, then "
                          "`catalogue outbox retry --all` (`catalogue outbox list --dead` shows them)[/yellow]")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
