"""SQL for organisations, memberships and invitations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset
from catalogue.organisations.models import Invitation, Membership, Organisation


def get(session: Session, organisation_id: str) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def by_ids(session: Session, organisation_ids: set[str]) -> dict[str, Organisation]:
    """The organisations among these ids, by id (one query)."""
    if not organisation_ids:
        return {}
    return {org.id: org for org in session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids)))}


def list_all(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def names(session: Session, ids: list[str]) -> dict[str, str]:
    """The names of these organisations (unknown ids left out), in chunks below every engine's bound on
    parameters."""
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids[start:start + 500]))
        out.update({ident: name for ident, name in session.execute(query)})
    return out


def most_published(session: Session, limit: int) -> list[tuple[Organisation, int]]:
    """The organisations with the most published descriptions (at least one), most first, then by name."""
    count = func.count(Dataset.id).label("published")
    rows = session.execute(
        select(Organisation, count).join(Dataset, Dataset.organisation_id == Organisation.id)
        .where(Dataset.status == "published").group_by(Organisation.id)
        .order_by(count.desc(), Organisation.name).limit(limit)
    )
    return [(org, n) for org, n in rows.tuples()]


def published_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Dataset.organisation_id, func.count()).where(Dataset.status == "published")
        .group_by(Dataset.organisation_id)
    )
    return {org: count for org, count in rows}


def members(session: Session, organisation_id: str) -> list[Membership]:
    return list(session.scalars(select(Membership).where(Membership.organisation_id == organisation_id)))


def membership(session: Session, organisation_id: str, user_id: int) -> Membership | None:
    return session.get(Membership, (user_id, organisation_id))


def admins(session: Session, organisation_id: str, *, lock: bool = False) -> list[Membership]:
    """The admins; `lock`: hold their rows until commit (SELECT … FOR UPDATE on PostgreSQL; SQLite
    already serialises writers), so two admins stepping down at once cannot both see the other."""
    query = select(Membership).where(Membership.organisation_id == organisation_id, Membership.role == "admin")
    return list(session.scalars(query.with_for_update() if lock else query))


def invitation(session: Session, invitation_id: int) -> Invitation | None:
    return session.get(Invitation, invitation_id)


def pending_invitation(session: Session, organisation_id: str, email: str, *,
                       kind: str = "member") -> Invitation | None:
    return session.scalar(select(Invitation).where(Invitation.organisation_id == organisation_id,
                                                   Invitation.email == email, Invitation.status == "pending",
                                                   Invitation.kind == kind)
                          .order_by(Invitation.id.desc()).limit(1))


def claims_to_confirm(session: Session) -> list[Invitation]:
    return list(session.scalars(select(Invitation).where(Invitation.kind == "claim", Invitation.status == "claimed")
                                .order_by(Invitation.claimed_at, Invitation.id)))


def pending_invitations(session: Session, *, now: dt.datetime, email: str | None = None,
                        organisation_id: str | None = None, kind: str = "member") -> list[Invitation]:
    statement = select(Invitation).where(Invitation.status == "pending", Invitation.expires_at > now,
                                         Invitation.kind == kind)
    if email is not None:
        statement = statement.where(Invitation.email == email)
    if organisation_id is not None:
        statement = statement.where(Invitation.organisation_id == organisation_id)
    return list(session.scalars(statement.order_by(Invitation.id)))
