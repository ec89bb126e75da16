"""Dataset descriptions: create, edit, lifecycle, revisions, visibility. Services never commit."""

from __future__ import annotations

from typing import Any

import datetime as dt

from catalogue import policies
from catalogue.concurrency import expect_version, flush_guarded
from catalogue.datasets import repository as repo
from catalogue.datasets.completeness import completeness
from catalogue.datasets.diff import changed_paths
from catalogue.datasets.errors import DatasetExists, DatasetNotFound, ProducerMismatch
from catalogue.datasets.lifecycle import LIFECYCLE, record_revision
from catalogue.datasets.models import Dataset, Revision
from catalogue.db import utcnow
from catalogue.errors import Forbidden
from catalogue.organisations import repository as orgs
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription


def _visible_to(actor: Principal, dataset: Dataset) -> bool:
    return dataset.status == "published" or policies.can_see_unpublished(actor, dataset.organisation_id)


def get(uow: UnitOfWork, actor: Principal, dataset_id: str) -> Dataset:
    """A description the actor may see; unpublished ones are 'not found' to everyone else."""
    dataset = repo.get(uow.session, dataset_id)
    if dataset is None or not _visible_to(actor, dataset):
        raise DatasetNotFound(f"dataset '{dataset_id}' not found")
    return dataset


def published_among(uow: UnitOfWork, dataset_ids: list[str]) -> list[Dataset]:
    """The published descriptions behind a page of search hits, in the hits' order.

    The index is a moment behind the database: a hit unpublished, archived or deleted since the
    engine answered is left out (never a draft's content, never a failed page).
    """
    found = repo.published_among(uow.session, dataset_ids)
    return [found[i] for i in dict.fromkeys(dataset_ids) if i in found]


def actions_for(actor: Principal, dataset: Dataset, now: dt.datetime | None = None) -> list[str]:
    """What `actor` may do with the description now: the lifecycle's answer, shown by every front door."""
    return LIFECYCLE.allowed(dataset, actor, now or utcnow())


MOVES = LIFECYCLE.actions  # the actions that change the state (the others, e.g. update, keep it)


def can_edit(actor: Principal, dataset: Dataset) -> bool:
    return "update" in actions_for(actor, dataset)


def sees_authors(actor: Principal, dataset: Dataset) -> bool:
    """Who made each revision is shown to the producer's members (and platform admins) only."""
    return policies.can_see_unpublished(actor, dataset.organisation_id)


def completeness_of(uow: UnitOfWork, actor: Principal, dataset_id: str) -> dict[str, Any]:
    """The completeness meter: for whoever may edit the description."""
    dataset = get(uow, actor, dataset_id)
    if not can_edit(actor, dataset):
        raise Forbidden("the completeness meter is shown to the description's producer")
    return completeness(dataset.record)


def list_page(uow: UnitOfWork, actor: Principal, *, organisation: str | None = None,
              status: str | None = None, page: int = 1, page_size: int = 20) -> tuple[int, list[Dataset]]:
    return repo.list_page(
        uow.session, organisation=organisation, status=status, member_of=list(actor.roles),
        all_orgs=actor.is_platform_admin, offset=(page - 1) * page_size, limit=page_size,
    )


def _producer_block(uow: UnitOfWork, description: DatasetDescription) -> dict[str, Any]:
    """The organisation is the truth for the producer block; it must exist."""
    org = orgs.get(uow.session, description.producer.id)
    if org is None:
        raise ProducerMismatch(
            f"producer.id '{description.producer.id}' is not an organisation of this catalogue",
            details=[{"field": "producer.id", "message": "unknown organisation"}],
        )
    return org.producer_block()


def create(uow: UnitOfWork, actor: Principal, description: DatasetDescription, *,
           action: str = "create") -> Dataset:
    policies.write_dataset(actor, description.producer.id)
    record = description.to_record()
    record["producer"] = _producer_block(uow, description)
    return insert(uow, actor, description.id, record, action=action)


def insert(uow: UnitOfWork, actor: Principal, dataset_id: str, record: dict[str, Any], *, action: str) -> Dataset:
    """Store a new draft whose record was checked by the caller (strictly, or as a draft)."""
    if repo.get(uow.session, dataset_id) is not None:
        raise DatasetExists(f"dataset '{dataset_id}' already exists")
    now = utcnow()
    dataset = Dataset(id=dataset_id, organisation_id=record["producer"]["id"], status="draft",
                      record=record, created_at=now, updated_at=now)
    uow.session.add(dataset)
    uow.flush()
    record_revision(uow, dataset, actor, action, None)
    return dataset


