"""Notifications through an outbox: rows written in the writer's transaction, delivered after it.

With CATALOGUE_SMTP_HOST set, `deliver_pending` e-mails each pending notification (retrying a
failed send up to MAX_ATTEMPTS times); without it they are simply kept in the recipient's
inbox. Either way every notification is listed in the user's inbox (GET /api/v1/notifications).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.db import utcnow
from catalogue.errors import NotFound
from catalogue.notifications import repository as repo
from catalogue.notifications import smtp
from catalogue.notifications.models import PRIVATE_EVENTS, Notification
from catalogue.principal import Principal
from catalogue.settings import Settings
from catalogue.uow import UnitOfWork

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
STALE_CLAIM = dt.timedelta(minutes=10)


def notify(uow: UnitOfWork, recipients: Iterable[User], *, event: str, topic: str, subject: str, body: str,
           link: str | None = None, exclude: Iterable[int | None] = (),
           at: dt.datetime | None = None) -> list[Notification]:
    """Queue one notification per distinct recipient (minus `exclude`, usually the actor)."""
    skip = set(exclude)
    rows, seen = [], set()
    for user in recipients:
        if user.id in seen or user.id in skip:
            continue
        seen.add(user.id)
        row = Notification(user_id=user.id, email=user.email, event=event, topic=topic,
                           subject=subject[:300], body=body, link=link, delivery="pending",
                           created_at=at or utcnow())
        uow.session.add(row)
        rows.append(row)
    return rows


def inbox(uow: UnitOfWork, actor: Principal, *, unread_only: bool = False, limit: int = 100) -> list[Notification]:
    if actor.user_id is None:
        return []
    return repo.inbox(uow.session, actor.user_id, unread_only=unread_only, limit=limit)


def mark_read(uow: UnitOfWork, actor: Principal, notification_id: int) -> Notification:
    row = uow.session.get(Notification, notification_id)
    if row is None or row.user_id != actor.user_id or row.event in PRIVATE_EVENTS:  # a secret link: e-mail only
        raise NotFound(f"notification {notification_id} not found")
    if row.read_at is None:
        row.read_at = utcnow()
    return row


@dataclass
class Delivery:
    emailed: int = 0
    inboxed: int = 0
    failed: int = 0
    retrying: int = 0


def deliver_pending(sessions: Callable[[], Session], settings: Settings, batch: int = 100) -> Delivery:
    """Send what is pending. Safe to run concurrently: rows are claimed before they are sent."""
    result = Delivery()
    if not smtp.configured(settings):
        with sessions() as session, session.begin():
            result.inboxed = repo.keep_in_inbox(session)
        return result
    while True:
        now = utcnow()
        with sessions() as session, session.begin():
            claimed = [(n.id, n.email, n.subject, n.body, n.link)
                       for n in repo.claim(session, now, now - STALE_CLAIM, batch)]
        if not claimed:
            return result
        outcomes: dict[int, str | None] = {}
        for notification_id, email, subject, body, link in claimed:
            text = body + (f"\n\n{settings.base_url.rstrip('/')}{link}" if link else "")
            try:
                smtp.send(settings, to=email, subject=subject, body=text)
                outcomes[notification_id] = None
            except (OSError, smtplib.SMTPException) as exc:
                log.warning("notification %s to %s not sent: %s", notification_id, email, exc)
                outcomes[notification_id] = str(exc)[:500] or exc.__class__.__name__
        with sessions() as session, session.begin():
            for notification_id, error in outcomes.items():
                row = session.get(Notification, notification_id)
                if row is None:
                    continue
                row.attempts += 1
                if error is None:
                    row.delivery, row.sent_at, row.last_error = "email", utcnow(), None
                    result.emailed += 1
                else:
                    row.last_error = error
                    row.delivery = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
                    result.failed += row.delivery == "failed"
                    result.retrying += row.delivery == "pending"
        if result.retrying:
            return result  # the server is unwell: try again on the next drain, not in a tight loop
