"""SQL for showcase sessions, their registrations and questions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.showcases.models import (
    CANCELLED, REGISTERED, SCHEDULED, WAITING, Question, Registration, SessionDataset, ShowcaseSession,
)


def get(session: Session, session_id: int) -> ShowcaseSession | None:
    return session.get(ShowcaseSession, session_id)


def get_for_update(session: Session, session_id: int) -> ShowcaseSession | None:
    """The session row locked until the transaction ends (PostgreSQL: SELECT ... FOR UPDATE; SQLite's
    transactions are BEGIN IMMEDIATE already): seats are counted and given by one writer at a time."""
    return session.scalar(select(ShowcaseSession).where(ShowcaseSession.id == session_id)
                          .with_for_update().execution_options(populate_existing=True))


def coming(session: Session, now: dt.datetime, *, organisation_id: str | None = None,
           limit: int = 200) -> list[ShowcaseSession]:
    """Scheduled sessions not over yet, soonest first."""
    statement = select(ShowcaseSession).where(ShowcaseSession.status == SCHEDULED, ShowcaseSession.starts_at
                                              > now - dt.timedelta(minutes=480))
    if organisation_id is not None:
        statement = statement.where(ShowcaseSession.organisation_id == organisation_id)
    rows = session.scalars(statement.order_by(ShowcaseSession.starts_at, ShowcaseSession.id).limit(limit))
    return [s for s in rows if s.ends_at > now]


def past(session: Session, now: dt.datetime, limit: int = 50) -> list[ShowcaseSession]:
    """Sessions held (not cancelled) and over, most recent first (one in progress is still coming)."""
    rows = session.scalars(select(ShowcaseSession)
                           .where(ShowcaseSession.status == SCHEDULED, ShowcaseSession.starts_at <= now)
                           .order_by(ShowcaseSession.starts_at.desc(), ShowcaseSession.id.desc()).limit(limit))
    return [s for s in rows if s.ends_at <= now]


def of_organisations(session: Session, organisation_ids: list[str], limit: int = 200) -> list[ShowcaseSession]:
    """Every session of these producers (a workspace), the latest start first."""
    if not organisation_ids:
        return []
    return list(session.scalars(select(ShowcaseSession)
                                .where(ShowcaseSession.organisation_id.in_(organisation_ids))
                                .order_by(ShowcaseSession.starts_at.desc(), ShowcaseSession.id.desc())
                                .limit(limit)))


def presenting(session: Session, dataset_id: str) -> list[ShowcaseSession]:
    """The sessions, not cancelled, that present this description, soonest first."""
    return list(session.scalars(select(ShowcaseSession)
                                .join(SessionDataset, SessionDataset.session_id == ShowcaseSession.id)
                                .where(SessionDataset.dataset_id == dataset_id,
                                       ShowcaseSession.status == SCHEDULED)
                                .order_by(ShowcaseSession.starts_at, ShowcaseSession.id)))


def registrations(session: Session, session_id: int) -> list[Registration]:
    """Every registration of a session: seated first, then the waiting list in order, then cancelled."""
    rows = session.scalars(select(Registration).where(Registration.session_id == session_id)
                           .order_by(Registration.created_at, Registration.id))
    order = {REGISTERED: 0, WAITING: 1, CANCELLED: 2}
    return sorted(rows, key=lambda r: (order.get(r.status, 3), r.position or 0))


def counts(session: Session, session_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per session, the number of registrations in each status."""
    if not session_ids:
        return {}
    rows = session.execute(select(Registration.session_id, Registration.status, func.count())
                           .where(Registration.session_id.in_(session_ids))
                           .group_by(Registration.session_id, Registration.status))
    found: dict[int, dict[str, int]] = {}
    for session_id, status, n in rows:
        found.setdefault(session_id, {})[status] = n
    return found


def registration_of(session: Session, session_id: int, user_id: int) -> Registration | None:
    return session.scalar(select(Registration).where(Registration.session_id == session_id,
                                                     Registration.user_id == user_id))


def seated(session: Session, session_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Registration)
                          .where(Registration.session_id == session_id, Registration.status == REGISTERED)) or 0


def waiting(session: Session, session_id: int) -> list[Registration]:
    """The waiting list, first in line first."""
    return list(session.scalars(select(Registration)
                                .where(Registration.session_id == session_id, Registration.status == WAITING)
                                .order_by(Registration.position, Registration.id)))


def last_position(session: Session, session_id: int) -> int:
    return session.scalar(select(func.max(Registration.position))
                          .where(Registration.session_id == session_id)) or 0


def with_users(session: Session, session_id: int) -> list[tuple[Registration, User]]:
    rows = session.execute(select(Registration, User).join(User, User.id == Registration.user_id)
                           .where(Registration.session_id == session_id))
    return [(r, u) for r, u in rows]


def to_remind(session: Session, now: dt.datetime,
              until: dt.datetime) -> list[tuple[Registration, ShowcaseSession, User]]:
    """Seated registrations not reminded yet, of scheduled sessions starting between now and `until`."""
    rows = session.execute(select(Registration, ShowcaseSession, User)
                           .join(ShowcaseSession, ShowcaseSession.id == Registration.session_id)
                           .join(User, User.id == Registration.user_id)
                           .where(Registration.status == REGISTERED, Registration.reminded_at.is_(None),
                                  ShowcaseSession.status == SCHEDULED, ShowcaseSession.starts_at > now,
                                  ShowcaseSession.starts_at <= until, User.is_active)
                           .order_by(ShowcaseSession.starts_at, Registration.id)
                           .with_for_update(of=Registration))
    return [(r, s, u) for r, s, u in rows]


def questions(session: Session, session_id: int) -> list[tuple[Question, User]]:
    rows = session.execute(select(Question, User).join(User, User.id == Question.user_id)
                           .where(Question.session_id == session_id).order_by(Question.created_at, Question.id))
    return [(q, u) for q, u in rows]


def questions_of(session: Session, session_id: int, user_id: int) -> list[Question]:
    return list(session.scalars(select(Question).where(Question.session_id == session_id,
                                                       Question.user_id == user_id)
                                .order_by(Question.created_at, Question.id)))


def question(session: Session, question_id: int) -> Question | None:
    return session.get(Question, question_id)


def count_questions_of(session: Session, session_id: int, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Question)
                          .where(Question.session_id == session_id, Question.user_id == user_id)) or 0
