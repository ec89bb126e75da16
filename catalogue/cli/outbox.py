"""CLI: the search outbox — changes waiting for search, and the dead letters search could not take."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from catalogue.cli.context import console, container, err_console

app = typer.Typer(help="The search outbox: pending changes and dead letters.", no_args_is_help=True)


@app.command("list")
def list_rows(dead: Annotated[bool, typer.Option("--dead", help="only dead letters")] = False,
              limit: Annotated[int, typer.Option(min=1, max=10_000)] = 200) -> None:
    """Rows waiting for search (pending) and dead letters, with why each dead letter failed."""
    from catalogue.outbox import service as outbox

    with container() as c, c.uow() as uow:
        rows = outbox.entries(uow.session, dead_only=dead, limit=limit)
        pending, buried = outbox.pending_count(uow.session), outbox.dead_count(uow.session)
        if not rows:
            console.print("no dead letters" if dead else "the outbox is empty: search is up to date")
            return
        for row in rows:  # one line each, never cut: the error is what the operator needs
            state = "[red]dead[/red]" if row.dead_at else "pending"
            since = (row.dead_at or row.created_at).isoformat(timespec="seconds")
            line = f"{row.id}  {escape(row.dataset_id)}  {state} since {since}, {row.attempts} attempt(s)"
            console.print(line + (f": {escape(row.last_error)}" if row.last_error else ""), soft_wrap=True,
                          highlight=False)
    console.print(f"{pending} pending, {buried} dead letters")
    if buried:
        err_console.print("fix the description (or the engine), then `catalogue outbox retry ID` or `--all`; "
                          "`catalogue outbox drop ID` forgets one")


@app.command("retry")
def retry(row_id: Annotated[int | None, typer.Argument(help="the dead letter's id (see `outbox list`)")] = None,
          all_: Annotated[bool, typer.Option("--all", help="every dead letter")] = False) -> None:
    """Move dead letters back to pending and drain: fixed descriptions get indexed, the others stay dead."""
    from catalogue.outbox import service as outbox

    if (row_id is not None) == all_:  # neither, or both
        err_console.print("[red]error[/red]: give one dead letter's ID, or --all")
        raise typer.Exit(2)
    with container() as c:
        if row_id is not None:
            with c.sessions() as session:
                row = outbox.entry(session, row_id)
            if row is None or row.dead_at is None:
                err_console.print(f"[red]error[/red]: {row_id} is not a dead letter (`catalogue outbox list --dead`)")
                raise typer.Exit(1)
        with console.status("retrying dead letters"):
            revived, result = outbox.retry(c.sessions, c.search, [row_id] if row_id is not None else None)
    console.print(f"retried {revived} dead letters: indexed {result.indexed}, removed from search {result.deleted}")
    for dataset_id, why in result.failed.items():
        err_console.print(f"[red]{escape(dataset_id)}[/red] still fails: {escape(why)}", soft_wrap=True)
    if result.error:
        err_console.print(f"[yellow]search unavailable, the rows stay pending: {escape(result.error)}[/yellow]")
    if result.failed or result.error:
        raise typer.Exit(1)


@app.command("drop")
def drop(row_id: Annotated[int, typer.Argument(help="the dead letter's id (see `outbox list`)")]) -> None:
    """Forget a dead letter; its description is indexed again at its next change or by `catalogue reindex`."""
    from catalogue.outbox import service as outbox

    with container() as c, c.uow() as uow:
        row = outbox.entry(uow.session, row_id)
        if row is None or row.dead_at is None:
            err_console.print(f"[red]error[/red]: {row_id} is not a dead letter (`catalogue outbox list --dead`)")
            raise typer.Exit(1)
        dataset_id = row.dataset_id
        outbox.drop(uow.session, row)
        uow.commit()
    console.print(f"dropped dead letter {row_id} (description {escape(dataset_id)})")
