"""Search outbox: enqueue in the writer's transaction, drain into the search engine after commit.

The SQL database is the truth. A change to a description adds an outbox row in the same
transaction; draining reads the description's current state and indexes (published) or deletes
(anything else) it, so replaying a row is harmless and the index converges even after a crash
or an engine outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset
from catalogue.outbox.models import SearchOutbox
from schemas.dataset import DatasetDescription
from search.document import project
from search.port import SearchEngine, SearchUnavailable

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    indexed: int = 0
    deleted: int = 0
    pending: int = 0
    error: str | None = None


def enqueue(session: Session, dataset_id: str) -> None:
    session.add(SearchOutbox(dataset_id=dataset_id))


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def search_document(dataset: Dataset):
    """The search projection of a published description."""
    return project(DatasetDescription.model_validate(dataset.record), dataset.published_at)


def drain(sessions: Callable[[], Session], search: SearchEngine, batch: int = 500) -> DrainResult:
    """Apply pending outbox rows to the search engine, batch by batch, until none is left."""
    result = DrainResult()
    while True:
        with sessions() as session, session.begin():
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.dataset_id).order_by(SearchOutbox.id).limit(batch)
            ).all()
            if not rows:
                return result
            ids = {dataset_id for _, dataset_id in rows}
            datasets = session.scalars(select(Dataset).where(Dataset.id.in_(ids))).all()
            docs = [search_document(d) for d in datasets if d.status == "published"]
        gone = ids - {doc.id for doc in docs}
        row_ids = [row_id for row_id, _ in rows]
        try:
            if docs:
                search.index(docs)
            if gone:
                search.delete(gone)
        except SearchUnavailable as exc:
            log.warning("search engine unavailable, %d outbox rows kept: %s", len(rows), exc)
            with sessions() as session, session.begin():
                session.execute(
                    update(SearchOutbox).where(SearchOutbox.id.in_(row_ids))
                    .values(attempts=SearchOutbox.attempts + 1, last_error=str(exc)[:500])
                )
                result.pending = pending_count(session)
            result.error = str(exc)
            return result
        with sessions() as session, session.begin():
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(row_ids)))
        result.indexed += len(docs)
        result.deleted += len(gone)


def rebuild(sessions: Callable[[], Session], search: SearchEngine) -> int:
    """Rebuild the whole index from the published descriptions; clears the outbox it covers."""
    with sessions() as session, session.begin():
        high = session.scalar(select(func.max(SearchOutbox.id))) or 0
        datasets = session.scalars(select(Dataset).where(Dataset.status == "published")).all()
        docs = [search_document(d) for d in datasets]
    count = search.rebuild(docs)
    with sessions() as session, session.begin():
        session.execute(delete(SearchOutbox).where(SearchOutbox.id <= high))
    return count
