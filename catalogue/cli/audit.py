"""CLI: check the audit trail's keyed hash chain and its signed checkpoints, anchor the head, export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape

from catalogue.cli.context import console, container, err_console

trail = typer.Typer(help="The audit trail.", no_args_is_help=True)


@trail.command("verify")
def verify() -> None:
    """Check every entry's keyed hash and link, and the signed checkpoints; exit 1 naming what broke."""
    from catalogue.audit import service as audit

    with container() as c, c.uow() as uow:
        with console.status("verifying the audit chain"):
            result = audit.verify(uow)
        broken = audit.entry(uow, result.broken_seq) if result.broken_seq else None
        message = audit.describe(result, broken)
    if not result.ok:
        err_console.print(f"[red]{escape(message)}[/red]", soft_wrap=True)
        raise typer.Exit(1)
    console.print(escape(message), soft_wrap=True)


@trail.command("checkpoint")
def checkpoint() -> None:
    """Verify, then append a signed checkpoint of the head (run from cron; refused if anything is broken)."""
    from catalogue.audit import service as audit

    with container() as c, c.uow() as uow:
        with console.status("verifying the audit chain"):
            written, result = audit.checkpoint(uow)
        broken = audit.entry(uow, result.broken_seq) if result.broken_seq else None
        message = audit.describe(result, broken)
        where = c.settings.checkpoint_dir
    if written is None and result.head is not None:
        err_console.print(f"[red]{escape(message)}[/red]\nno checkpoint written: the trail must be looked at first",
                          soft_wrap=True)
        raise typer.Exit(1)
    if written is None:
        console.print("the audit trail is empty: nothing to checkpoint")
        return
    console.print(f"checkpoint #{written.n}: entry {written.seq}, hash {written.hash}, {written.at} "
                  f"(in {where})", soft_wrap=True)


@trail.command("export")
def export(format_: Annotated[Literal["csv", "json"], typer.Option("--format", help="csv or json")] = "json",
           output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default: stdout)")] = None,
           subject_type: Annotated[str | None, typer.Option(help="e.g. access_request")] = None,
           subject_id: Annotated[str | None, typer.Option(help="e.g. 12")] = None) -> None:
    """Write the trail in chain order (the export itself is recorded)."""
    from catalogue.audit import service as audit
    from catalogue.principal import SYSTEM

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
