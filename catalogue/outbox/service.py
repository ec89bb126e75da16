"""Search outbox: enqueue in the writer's transaction, drain into the search engine after commit.

The SQL database is the truth. A change to a description adds an outbox row in the same
transaction; draining reads the description's current state and indexes (published) or deletes
(anything else) it, so replaying a row is harmless and the index converges even after a crash
or an engine outage.

One bad description never blocks the others. An unavailable engine (SearchUnavailable) leaves
the rows pending for the next drain. Any other failure is the description's own: the batch is
retried one description at a time, and those that still fail become dead letters (shown in
/health and by `catalogue outbox list`) while everything behind them goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.orm import Session

from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.needs import service as needs
from catalogue.outbox import repository as repo
from catalogue.outbox.models import SearchOutbox
from catalogue.saved_searches import service as saved_searches
from schemas.dataset import DatasetDescription
from schemas.errors import describe, summary
from schemas.search import SearchDocument
from search.document import project
from search.port import SearchEngine, SearchUnavailable

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    indexed: int = 0
    deleted: int = 0
    pending: int = 0
    error: str | None = None  # the engine was unavailable: rows wait for the next drain
    failed: dict[str, str] = field(default_factory=dict)  # description id -> why it became a dead letter


@dataclass
class RebuildResult:
    indexed: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # description id -> why it is not in the index


def enqueue(session: Session, dataset_id: str) -> None:
    repo.add(session, dataset_id)


def pending_count(session: Session) -> int:
    return repo.pending_count(session)


def dead_count(session: Session) -> int:
    return repo.dead_count(session)


def search_document(dataset: Dataset) -> SearchDocument:
    """The search projection of a published description."""
    return project(DatasetDescription.model_validate(dataset.record), dataset.published_at)


def reason(exc: BaseException) -> str:
    """A one-line, storable account of a failure (the type, then the message)."""
    if isinstance(exc, ValidationError):  # the stored record breaks the exchange format: name the fields
        text = f"invalid record: {summary(describe(exc))}"
    else:
        text = f"{type(exc).__name__}: {exc}".replace("\r", " ").replace("\n", " ")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")[:repo.ERROR_LENGTH]


def project_each(datasets: list[Dataset]) -> tuple[list[SearchDocument], dict[str, str]]:
    """The documents of the published descriptions, and why each one that cannot be projected fails."""
    docs: list[SearchDocument] = []
    failed: dict[str, str] = {}
    for dataset in datasets:
        if dataset.status != "published":
            continue
        try:
            doc = search_document(dataset)
        except Exception as exc:  # noqa: BLE001 - a stored record the current schema refuses, or worse
            failed[dataset.id] = reason(exc)
            continue
        if doc.id != dataset.id:
            failed[dataset.id] = f"the record's id {doc.id!r} is not the description's id"
        else:
            docs.append(doc)
    return docs, failed


def write(search: SearchEngine, docs: list[SearchDocument], gone: Collection[str], *, isolate: bool = False
          ) -> dict[str, str]:
    """Index `docs` and delete `gone`; returns the ids the engine refused and why.

    The batch is written at once; if it fails for any reason but SearchUnavailable (which
    propagates: the caller keeps the rows), each item is written alone to find the bad ones.
    """
    if not isolate:
        try:
            if docs:
                search.index(docs)
            if gone:
                search.delete(gone)
            return {}
        except SearchUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - find which items the engine refuses
            log.warning("search batch of %d failed (%s); writing its items one by one", len(docs) + len(gone),
                        reason(exc))
    failed: dict[str, str] = {}
    for doc in docs:
        try:
            search.index([doc])
        except SearchUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            failed[doc.id] = reason(exc)
    for doc_id in gone:
        try:
            search.delete([doc_id])
        except SearchUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            failed[doc_id] = reason(exc)
    return failed


def drain(sessions: Callable[[], Session], search: SearchEngine, batch: int = 500) -> DrainResult:
    """Apply pending outbox rows to the search engine, batch by batch, until none is left."""
    result = DrainResult()
    while True:
        with sessions() as session, session.begin():
            rows = repo.next_pending(session, batch)
            if not rows:
                return result
            ids = {dataset_id for _, dataset_id in rows}
            docs, failed = project_each(repo.datasets(session, ids))
        gone = ids - {doc.id for doc in docs} - set(failed)
        row_ids = [row_id for row_id, _ in rows]
        try:
            failed |= write(search, docs, gone)
            written = [doc for doc in docs if doc.id not in failed]
            saved_searches.alert(sessions, search, written)  # new matches
            needs.alert(sessions, search, written)  # open needs newly served
        except SearchUnavailable as exc:
            log.warning("search engine unavailable, %d outbox rows kept: %s", len(rows), exc)
            with sessions() as session, session.begin():
                repo.note_failure(session, row_ids, reason(exc))
                result.pending = repo.pending_count(session)
            result.error = str(exc)
            return result
        with sessions() as session, session.begin():
            now = utcnow()
            for dataset_id, why in failed.items():
                log.error("search outbox: description %s parked as a dead letter: %s", dataset_id, why)
                repo.bury(session, dataset_id, why, now, [r for r, d in rows if d == dataset_id])
            repo.remove(session, [row_id for row_id, dataset_id in rows if dataset_id not in failed])
            repo.remove_dead_of(session, ids - set(failed))
        result.indexed += len([doc for doc in docs if doc.id not in failed])
        result.deleted += len(gone - set(failed))
        result.failed |= failed


REBUILD_PAGE = 500


def published_documents(sessions: Callable[[], Session], failed: dict[str, str]) -> Iterator[SearchDocument]:
    """The documents of every published description, read a page at a time (a catalogue of a million is never
    in memory at once); each description that cannot be projected is added to `failed` with why."""
    after = ""
    while True:
        with sessions() as session, session.begin():
            page = repo.published_after(session, after, REBUILD_PAGE)
            if not page:
                return
            after = page[-1].id
            docs, bad = project_each(page)
        failed |= bad
        yield from docs


def rebuild(sessions: Callable[[], Session], search: SearchEngine) -> RebuildResult:
    """Rebuild the whole index from the published descriptions; clears the outbox it covers.

    Each description is projected on its own: one that fails is left out, reported and parked as
    a dead letter. If the engine refuses the rebuild for another reason than being unavailable,
    the documents are written one by one into the live index instead, and stale ones removed.
    The descriptions are read a page at a time: a change made meanwhile has an outbox row above
    `high`, which the next drain applies.
    """
    with sessions() as session, session.begin():
        high = repo.max_id(session)
    failed: dict[str, str] = {}
    try:
        count = search.rebuild(published_documents(sessions, failed))
    except SearchUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - find the documents the engine refuses, keep the others
        log.warning("rebuild failed (%s); indexing the descriptions one by one", reason(exc))
        failed, refused, good = {}, dict[str, str](), set[str]()
        for doc in published_documents(sessions, failed):
            refused |= write(search, [doc], (), isolate=True)
            good.add(doc.id)
        good -= set(refused)
        write(search, [], search.ids() - good)
        failed |= refused
        count = len(good)
    with sessions() as session, session.begin():
        repo.remove_covered(session, high, keep=set(failed))
        now = utcnow()
        for dataset_id, why in failed.items():
            repo.bury(session, dataset_id, why, now)
    return RebuildResult(indexed=count, failed=failed)


def retry(sessions: Callable[[], Session], search: SearchEngine, row_ids: Collection[int] | None = None
          ) -> tuple[int, DrainResult]:
    """Dead letters (`row_ids`, or all) back to pending, then drain; returns (revived, drain result)."""
    with sessions() as session, session.begin():
        revived = repo.revive(session, row_ids)
    return revived, drain(sessions, search)


def entries(session: Session, *, dead_only: bool = False, limit: int = 200) -> list[SearchOutbox]:
    """Outbox rows, oldest first: pending ones and dead letters (with why they failed)."""
    return repo.entries(session, dead_only=dead_only, limit=limit)


def entry(session: Session, row_id: int) -> SearchOutbox | None:
    return repo.get(session, row_id)


def drop(session: Session, row: SearchOutbox) -> None:
    """Forget a dead letter (its description is indexed again at its next change, or by a rebuild)."""
    repo.remove(session, [row.id])
