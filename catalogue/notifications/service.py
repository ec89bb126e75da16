"""Notifications through an outbox: rows written in the writer's transaction, delivered after it.

With CATALOGUE_SMTP_HOST set, `deliver_pending` e-mails each due notification on its own: one
that fails is tried again later with exponential backoff (`next_attempt_at`), and parked
(delivery "failed") once the server refused it for good or after MAX_ATTEMPTS tries, so it never
blocks the others. Without SMTP they are simply kept in the recipient's inbox. Either way every
notification is listed in the user's inbox (GET /api/v1/notifications).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.db import utcnow
from catalogue.errors import NotFound
from catalogue.notifications import repository as repo
from catalogue.notifications import smtp, texts, topics
from catalogue.notifications.models import PRIVATE_EVENTS, Notification
from catalogue.notifications.texts import Body, Msg
from catalogue.principal import Principal
from catalogue.settings import Settings
from catalogue.uow import UnitOfWork

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BACKOFF_FIRST = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=6)
JITTER = 0.25  # each wait is drawn within ±25 % of the schedule, so retries of a burst spread out
STALE_CLAIM = dt.timedelta(minutes=10)


def backoff(attempts: int, rand: Callable[[], float] = random.random) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed try: 1, 2, 4, 8 … minutes, at most 6 hours, ± jitter."""
    base = min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)
    return base * (1 - JITTER + 2 * JITTER * rand())


def notify(uow: UnitOfWork, recipients: Iterable[User], *, event: str, topic: str, subject: Msg, body: Body,
           link: str | None = None, exclude: Iterable[int | None] = (),
           at: dt.datetime | None = None) -> list[Notification]:
    """Queue one notification per distinct recipient (minus `exclude`, usually the actor), written in
    the recipient's language (`users.lang`, else French; see catalogue.notifications.texts).

    Readers find what it is about from `topic` (catalogue.notifications.topics); `link` is only for a
    page of the site the topic cannot name (a one-time verification link, sign-in, the account page).
    """
    skip = set(exclude)
    rows, seen = [], set()
    for user in recipients:
        if user.id in seen or user.id in skip:
            continue
        seen.add(user.id)
        w = texts.writer(user.lang)
        row = Notification(user_id=user.id, email=user.email, event=event, topic=topic, lang=w.lang,
                           subject=smtp.header_text(texts.write(w, subject)), body=texts.write_body(w, body),
                           link=link, delivery="pending", created_at=at or utcnow())
        uow.session.add(row)
        rows.append(row)
    return rows


def notify_address(uow: UnitOfWork, email: str, *, event: str, topic: str, subject: Msg, body: Body,
                   link: str | None = None, lang: str | None = None, at: dt.datetime | None = None) -> Notification:
    """Queue a message to an address that has no account (the contact of a producer nobody represents
    yet, a newcomer invited): e-mailed only, in nobody's inbox; French unless `lang` says otherwise."""
    w = texts.writer(lang)
    row = Notification(user_id=None, email=email, event=event, topic=topic, lang=w.lang,
                       subject=smtp.header_text(texts.write(w, subject)), body=texts.write_body(w, body),
                       link=link, delivery="pending", created_at=at or utcnow())
    uow.session.add(row)
    return row


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
    retrying: int = 0  # failed this time, tried again after their backoff
    parked: int = 0  # parked by this drain
    parked_total: int = 0  # every parked notification, for the operator (`catalogue governance notify`)


@dataclass(frozen=True)
class _Outgoing:
    id: int
    email: str
    subject: str
    body: str
    link: str | None  # the page it leads to (topics.page), not yet under the public base URL
    lang: str | None = None  # the language it is written in (Content-Language)


def deliver_pending(sessions: Callable[[], Session], settings: Settings, batch: int = 100) -> Delivery:
    """Send what is due. Safe to run concurrently: rows are claimed before they are sent."""
    result = Delivery()
    if not smtp.configured(settings):
        with sessions() as session, session.begin():
            result.inboxed = repo.keep_in_inbox(session)
        return result
    server_down = False
    while not server_down:
        now = utcnow()
        with sessions() as session, session.begin():
            claimed = [_Outgoing(n.id, n.email, n.subject, n.body, topics.page(n.event, n.topic, n.link), n.lang)
                       for n in repo.claim(session, now, now - STALE_CLAIM, batch, MAX_ATTEMPTS)]
        if not claimed:
            break
        outcomes: dict[int, tuple[smtp.Verdict, str] | None] = {}
        for item in claimed:
            try:
                _send(settings, item)
                outcomes[item.id] = None
            except Exception as exc:  # noqa: BLE001 - one message never stops the others
                verdict = smtp.classify(exc)
                log.warning("notification %s to %s not sent (%s): %r", item.id, item.email, verdict, exc)
                outcomes[item.id] = (verdict, smtp.describe(exc)[:500])
                if verdict == "server":  # the rest of the batch waits for the next drain, untried
                    server_down = True
                    break
        with sessions() as session, session.begin():
            _settle(session, outcomes, result)
            repo.release(session, [item.id for item in claimed if item.id not in outcomes])
    with sessions() as session:
        result.parked_total = repo.counts(session).get("failed", 0)
    return result


def _send(settings: Settings, item: _Outgoing) -> None:
    text = item.body + (f"\n\n{settings.base_url.rstrip('/')}{item.link}" if item.link else "")
    smtp.send(settings, to=item.email, subject=item.subject, body=text, reference=f"notification-{item.id}",
              lang=item.lang)


def _settle(session: Session, outcomes: dict[int, tuple[smtp.Verdict, str] | None], result: Delivery) -> None:
    now = utcnow()
    for notification_id, outcome in outcomes.items():
        row = session.get(Notification, notification_id)
        if row is None:
            continue
        row.attempts += 1
        if outcome is None:
            row.delivery, row.sent_at, row.last_error, row.next_attempt_at = "email", now, None, None
            result.emailed += 1
            continue
        verdict, row.last_error = outcome
        if verdict == "refused" or row.attempts >= MAX_ATTEMPTS:
            row.delivery, row.next_attempt_at = "failed", None
            result.parked += 1
        else:
            row.delivery, row.next_attempt_at = "pending", now + backoff(row.attempts)
            result.retrying += 1


def parked(sessions: Callable[[], Session], limit: int = 20) -> list[Notification]:
    """Parked notifications, oldest first, for the operator to look at."""
    with sessions() as session:
        return repo.parked(session, limit)


def requeue_parked(sessions: Callable[[], Session]) -> int:
    """Give parked notifications a fresh set of attempts (after the cause was fixed)."""
    with sessions() as session, session.begin():
        return repo.requeue_parked(session)


def counts(sessions: Callable[[], Session]) -> dict[str, int]:
    with sessions() as session:
        return repo.counts(session)
