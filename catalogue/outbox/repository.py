"""SQL of the search outbox: pending rows, dead letters, and the descriptions they point to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, func, insert, select, update
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset
from catalogue.outbox.models import SearchOutbox

ERROR_LENGTH = 500


def add(session: Session, dataset_id: str) -> None:
    session.add(SearchOutbox(dataset_id=dataset_id))


def add_many(session: Session, dataset_ids: list[str]) -> None:
    """One pending row per description, in one statement (a bulk import)."""
    if dataset_ids:
        session.execute(insert(SearchOutbox), [{"dataset_id": dataset_id} for dataset_id in dataset_ids])


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox).where(SearchOutbox.dead_at.is_(None))) or 0


def dead_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox).where(SearchOutbox.dead_at.is_not(None))) or 0


def next_pending(session: Session, limit: int) -> list[tuple[int, str]]:
    """The oldest pending rows, (row id, dataset id); dead letters are skipped."""
    rows = session.execute(select(SearchOutbox.id, SearchOutbox.dataset_id).where(SearchOutbox.dead_at.is_(None))
                           .order_by(SearchOutbox.id).limit(limit))
    return [(row_id, dataset_id) for row_id, dataset_id in rows]


def datasets(session: Session, ids: Collection[str]) -> list[Dataset]:
    return list(session.scalars(select(Dataset).where(Dataset.id.in_(ids)))) if ids else []


def published_after(session: Session, after: str, limit: int) -> list[Dataset]:
    """The next published descriptions by id after `after` (a rebuild reads the catalogue a page at a time,
    through the (status, id) index)."""
    return list(session.scalars(select(Dataset).where(Dataset.status == "published", Dataset.id > after)
                                .order_by(Dataset.id).limit(limit)))


def max_id(session: Session) -> int:
    return session.scalar(select(func.max(SearchOutbox.id))) or 0


def remove(session: Session, row_ids: Collection[int]) -> None:
    if row_ids:
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(row_ids)))


def remove_dead_of(session: Session, dataset_ids: Collection[str]) -> None:
    """Dead letters made obsolete: their description has been indexed (or removed) since."""
    if dataset_ids:
        session.execute(delete(SearchOutbox).where(SearchOutbox.dataset_id.in_(dataset_ids),
                                                   SearchOutbox.dead_at.is_not(None)))


def remove_covered(session: Session, up_to: int, keep: Collection[str]) -> None:
    """Rows a rebuild covered (id <= up_to), except those of the descriptions in `keep`."""
    statement = delete(SearchOutbox).where(SearchOutbox.id <= up_to)
    if keep:
        statement = statement.where(SearchOutbox.dataset_id.not_in(keep))
    session.execute(statement)


def note_failure(session: Session, row_ids: Collection[int], error: str) -> None:
    """A transient failure: the rows stay pending; count the attempt and keep the reason."""
    if row_ids:
        session.execute(update(SearchOutbox).where(SearchOutbox.id.in_(row_ids))
                        .values(attempts=SearchOutbox.attempts + 1, last_error=error[:ERROR_LENGTH]))


def bury(session: Session, dataset_id: str, error: str, now: dt.datetime, row_ids: Iterable[int] | None = None) -> None:
    """Make the rows of `dataset_id` (those of `row_ids`, or all) dead letters; add one if there is none."""
    statement = update(SearchOutbox).where(SearchOutbox.dataset_id == dataset_id)
    if row_ids is not None:
        statement = statement.where(SearchOutbox.id.in_(list(row_ids)))
    values = dict(attempts=SearchOutbox.attempts + 1, last_error=error[:ERROR_LENGTH], dead_at=now)
    if not _changed(session.execute(statement.values(**values))):
        session.add(SearchOutbox(dataset_id=dataset_id, attempts=1, last_error=error[:ERROR_LENGTH], dead_at=now))


def entries(session: Session, *, dead_only: bool = False, limit: int = 200) -> list[SearchOutbox]:
    statement = select(SearchOutbox).order_by(SearchOutbox.id).limit(limit)
    if dead_only:
        statement = statement.where(SearchOutbox.dead_at.is_not(None))
    return list(session.scalars(statement))


def dead_dataset_ids(session: Session, limit: int = 50) -> list[str]:
    rows = session.scalars(select(SearchOutbox.dataset_id).where(SearchOutbox.dead_at.is_not(None))
                           .group_by(SearchOutbox.dataset_id).order_by(SearchOutbox.dataset_id).limit(limit))
    return list(rows)


def get(session: Session, row_id: int) -> SearchOutbox | None:
    return session.get(SearchOutbox, row_id)


def revive(session: Session, row_ids: Collection[int] | None = None) -> int:
    """Dead letters (those of `row_ids`, or all) back to pending; returns how many."""
    statement = update(SearchOutbox).where(SearchOutbox.dead_at.is_not(None))
    if row_ids is not None:
        statement = statement.where(SearchOutbox.id.in_(row_ids))
    return _changed(session.execute(statement.values(dead_at=None)))


def _changed(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed (its result is a CursorResult, which Session.execute's annotation omits)."""
    return cast(CursorResult[Any], result).rowcount or 0
