"""CLI for platform admins: the needs board (`catalogue needs list`, `catalogue needs hide ID --reason`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from catalogue.cli.context import console, container

app = typer.Typer(help="The data-needs board, for platform admins.", no_args_is_help=True)
STATUSES = ("open", "satisfied", "closed", "hidden")


@app.command("list")
def list_needs(status: Annotated[str | None, typer.Option(help="open, satisfied, closed or hidden")] = None,
               limit: Annotated[int, typer.Option(min=1, max=1000, help="at most this many, newest first")] = 100,
               ) -> None:
    """Every need (hidden ones too), newest first: id, state, visibility, deadline, themes, title."""
    from catalogue.needs import service
    from catalogue.principal import SYSTEM

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"one of {', '.join(STATUSES)}", param_hint="--status")
    with container() as c, c.uow() as uow:
        found = service.board(uow, SYSTEM, status=status, page_size=limit)
        for need in found.needs:
            console.print(f"#{need.id}  {need.status}  {need.visibility}  deadline {need.deadline:%Y-%m-%d}  "
                          f"{','.join(need.themes)}  \"{escape(need.title)}\"", soft_wrap=True)
        console.print(f"{len(found.needs)} of {found.total} needs" + (f" {status}" if status else ""))


@app.command("hide")
def hide(need_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1)],
         reason: Annotated[str, typer.Option(help="why, kept in the audit trail and shown to the author")]) -> None:
    """Hide a need (moderation): then only its author and platform admins see it, with the reason."""
    from pydantic import ValidationError

    from catalogue.needs import service
    from catalogue.principal import SYSTEM
    from schemas.needs import HideIn

    try:
        written = HideIn(reason=reason).reason
    except ValidationError:
        raise typer.BadParameter("3 to 500 characters of text", param_hint="--reason") from None
    with container() as c, c.uow() as uow:
        need = service.transition(uow, SYSTEM, need_id, "hide", reason=written)
        uow.commit()
        console.print(f"need #{need.id} hidden: {escape(written)}")
