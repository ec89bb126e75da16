"""What a request shows of the descriptions it names: what was published, never the live draft.

A snapshot (title in each language, producer name, revision number) is taken from a description
only while it is published: when the request names it, and again at each submission and decision.
A description unpublished meanwhile keeps its last published snapshot.
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests import repository as repo
from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.datasets.models import Dataset
from catalogue.uow import UnitOfWork


def take(uow: UnitOfWork, item: RequestedDataset, dataset: Dataset | None, now: dt.datetime) -> None:
    """Copy what `dataset` publishes onto the request's row; a non-published description changes nothing."""
    if dataset is None or dataset.status != "published":
        return
    record = dataset.record or {}
    title = record.get("title")
    snapshot = dict(title) if isinstance(title, dict) else {"fr": str(title or item.dataset_id)}
    producer = str((record.get("producer") or {}).get("name") or "")[:300] or None
    revision = repo.last_revision_number(uow.session, dataset.id) or None
    if (item.published_title, item.published_producer, item.published_revision) != (snapshot, producer, revision):
        item.published_title, item.published_producer, item.published_revision = snapshot, producer, revision
        item.snapshot_at = now


def refresh(uow: UnitOfWork, request: AccessRequest, now: dt.datetime) -> None:
    """Take a snapshot of every named description that is published now."""
    found = repo.datasets(uow.session, [d.dataset_id for d in request.datasets])
    for item in request.datasets:
        take(uow, item, found.get(item.dataset_id), now)


def terms(uow: UnitOfWork, request: AccessRequest) -> list[tuple[RequestedDataset, dict | None]]:
    """Each named description's record as published when the request was filed or decided, else as
    published now; None for one never seen published (a draft's terms are nobody's to read)."""
    return [(d, published_record(uow, d) or (d.dataset.record if d.dataset.status == "published" else None))
            for d in request.datasets]


def published_record(uow: UnitOfWork, item: RequestedDataset) -> dict:
    """The record as published at the snapshot (its access terms, for the review page); {} if unknown."""
    if item.published_revision is None:
        return {}
    revision = repo.revision(uow.session, item.dataset_id, item.published_revision)
    return dict(revision.record) if revision is not None and revision.status == "published" else {}
