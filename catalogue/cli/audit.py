"""CLI: check the audit trail's hash chain and export it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from catalogue.audit import service as audit
from catalogue.cli.context import console, container, err_console
from catalogue.principal import SYSTEM

trail = typer.Typer(help="The audit trail.", no_args_is_help=True)


@trail.command("verify")
def verify() -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry."""
    with container() as c, c.uow() as uow:
        with console.status("verifying the audit chain"):
            result = audit.verify(uow)
        broken = audit.entry(uow, result.broken_seq) if result.broken_seq else None
        message = audit.describe(result, broken)
    if not result.ok:
        err_console.print(f"[red]{message}[/red]")
        raise typer.Exit(1)
    console.print(message)


@trail.command("export")
def export(format_: Annotated[Literal["csv", "json"], typer.Option("--format", help="csv or json")] = "json",
           output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default: stdout)")] = None,
           subject_type: Annotated[str | None, typer.Option(help="e.g. access_request")] = None,
           subject_id: Annotated[str | None, typer.Option(help="e.g. 12")] = None) -> None:
    """Write the trail in chain order (the export itself is recorded)."""
    with container() as c:
        chunks = audit.export(c.uow, SYSTEM, format_, subject_type=subject_type, subject_id=subject_id)
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            for chunk in chunks:
                out.write(chunk)
        finally:
            if output:
                out.close()
    if output:
        err_console.print(f"audit trail written to {output}")
