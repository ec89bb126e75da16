"""Dataset descriptions: create, edit, lifecycle, revisions, visibility. Services never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from catalogue import policies
from catalogue.datasets import lifecycle
from catalogue.datasets import repository as repo
from catalogue.datasets.diff import changed_paths
from catalogue.datasets.errors import DatasetExists, DatasetNotFound, ProducerMismatch, StaleVersion
from catalogue.datasets.models import Dataset, Revision
from catalogue.db import utcnow
from catalogue.organisations import repository as orgs
from catalogue.outbox.service import enqueue
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


def can_edit(actor: Principal, dataset: Dataset) -> bool:
    try:
        policies.write_dataset(actor, dataset.organisation_id)
    except Exception:  # noqa: BLE001 - any refusal means "no"
        return False
    return True


def list_page(uow: UnitOfWork, actor: Principal, *, organisation: str | None = None,
              status: str | None = None, page: int = 1, page_size: int = 20) -> tuple[int, list[Dataset]]:
    return repo.list_page(
        uow.session, organisation=organisation, status=status, member_of=list(actor.roles),
        all_orgs=actor.is_platform_admin, offset=(page - 1) * page_size, limit=page_size,
    )


def _record_revision(uow: UnitOfWork, dataset: Dataset, actor: Principal, action: str,
                     previous: dict[str, Any] | None) -> Revision:
    number = repo.last_revision_number(uow.session, dataset.id) + 1
    revision = Revision(
        dataset_id=dataset.id, number=number, actor_id=actor.user_id, action=action,
        status=dataset.status, record=dataset.record, changes=changed_paths(previous, dataset.record),
    )
    uow.session.add(revision)
    enqueue(uow.session, dataset.id)
    return revision


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
    if repo.get(uow.session, description.id) is not None:
        raise DatasetExists(f"dataset '{description.id}' already exists")
    record = description.to_record()
    record["producer"] = _producer_block(uow, description)
    now = utcnow()
    dataset = Dataset(id=description.id, organisation_id=description.producer.id, status="draft",
                      record=record, created_at=now, updated_at=now)
    uow.session.add(dataset)
    uow.flush()
    _record_revision(uow, dataset, actor, action, None)
    return dataset


def _check_version(dataset: Dataset, expected: int | None) -> None:
    if expected is not None and dataset.version != expected:
        raise StaleVersion(
            f"dataset '{dataset.id}' is at version {dataset.version}, not {expected}: "
            "reload it and apply your change again"
        )


def update(uow: UnitOfWork, actor: Principal, dataset_id: str, description: DatasetDescription, *,
           expected_version: int | None = None, action: str = "update") -> tuple[Dataset, bool]:
    """Replace the description's content; returns (dataset, changed). Unchanged content is a no-op."""
    dataset = get(uow, actor, dataset_id)
    policies.write_dataset(actor, dataset.organisation_id)
    _check_version(dataset, expected_version)
    if description.id != dataset_id:
        raise ProducerMismatch("id cannot change", details=[{"field": "id", "message": f"must be '{dataset_id}'"}])
    if description.producer.id != dataset.organisation_id:
        raise ProducerMismatch(
            f"dataset '{dataset_id}' belongs to '{dataset.organisation_id}'",
            details=[{"field": "producer.id", "message": f"must be '{dataset.organisation_id}'"}],
        )
    record = description.to_record()
    record["producer"] = _producer_block(uow, description)
    for kept in ("issued",):
        if kept not in record and kept in dataset.record:
            record[kept] = dataset.record[kept]
    if changed_paths(dataset.record, record) in ([], ["modified"]):
        return dataset, False
    if "modified" not in description.model_fields_set:
        record["modified"] = utcnow().date().isoformat()
    previous = dataset.record
    dataset.record = record
    dataset.updated_at = utcnow()
    _flush_guarded(uow, dataset)
    _record_revision(uow, dataset, actor, action, previous)
    return dataset, True


def transition(uow: UnitOfWork, actor: Principal, dataset_id: str, action: str, *,
               expected_version: int | None = None) -> Dataset:
    dataset = get(uow, actor, dataset_id)
    _check_version(dataset, expected_version)
    previous = dataset.record
    lifecycle.apply(dataset, action, actor, utcnow())
    dataset.updated_at = utcnow()
    _flush_guarded(uow, dataset)
    _record_revision(uow, dataset, actor, action, previous)
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
        _flush_guarded(uow, dataset)
        _record_revision(uow, dataset, actor, "producer_update", previous)
        changed.append(dataset)
    return changed


def _flush_guarded(uow: UnitOfWork, dataset: Dataset) -> None:
    """Flush with the optimistic version check: a concurrent writer makes this one a conflict."""
    dataset_id = dataset.id  # read before the flush: a failed flush expires the object
    try:
        uow.flush()
    except StaleDataError:
        raise StaleVersion(f"dataset '{dataset_id}' was changed by someone else meanwhile: reload it") from None


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


def export_records(uow: UnitOfWork, *, include_unpublished: bool = False) -> list[dict[str, Any]]:
    statuses = ("draft", "published", "archived") if include_unpublished else ("published",)
    return [d.record for d in repo.iter_all(uow.session, statuses=statuses)]
