"""SQL for notifications: recipients, the outbox to drain, a user's inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select, update
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


def claim(session: Session, now: dt.datetime, stale_before: dt.datetime, limit: int) -> list[Notification]:
    """Pending rows (and rows a crashed sender left 'sending'), locked so no other sender takes them."""
    statement = (select(Notification)
                 .where(or_(Notification.delivery == "pending",
                            (Notification.delivery == "sending") & (Notification.claimed_at < stale_before)))
                 .order_by(Notification.id).limit(limit).with_for_update(skip_locked=True))
    rows = list(session.scalars(statement))
    for row in rows:
        row.delivery, row.claimed_at = "sending", now
    return rows


def keep_in_inbox(session: Session) -> int:
    result = session.execute(update(Notification).where(Notification.delivery == "pending").values(delivery="inbox"))
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
