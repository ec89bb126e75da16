"""SQL for access requests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from catalogue.access_requests.models import AccessRequest, Opinion, RequestedDataset, TeamMember
from catalogue.datasets import repository as datasets_repo
from catalogue.datasets.models import Dataset, Revision
from catalogue.principal import Principal


def get(session: Session, request_id: int) -> AccessRequest | None:
    return session.get(AccessRequest, request_id)


def datasets(session: Session, dataset_ids: list[str]) -> dict[str, Dataset]:
    if not dataset_ids:
        return {}
    return {d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(dataset_ids)))}


def last_revision_number(session: Session, dataset_id: str) -> int:
    return datasets_repo.last_revision_number(session, dataset_id)


def revision(session: Session, dataset_id: str, number: int) -> Revision | None:
    return datasets_repo.revision(session, dataset_id, number)


def requester_side(actor: Principal) -> ColumnElement[bool]:
    """The requests `actor` filed or accepted a place on the team of (policies.is_requester_side, in SQL)."""
    mine = AccessRequest.requester_id == actor.user_id
    on_team = exists().where(TeamMember.request_id == AccessRequest.id, TeamMember.user_id == actor.user_id,
                             TeamMember.accepted_at.is_not(None))
    return or_(mine, on_team)


def visible_to(statement: Select, actor: Principal) -> Select:
    """The requests `actor` may see (policies.can_view, in SQL)."""
    own = requester_side(actor)
    if actor.is_governance or actor.is_platform_admin:
        return statement.where(or_(own, AccessRequest.submitted_at.is_not(None)))
    concerned = exists().where(RequestedDataset.request_id == AccessRequest.id,
                               RequestedDataset.organisation_id.in_(list(actor.roles) or [""]))
    return statement.where(or_(own, AccessRequest.submitted_at.is_not(None) & concerned))


def list_page(session: Session, actor: Principal, *, status: str | None, offset: int,
              limit: int, side: bool | None = None) -> tuple[int, list[AccessRequest]]:
    """A page of the requests `actor` may see; `side` True: only those on the requester's side, False: only
    the others (those the actor sees as governance, admin or a producer concerned), None: both."""
    statement = visible_to(select(AccessRequest), actor)
    if side is not None:
        statement = statement.where(requester_side(actor) if side else ~requester_side(actor))
    if status:
        statement = statement.where(AccessRequest.status == status)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(AccessRequest.updated_at.desc(), AccessRequest.id.desc())
                           .offset(offset).limit(limit))
    return total, list(rows)


def in_states(session: Session, states: tuple[str, ...]) -> list[AccessRequest]:
    return list(session.scalars(select(AccessRequest).where(AccessRequest.status.in_(states))
                                .order_by(AccessRequest.status_since, AccessRequest.id)))


def in_review_for(session: Session, organisations: list[str], states: list[str]) -> list[AccessRequest]:
    """Requests in `states` that name a dataset of one of `organisations`, longest wait first."""
    concerned = exists().where(RequestedDataset.request_id == AccessRequest.id,
                               RequestedDataset.organisation_id.in_(organisations or [""]))
    return list(session.scalars(select(AccessRequest).where(AccessRequest.status.in_(states), concerned)
                                .order_by(AccessRequest.status_since, AccessRequest.id)))


def waiting_since(session: Session, states: tuple[str, ...], before: dt.datetime) -> list[AccessRequest]:
    return list(session.scalars(select(AccessRequest).where(AccessRequest.status.in_(states),
                                                            AccessRequest.status_since < before)
                                .order_by(AccessRequest.status_since, AccessRequest.id)))


def due_to_expire(session: Session, states: tuple[str, ...], today: dt.date) -> list[AccessRequest]:
    return list(session.scalars(select(AccessRequest).where(AccessRequest.status.in_(states),
                                                            AccessRequest.access_until < today)
                                .order_by(AccessRequest.id)))


def register(session: Session, states: tuple[str, ...], offset: int, limit: int) -> tuple[int, list[AccessRequest]]:
    statement = select(AccessRequest).where(AccessRequest.status.in_(states))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(AccessRequest.decided_at.desc(), AccessRequest.id.desc())
                           .offset(offset).limit(limit))
    return total, list(rows)


def opinion(session: Session, request_id: int, dataset_id: str, round_: int) -> Opinion | None:
    return session.scalar(select(Opinion).where(Opinion.request_id == request_id, Opinion.dataset_id == dataset_id,
                                                Opinion.round == round_))


CLOSED = ("withdrawn", "rejected", "expired")  # their team no longer changes


def invitations(session: Session, email: str) -> list[tuple[TeamMember, AccessRequest]]:
    """Team places offered to `email` and not yet accepted, on requests still in progress or decided."""
    statement = (select(TeamMember, AccessRequest).join(AccessRequest, AccessRequest.id == TeamMember.request_id)
                 .where(TeamMember.email == email.lower(), TeamMember.accepted_at.is_(None),
                        AccessRequest.status.not_in(CLOSED))
                 .order_by(AccessRequest.id))
    return [(member, request) for member, request in session.execute(statement)]
