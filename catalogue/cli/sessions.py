"""CLI: showcase sessions (`catalogue sessions list`, and `catalogue sessions remind` for cron)."""

from __future__ import annotations

from typing import Annotated

import typer

from catalogue.cli.context import console, container

app = typer.Typer(help="Showcase sessions: the agenda and the reminders.", no_args_is_help=True)


@app.command("list")
def list_sessions(organisation: Annotated[str | None, typer.Option(help="one producer's sessions only")] = None
                  ) -> None:
    """The coming sessions, soonest first: id, start on the session's own clock with its zone, seats."""
    from rich.markup import escape

    from catalogue.showcases import calendar, service

    with container() as c, c.uow() as uow:
        found = service.coming(uow, organisation_id=organisation)
        seats = service.seats(uow, found)
        for session in found:
            taken = seats.get(session.id, service.Seats())
            local = calendar.local_start(session)
            console.print(f"#{session.id}  {local:%Y-%m-%d %H:%M} {session.time_zone}  {session.organisation_id}  "
                          f"{taken.registered}/{session.capacity} seats, {taken.waiting} waiting  "
                          f"{escape(session.title)}", soft_wrap=True, highlight=False)
        console.print(f"{len(found)} coming sessions", highlight=False)


@app.command("remind")
def remind(hours: Annotated[int, typer.Option(min=1, max=168, help="remind this many hours ahead")] = 24) -> None:
    """Remind those registered for a session starting within HOURS (each registration once, however often this
    runs: run it from cron, e.g. hourly), then deliver the notifications queued."""
    import datetime as dt

    from catalogue.notifications.service import deliver_pending
    from catalogue.showcases import service

    with container() as c:
        with c.uow() as uow:
            sent = service.remind(uow, service.page_of(c.settings.base_url), ahead=dt.timedelta(hours=hours))
            uow.commit()
        delivery = deliver_pending(c.sessions, c.settings)
    console.print(f"reminders: {sent} notifications; {delivery.emailed} e-mailed, {delivery.inboxed} to inboxes, "
                  f"{delivery.retrying} to retry later", soft_wrap=True, highlight=False)
