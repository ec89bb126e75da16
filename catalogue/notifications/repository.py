"""SQL for notifications: recipients, the outbox to drain, a user's inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.notifications.models import PRIVATE_EVENTS, Notification
from catalogue.organisations.models import Membership


def governance_staff(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_governance, User.is_active).order_by(User.id)))


def members_of(session: Session, organisation_ids: Iterable[str]) -> list[User]:
    ids = list(organisation_ids)
    if not ids:
        return []
    statement = (select(User).join(Membership, Membership.user_id == User.id)
                 .where(Membership.organisation_id.in_(ids), User.is_active).distinct().order_by(User.id))
    return list(session.scalars(statement))


def users_by_email(session: Session, emails: Iterable[str]) -> list[User]:
    wanted = {e.strip().lower() for e in emails if e}
    if not wanted:
        return []
    return list(session.scalars(select(User).where(User.email.in_(wanted), User.is_active).order_by(User.id)))


def claim(session: Session, now: dt.datetime, stale_before: dt.datetime, limit: int,
          max_attempts: int) -> list[Notification]:
    """Pending rows that are due (and rows a crashed sender left 'sending'), locked so no other sender takes them.

    A row left 'sending' counts the interrupted attempt: a message that stops the sender every
    time is parked after `max_attempts` instead of being taken again forever.
    """
    due = (Notification.delivery == "pending") & or_(Notification.next_attempt_at.is_(None),
                                                     Notification.next_attempt_at <= now)
    stale = (Notification.delivery == "sending") & (Notification.claimed_at < stale_before)
    statement = (select(Notification).where(or_(due, stale))
                 .order_by(Notification.id).limit(limit).with_for_update(skip_locked=True))
    rows = []
    for row in session.scalars(statement):
        if row.delivery == "sending":
            row.attempts += 1
            if row.attempts >= max_attempts:
                row.delivery, row.last_error = "failed", "the sender stopped while sending it, every time"
                continue
        row.delivery, row.claimed_at = "sending", now
        rows.append(row)
    return rows


def release(session: Session, ids: Iterable[int]) -> None:
    """Give claimed rows back untried (the server went away before their turn)."""
    session.execute(update(Notification).where(Notification.id.in_(list(ids)), Notification.delivery == "sending")
                    .values(delivery="pending", claimed_at=None))


def counts(session: Session) -> dict[str, int]:
    """How many notifications are in each delivery state."""
    statement = select(Notification.delivery, func.count()).group_by(Notification.delivery)
    return {delivery: number for delivery, number in session.execute(statement)}


def parked(session: Session, limit: int) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.delivery == "failed")
                                .order_by(Notification.id).limit(limit)))


def requeue_parked(session: Session) -> int:
    # an UPDATE's result is a CursorResult (rowcount), which Session.execute's annotation does not say
    result = cast(CursorResult[Any], session.execute(update(Notification).where(Notification.delivery == "failed")
                  .values(delivery="pending", attempts=0, next_attempt_at=None, claimed_at=None)))
    return result.rowcount or 0


def keep_in_inbox(session: Session) -> int:
    result = cast(CursorResult[Any], session.execute(update(Notification).where(Notification.delivery == "pending")
                                                     .values(delivery="inbox")))
    return result.rowcount or 0


def inbox(session: Session, user_id: int, *, unread_only: bool, limit: int) -> list[Notification]:
    statement = select(Notification).where(Notification.user_id == user_id,
                                           Notification.event.not_in(PRIVATE_EVENTS))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return list(session.scalars(statement.order_by(Notification.id.desc()).limit(limit)))


def last_for(session: Session, topic: str, event: str) -> Notification | None:
    return session.scalar(select(Notification).where(Notification.topic == topic, Notification.event == event)
                          .order_by(Notification.id.desc()).limit(1))
