"""Saving a description as it is being written: a draft is kept incomplete, anything else stays whole.

The form (and any front door that edits a description piece by piece) saves through here: a draft
keeps whatever was given as long as nothing given is malformed (`rules.check_draft`); a published
or archived description is replaced only by one that could be published (`rules.check_publishable`),
so what the public sees never loses a required field. Publishing checks the same rules
(`lifecycle`: the guard of the publish step).
"""

from __future__ import annotations

from typing import Any

from catalogue import policies
from catalogue.datasets import rules
from catalogue.datasets import service as datasets
from catalogue.datasets.errors import ProducerMismatch
from catalogue.datasets.models import Dataset
from catalogue.organisations import repository as orgs
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork


def _with_producer(uow: UnitOfWork, organisation_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """The organisation is the truth for the producer block; it must exist."""
    org = orgs.get(uow.session, organisation_id)
    if org is None:
        raise ProducerMismatch(f"'{organisation_id}' is not an organisation of this catalogue",
                               details=[{"field": "producer.id", "code": "unknown", "params": {},
                                         "message": "unknown organisation"}])
    return {**record, "producer": org.producer_block()}


def create(uow: UnitOfWork, actor: Principal, organisation_id: str, record: dict[str, Any]
           ) -> tuple[Dataset, list[rules.Problem]]:
    """A new draft of `organisation_id`, however incomplete; returns it and what publishing still needs."""
    policies.write_dataset(actor, organisation_id)
    record = _with_producer(uow, organisation_id, record)
    missing = rules.check_draft(record)
    return datasets.insert(uow, actor, str(record["id"]), rules.as_stored(record), action="create"), missing


def save(uow: UnitOfWork, actor: Principal, dataset_id: str, record: dict[str, Any], *,
         expected_version: int | None = None, action: str = "update") -> tuple[Dataset, bool, list[rules.Problem]]:
    """Replace the content: leniently for a draft, strictly otherwise. Returns (dataset, changed, missing)."""
    dataset = datasets.editable(uow, actor, dataset_id, expected_version)
    record = _with_producer(uow, dataset.organisation_id, {**record, "id": dataset_id})
    if dataset.status == "draft":
        missing = rules.check_draft(record)
    else:
        rules.check_publishable(record)
        missing = []
    before = dataset.record
    dataset = datasets.replace(uow, actor, dataset, rules.as_stored(record), action=action)
    return dataset, dataset.record is not before, missing
