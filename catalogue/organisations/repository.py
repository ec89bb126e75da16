"""SQL for organisations and memberships."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset
from catalogue.organisations.models import Membership, Organisation


def get(session: Session, organisation_id: str) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def list_all(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


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
