"""Storing whole descriptions from outside (a file import, a harvest): create or update, then publish
(only what publishing accepts: the others are kept as drafts, and `Stored.held` names what they lack).

`store` writes one description the way an editor would, through the services (each step flushed and
recorded). `store_many` gives the same result for a batch, faster: the descriptions new to the catalogue
are checked one by one exactly as `store` checks them (policy, lifecycle), then written with one insert
of the descriptions, one of their revisions and one of their search outbox rows. Anything else (an id
already stored, an id twice in the batch) goes through `store`, in the batch's order, so the outcome of
every description is the one `store` would have given, line by line. The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.exc import SQLAlchemyError

from catalogue import policies
from catalogue.datasets import repository as repo
from catalogue.datasets import rules
from catalogue.datasets import service
from catalogue.datasets.lifecycle import LIFECYCLE, revision_of
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.errors import DomainError
from catalogue.organisations import service as organisations
from catalogue.organisations import repository as orgs_repo
from catalogue.organisations.models import Organisation
from catalogue.outbox import repository as outbox
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription


@dataclass(frozen=True)
class Stored:
    outcome: str  # created | updated | unchanged
    published: bool  # published by this call
    organisation_created: bool  # its producer's organisation was created by this call
    held: tuple[str, ...] = ()  # publishing was asked but needs these fields (rules): kept as a draft


def _held(record: dict[str, Any]) -> tuple[str, ...]:
    """What publishing still needs: a description from outside that lacks it is kept as a draft, and the
    caller says so (one description that cannot be published blocks neither itself nor the others)."""
    return tuple(dict.fromkeys(p.field for p in rules.publication_problems(record)))


def store(uow: UnitOfWork, actor: Principal, description: DatasetDescription, *, publish: bool,
          action: str) -> Stored:
    """Create or update one description (and its organisation when missing); publish a draft if asked.
    Raises the services' DomainError; the caller rolls back to its savepoint."""
    _, created_org = organisations.ensure_for_producer(uow, description.producer)
    if repo.get(uow.session, description.id) is None:
        dataset, outcome = service.create(uow, actor, description, action=action), "created"
    else:
        dataset, changed = service.update(uow, actor, description.id, description, action=action)
        outcome = "updated" if changed else "unchanged"
    held = _held(dataset.record) if publish and dataset.status == "draft" else ()
    published = publish and dataset.status == "draft" and not held
    if published:
        service.transition(uow, actor, dataset.id, "publish")
    return Stored(outcome, published, created_org, held)


def store_one(uow: UnitOfWork, actor: Principal, description: DatasetDescription, *, publish: bool,
              action: str) -> Stored | DomainError:
    """`store` under a savepoint: a refusal is returned, and nothing of it is left behind."""
    savepoint = uow.session.begin_nested()
    try:
        stored = store(uow, actor, description, publish=publish, action=action)
    except DomainError as refusal:
        savepoint.rollback()
        return refusal
    savepoint.commit()
    return stored


@dataclass
class _New:
    index: int
    dataset: Dataset
    revisions: list[dict[str, Any]]
    organisation: Organisation | None  # created for it, not yet written
    held: tuple[str, ...] = ()  # publishing asked, but it needs these: a draft


class _Batch:
    """The new descriptions waiting to be written together."""

    def __init__(self) -> None:
        self.items: list[_New] = []
        self.ids: set[str] = set()

    def add(self, item: _New) -> None:
        self.items.append(item)
        self.ids.add(item.dataset.id)


def _prepare(uow: UnitOfWork, actor: Principal, description: DatasetDescription, index: int, *, publish: bool,
             action: str, organisation: Organisation | None) -> _New:
    """A new description as `store` would write it, in memory: the same checks, in the same order."""
    created = organisation is None
    if organisation is None:
        organisation = Organisation(id=description.producer.id, name=description.producer.name,
                                    type=description.producer.type, country=description.producer.country)
    policies.write_dataset(actor, description.producer.id)  # service.create's check
    record = description.to_record()
    record["producer"] = organisation.producer_block()
    now = utcnow()
    dataset = Dataset(id=description.id, organisation_id=description.producer.id, status="draft", record=record,
                      created_at=now, updated_at=now, published_at=None)
    revisions = [revision_of(dataset, actor, action, None, 1, now)]
    held = _held(record) if publish else ()
    if publish and not held:
        move = LIFECYCLE.take(uow, dataset, "publish", actor, now)
        revisions.append(revision_of(dataset, actor, "publish", move.notes["previous_record"], 2, now))
    return _New(index, dataset, revisions, organisation if created else None, held)


def _write(uow: UnitOfWork, batch: _Batch) -> None:
    """One insert of each kind for the whole batch, under one savepoint."""
    if not batch.items:
        return
    with uow.session.begin_nested():
        uow.session.add_all([item.organisation for item in batch.items if item.organisation is not None])
        uow.session.flush()
        repo.insert_many(uow.session, [
            {"id": d.id, "organisation_id": d.organisation_id, "status": str(d.status), "record": d.record,
             "version": len(item.revisions), "created_at": d.created_at, "updated_at": d.updated_at,
             "published_at": d.published_at}
            for item in batch.items for d in [item.dataset]], [row for item in batch.items for row in item.revisions])
        outbox.add_many(uow.session, [item.dataset.id for item in batch.items])


def store_many(uow: UnitOfWork, actor: Principal, descriptions: Sequence[DatasetDescription], *, publish: bool,
               action: str) -> list[Stored | DomainError]:
    """For each description, in order, what `store_one` would return; the new ones written in bulk.

    Should the bulk write fail (a description or organisation created meanwhile by another writer), the
    batch's new descriptions are stored one by one instead, each with its own outcome.
    """
    results: list[Stored | DomainError | None] = [None] * len(descriptions)
    producer_ids = {d.producer.id for d in descriptions}
    known = orgs_repo.by_ids(uow.session, producer_ids)
    stored_ids = repo.existing_ids(uow.session, {d.id for d in descriptions})
    batch = _Batch()
    made: dict[str, Organisation] = {}  # organisations the batch creates, by id

    def flush() -> None:
        nonlocal batch
        pending, batch = batch, _Batch()
        made.clear()
        try:
            _write(uow, pending)
        except SQLAlchemyError:
            for item in pending.items:  # someone else wrote one of them meanwhile: let `store` say which
                results[item.index] = store_one(uow, actor, descriptions[item.index], publish=publish,
                                                action=action)
                stored_ids.add(item.dataset.id)
                org = orgs_repo.get(uow.session, item.dataset.organisation_id)
                if org is not None:
                    known[org.id] = org
            return
        for item in pending.items:
            stored_ids.add(item.dataset.id)
            if item.organisation is not None:
                known[item.organisation.id] = item.organisation
            results[item.index] = Stored("created", publish and not item.held, item.organisation is not None,
                                         item.held)

    for index, description in enumerate(descriptions):
        if description.id in stored_ids or description.id in batch.ids:
            flush()  # what came before it is written first, as line by line
            results[index] = store_one(uow, actor, description, publish=publish, action=action)
            stored_ids.add(description.id)
            continue
        org = known.get(description.producer.id) or made.get(description.producer.id)
        try:
            item = _prepare(uow, actor, description, index, publish=publish, action=action, organisation=org)
        except DomainError as refusal:
            results[index] = refusal
            continue
        if item.organisation is not None:
            made[item.organisation.id] = item.organisation
        batch.add(item)
    flush()
    assert all(result is not None for result in results)
    return cast("list[Stored | DomainError]", results)
