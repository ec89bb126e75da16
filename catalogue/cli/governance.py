"""CLI for governance staff: pending requests, one request, decide; scheduled expiry and reminders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from catalogue.cli.context import console, container

if TYPE_CHECKING:
    from catalogue.bootstrap import Container
    from catalogue.notifications.service import Delivery

governance = typer.Typer(help="Access requests, for governance staff.", no_args_is_help=True)


def _deliver(c: Container) -> Delivery:
    from catalogue.notifications.service import deliver_pending

    sent = deliver_pending(c.sessions, c.settings)
    console.print(f"notifications: {sent.emailed} e-mailed, {sent.inboxed} to inboxes, "
                  f"{sent.retrying} to retry later, {sent.parked} parked now ({sent.parked_total} parked in all)",
                  soft_wrap=True)
    return sent


@governance.command("pending")
def pending(status: Annotated[str | None, typer.Option(help="one state (default: all undecided)")] = None) -> None:
    """Requests waiting for governance, a producer or the requester, oldest wait first."""
    from catalogue.access_requests import service, workflow
    from catalogue.db import as_utc

    states = (status,) if status else workflow.OPEN
    with container() as c, c.uow() as uow:
        requests = service.waiting(uow, states)
        for request in requests:
            given = len(request.datasets) - len(service.pending_opinions(request))
            missing = ", ".join(m["field"].split(".", 1)[1] for m in service.missing_milestones(request))
            console.print(f"#{request.id}  {request.status}  since {as_utc(request.status_since):%Y-%m-%d}  "
                          f"opinions {given}/{len(request.datasets)}  missing milestones: {missing or '-'}  "
                          f"\"{request.project_title}\" ({request.requester_organisation}; "
                          f"{', '.join(d.dataset_id for d in request.datasets)})", soft_wrap=True)
        console.print(f"{len(requests)} requests " + ("in " + status if status else "undecided"))


@governance.command("show")
def show(request_id: int) -> None:
    """Everything about one request, and its audit history."""
    from catalogue.access_requests import service
    from catalogue.audit import service as audit
    from catalogue.db import as_utc
    from catalogue.principal import SYSTEM

    with container() as c, c.uow() as uow:
        r = service.get(uow, SYSTEM, request_id)
        console.print(f"[bold]#{r.id} {r.project_title}[/bold] — {r.status} since {as_utc(r.status_since):%Y-%m-%d}")
        console.print(f"requester: user {r.requester_id}, {r.requester_organisation} ({r.requester_organisation_type})"
                      f"; purpose {r.purpose}; route {r.legal_route}; {r.duration_months} months")
        console.print(f"summary: {r.project_summary}\nvariables: {r.variables}")
        console.print("team: " + (", ".join(f"{m.name} <{m.email}> ({m.role})" for m in r.team) or "-"))
        for d in r.datasets:
            o = next((o for o in r.opinions if o.dataset_id == d.dataset_id), None)
            verdict = f"{o.opinion}: {o.reason}" + (f" [conditions: {o.conditions}]" if o and o.conditions else "") \
                if o else "opinion pending"
            console.print(f"dataset {d.dataset_id} ({d.organisation_id}) \"{d.title}\": {verdict}")
        for o in r.opinion_history:
            if o.superseded_at is not None:
                console.print(f"superseded opinion on {o.dataset_id} (round {o.round}): {o.opinion}: {o.reason}")
        for kind, why in r.requirements.get("milestones", {}).items():
            m = next((m for m in r.milestones if m.kind == kind), None)
            state = f"{m.reference} on {m.date}" if m else f"MISSING ({'; '.join(why)})"
            console.print(f"milestone {kind}: {state}")
        for a in r.attachments:
            console.print(f"attachment {a.kind}: {a.filename} ({a.size} bytes, sha256 {a.sha256[:12]}…)")
        for flag in r.requirements.get("flags", []):
            console.print(f"[yellow]flag[/yellow] {flag}")
        if r.decided_at:
            console.print(f"decision {as_utc(r.decided_at):%Y-%m-%d}: {r.decision_reason or ''} "
                          f"{'conditions: ' + r.conditions if r.conditions else ''} until {r.access_until}")
        console.print("[bold]history[/bold]")
        for e in audit.history(uow, "access_request", r.id):
            move = f" {e.from_state or '-'} -> {e.to_state}" if e.to_state else ""
            console.print(f"  {e.seq}  {as_utc(e.at):%Y-%m-%d %H:%M}  {e.actor}  {e.action}{move}"
                          + (f"  ({e.reason})" if e.reason else ""), soft_wrap=True)


@governance.command("decide")
def decide(request_id: int,
           decision: Annotated[str, typer.Option(help="approve, approve_with_conditions or reject")],
           as_: Annotated[str, typer.Option("--as", help="e-mail of the governance staff member deciding")],
           reason: Annotated[str | None, typer.Option(help="the written reason of the decision (required)")] = None,
           conditions: Annotated[str | None, typer.Option(help="required to approve_with_conditions")] = None,
           overrule: Annotated[bool, typer.Option(help="decide before every opinion is in, or against one")] = False,
           access_until: Annotated[dt.datetime | None, typer.Option(
               formats=["%Y-%m-%d"], help="end of access; default: decision date + planned duration")] = None,
           ) -> None:
    """Take the final decision, in the name of a governance staff member (separation of duties applies)."""
    from catalogue.access_requests import service, workflow
    from catalogue.accounts import service as accounts
    from catalogue.principal import Principal
    from schemas.access_requests import TransitionIn

    if decision not in workflow.DECISIONS:
        console.print(f"[red]--decision must be one of {', '.join(workflow.DECISIONS)}[/red]")
        raise typer.Exit(2)
    body = TransitionIn(reason=reason, conditions=conditions, overrule=overrule,
                        access_until=access_until.date() if access_until else None)
    with container() as c:
        with c.uow() as uow:
            actor = Principal.of(accounts.find_user(uow, as_))
            request = service.transition(uow, actor, request_id, decision, body)
            status = request.status
            uow.commit()
        console.print(f"access request {request_id} is now {status}")
        _deliver(c)


@governance.command("remind")
def remind(days: Annotated[int | None, typer.Option(min=1, help="default: CATALOGUE_REMINDER_DAYS")] = None) -> None:
    """Remind whoever a request has waited for longer than the configured number of days (run daily)."""
    from catalogue.access_requests import schedule

    with container() as c:
        wait = days or c.settings.reminder_days
        with c.uow() as uow:
            done = schedule.remind(uow, days=wait)
            uow.commit()
        for item in done:
            console.print(f"request {item.request_id} ({item.status}): {item.recipients} reminded")
        console.print(f"{len(done)} requests waiting more than {wait} days")
        _deliver(c)


@governance.command("expire")
def expire() -> None:
    """End approved accesses whose end date has passed (run daily); none is ended before its date."""
    from catalogue.access_requests import schedule

    with container() as c:
        with c.uow() as uow:
            ids = schedule.expire_due(uow)
            uow.commit()
        console.print(f"{len(ids)} accesses expired" + (f": {', '.join(map(str, ids))}" if ids else ""))
        _deliver(c)


@governance.command("notify")
def notify(retry_parked: Annotated[bool, typer.Option(
        help="give parked notifications a fresh set of attempts first (once the cause is fixed)")] = False) -> None:
    """Send due notifications now (the server also sends them after each change); list the parked ones.

    Exits 0 even when some are parked: each parked one is listed with its error, and waits for
    --retry-parked; the others are never held back by it.
    """
    from catalogue.notifications import service as notifications

    with container() as c:
        if retry_parked:
            console.print(f"{notifications.requeue_parked(c.sessions)} parked notifications queued again")
        sent = _deliver(c)
        if sent.parked_total:
            for row in notifications.parked(c.sessions):
                console.print(f"  parked #{row.id} to {row.email} after {row.attempts} attempts: "
                              f"{escape(row.last_error or '?')}", soft_wrap=True)
            if sent.parked_total > 20:
                console.print(f"  … and {sent.parked_total - 20} more")
