"""CLI: saved searches' daily digest (run once a day from cron: `catalogue saved-searches digest`)."""

from __future__ import annotations

import typer

from catalogue.cli.context import console, container

app = typer.Typer(help="Saved searches and their alerts.", no_args_is_help=True)


@app.command("digest")
def digest() -> None:
    """Send each daily saved search's new matches since the last digest, one notification per search,
    then deliver the notifications queued (e-mail with SMTP configured, else the inbox)."""
    from catalogue.notifications.service import deliver_pending
    from catalogue.saved_searches import service as saved_searches

    with container() as c:
        with c.uow() as uow:
            sent = saved_searches.digest(uow)
            uow.commit()
        delivery = deliver_pending(c.sessions, c.settings)
    console.print(f"daily digest: {sent} notifications; {delivery.emailed} e-mailed, {delivery.inboxed} to inboxes, "
                  f"{delivery.retrying} to retry later", soft_wrap=True)
