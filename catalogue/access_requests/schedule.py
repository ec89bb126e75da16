"""Scheduled jobs (cron runs `catalogue governance expire` and `… remind` daily). Never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from catalogue.access_requests import notices, workflow
from catalogue.access_requests import repository as repo
from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.service import pending_opinions
from catalogue.db import as_utc, utcnow
from catalogue.notifications import repository as sent
from catalogue.notifications.texts import Msg, msg
from catalogue.principal import SYSTEM, Principal
from catalogue.uow import UnitOfWork


def expire_due(uow: UnitOfWork, *, actor: Principal = SYSTEM, now: dt.datetime | None = None) -> list[int]:
    """Move approved requests whose access ended (access_until before today) to `expired`."""
    now = now or utcnow()
    expired = []
    for request in repo.due_to_expire(uow.session, workflow.APPROVED, now.date()):
        workflow.REQUESTS.apply(uow, request, "expire", actor, now, reason=f"access ended on {request.access_until}")
        expired.append(request.id)
    return expired


@dataclass
class Reminder:
    request_id: int
    status: str
    recipients: int


def _recipients(uow: UnitOfWork, request: AccessRequest) -> tuple[list | None, Msg, list[str] | None]:
    """Who the request waits for: people, or producers (their members, or the contacts of those with none)."""
    if request.status == "submitted":
        return notices.governance(uow, request), msg("reminder.what.submitted"), None
    if request.status == "changes_requested":
        return notices.requester_side(uow, request), msg("reminder.what.changes_requested"), None
    pending = pending_opinions(request)
    if pending:
        waiting = sorted({d.organisation_id for d in request.datasets if d.dataset_id in pending})
        return None, msg("reminder.what.opinions", datasets=", ".join(pending)), waiting
    return notices.governance(uow, request), msg("reminder.what.decision"), None


def remind(uow: UnitOfWork, *, days: int, now: dt.datetime | None = None) -> list[Reminder]:
    """Remind whoever a request waits for, once per `days` of waiting in the same state."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    done = []
    for request in repo.waiting_since(uow.session, workflow.OPEN, cutoff):
        last = sent.last_for(uow.session, f"access_request:{request.id}", "reminder")
        if last is not None and as_utc(last.created_at) > max(as_utc(request.status_since), cutoff):
            continue  # already reminded about this wait, less than `days` ago
        users, what, waiting = _recipients(uow, request)
        told = notices.reminder(uow, request, users, days, what, now, organisations=waiting)
        done.append(Reminder(request.id, request.status, told))
    return done