def update(uow: UnitOfWork, actor: Principal, dataset_id: str, description: DatasetDescription, *,
           expected_version: int | None = None, action: str = "update") -> tuple[Dataset, bool]:
    """Replace the description's content; returns (dataset, changed). Unchanged content is a no-op."""
    dataset = editable(uow, actor, dataset_id, expected_version)
    if description.id != dataset_id:
        raise ProducerMismatch("id cannot change", details=[{"field": "id", "message": f"must be '{dataset_id}'"}])
    if description.producer.id != dataset.organisation_id:
        raise ProducerMismatch(
            f"dataset '{dataset_id}' belongs to '{dataset.organisation_id}'",
            details=[{"field": "producer.id", "message": f"must be '{dataset.organisation_id}'"}],
        )
    record = description.to_record()
    record["producer"] = _producer_block(uow, description)
    return replace(uow, actor, dataset, record, action=action), dataset.record is record


def editable(uow: UnitOfWork, actor: Principal, dataset_id: str, expected_version: int | None) -> Dataset:
    """The description, if `actor` may edit it now and has seen its current version."""
    dataset = get(uow, actor, dataset_id)
    LIFECYCLE.check_act(dataset, "update", actor)
    expect_version(dataset, expected_version, f"dataset '{dataset_id}'")
    return dataset


def replace(uow: UnitOfWork, actor: Principal, dataset: Dataset, record: dict[str, Any], *,
            action: str) -> Dataset:
    """Write `record` (checked by the caller) as the new content, with a revision; unchanged, a no-op."""
    for kept in ("issued",):
        if kept not in record and kept in dataset.record:
            record[kept] = dataset.record[kept]
    if changed_paths(dataset.record, record) in ([], ["modified"]):
        return dataset
    if "modified" not in record:
        record["modified"] = utcnow().date().isoformat()
    previous = dataset.record
    dataset.record = record
    dataset.updated_at = utcnow()
    flush_guarded(uow, f"dataset '{dataset.id}'")
    record_revision(uow, dataset, actor, action, previous)
    return dataset


def transition(uow: UnitOfWork, actor: Principal, dataset_id: str, action: str, *,
               expected_version: int | None = None) -> Dataset:
    dataset = get(uow, actor, dataset_id)
    expect_version(dataset, expected_version, f"dataset '{dataset_id}'")
    LIFECYCLE.apply(uow, dataset, action, actor, utcnow())
    return dataset


def refresh_producer(uow: UnitOfWork, actor: Principal, organisation_id: str) -> list[Dataset]:
    """Copy the organisation's producer block (name, type, country) into each of its descriptions.

    Called when the organisation changes: each changed description gets a revision and is queued for
    search, so records, exports and search entries name the producer as it is now. The content is not
    re-validated: only the producer block changes, and the organisation holds it valid.
    """
    org = orgs.get(uow.session, organisation_id)
    if org is None:
        return []
    block, changed = org.producer_block(), []
    for dataset in repo.of_organisation(uow.session, organisation_id):
        if dataset.record.get("producer") == block:
            continue
        previous = dataset.record
        dataset.record = {**previous, "producer": block}
        dataset.updated_at = utcnow()
        flush_guarded(uow, f"dataset '{dataset.id}'")
        record_revision(uow, dataset, actor, "producer_update", previous)
        changed.append(dataset)
    return changed


def revisions(uow: UnitOfWork, actor: Principal, dataset_id: str) -> list[Revision]:
    dataset = get(uow, actor, dataset_id)
    if dataset.status == "published" and not policies.can_see_unpublished(actor, dataset.organisation_id):
        # The public sees the published history only, never a draft's content.
        return [r for r in repo.revisions(uow.session, dataset_id) if r.status == "published"]
    return repo.revisions(uow.session, dataset_id)


def revision(uow: UnitOfWork, actor: Principal, dataset_id: str, number: int) -> Revision:
    found = next((r for r in revisions(uow, actor, dataset_id) if r.number == number), None)
    if found is None:
        raise DatasetNotFound(f"revision {number} of dataset '{dataset_id}' not found")
    return found


def published_page(uow: UnitOfWork, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """How many descriptions are published, and the records of one page of them, by id (two queries:
    the catalogue's RDF pages never load the whole catalogue)."""
    total = repo.count_with(uow.session, statuses=("published",))
    return total, [d.record for d in repo.page_with(uow.session, statuses=("published",), offset=offset,
                                                       limit=limit)]


def export_records(uow: UnitOfWork, *, include_unpublished: bool = False) -> list[dict[str, Any]]:
    statuses = ("draft", "published", "archived") if include_unpublished else ("published",)
    return [d.record for d in repo.iter_all(uow.session, statuses=statuses)]
