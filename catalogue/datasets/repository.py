"""SQL for dataset descriptions and revisions."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Select, Table, func, insert, or_, select
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset, Revision


def _names_nothing(dataset_id: str) -> bool:
    """A key holding a NUL names no description, and PostgreSQL refuses to even compare it (DataError)."""
    return "\x00" in dataset_id


def get(session: Session, dataset_id: str) -> Dataset | None:
    if _names_nothing(dataset_id):
        return None
    return session.get(Dataset, dataset_id)


def existing_ids(session: Session, dataset_ids: set[str]) -> set[str]:
    """Which of these ids name a stored description (one query)."""
    wanted = [i for i in dataset_ids if not _names_nothing(i)]
    return set(session.scalars(select(Dataset.id).where(Dataset.id.in_(wanted)))) if wanted else set()


def insert_many(session: Session, datasets: list[dict[str, Any]], revisions: list[dict[str, Any]]) -> None:
    """New descriptions and their revisions, as column values, in two statements (a bulk import).
    The descriptions go in as table rows: the ORM would set each one's version itself."""
    if datasets:
        session.execute(insert(cast(Table, Dataset.__table__)), datasets)
    if revisions:
        session.execute(insert(Revision), revisions)


def get_for_update(session: Session, dataset_id: str) -> Dataset | None:
    if _names_nothing(dataset_id):
        return None
    return session.scalar(select(Dataset).where(Dataset.id == dataset_id).with_for_update())


def published_among(session: Session, dataset_ids: list[str]) -> dict[str, Dataset]:
    """The published descriptions among these ids, by id (one query; ids naming nothing are left out)."""
    wanted = [i for i in dict.fromkeys(dataset_ids) if not _names_nothing(i)]
    if not wanted:
        return {}
    rows = session.scalars(select(Dataset).where(Dataset.id.in_(wanted), Dataset.status == "published"))
    return {d.id: d for d in rows}


def visible(statement: Select, *, organisations: list[str] | None, all_orgs: bool) -> Select:
    """Published descriptions, plus any status of the given organisations (or of all)."""
    if all_orgs:
        return statement
    if organisations:
        return statement.where(or_(Dataset.status == "published", Dataset.organisation_id.in_(organisations)))
    return statement.where(Dataset.status == "published")


def list_page(session: Session, *, organisation: str | None, status: str | None,
              member_of: list[str] | None, all_orgs: bool, offset: int, limit: int) -> tuple[int, list[Dataset]]:
    statement = visible(select(Dataset), organisations=member_of, all_orgs=all_orgs)
    if organisation:
        statement = statement.where(Dataset.organisation_id == organisation)
    if status:
        statement = statement.where(Dataset.status == status)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(Dataset.updated_at.desc(), Dataset.id).offset(offset).limit(limit))
    return total, list(rows)


def iter_all(session: Session, *, statuses: tuple[str, ...]) -> list[Dataset]:
    return list(session.scalars(select(Dataset).where(Dataset.status.in_(statuses)).order_by(Dataset.id)))


def count_with(session: Session, *, statuses: tuple[str, ...]) -> int:
    return session.scalar(select(func.count()).select_from(Dataset).where(Dataset.status.in_(statuses))) or 0


def page_with(session: Session, *, statuses: tuple[str, ...], offset: int, limit: int) -> list[Dataset]:
    """One page of the descriptions with these statuses, by id (what iter_all lists, a slice of it)."""
    ids = select(Dataset.id).where(Dataset.status.in_(statuses)).order_by(Dataset.id).offset(offset).limit(limit)
    # The ids from the (status, id) index first: the rows skipped are never read.
    return list(session.scalars(select(Dataset).where(Dataset.id.in_(ids.scalar_subquery())).order_by(Dataset.id)))


def of_organisation(session: Session, organisation_id: str) -> list[Dataset]:
    """Every description of one producer, whatever its status."""
    return list(session.scalars(select(Dataset).where(Dataset.organisation_id == organisation_id).order_by(Dataset.id)))


def last_revision_number(session: Session, dataset_id: str) -> int:
    return session.scalar(select(func.max(Revision.number)).where(Revision.dataset_id == dataset_id)) or 0


def revisions(session: Session, dataset_id: str) -> list[Revision]:
    return list(session.scalars(select(Revision).where(Revision.dataset_id == dataset_id).order_by(Revision.number)))


def revision(session: Session, dataset_id: str, number: int) -> Revision | None:
    return session.scalar(select(Revision).where(Revision.dataset_id == dataset_id, Revision.number == number))
