"""The description lifecycle, declared as one table (see catalogue/workflow.py for how it runs).

No code sets `Dataset.status` anywhere else. Editors and admins of the producer write, publish and
unpublish; archiving and restoring are an admin decision. A description may be edited in any state
(an archived one is edited to be restored, a published one is corrected in place). A draft may be
incomplete (catalogue/datasets/drafts.py); publishing checks it is whole (catalogue/datasets/rules.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from catalogue import policies
from catalogue.datasets import repository as repo
from catalogue.datasets import rules
from catalogue.datasets.diff import changed_paths
from catalogue.datasets.models import Dataset, Revision
from catalogue.db import utcnow
from catalogue.outbox.service import enqueue
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from catalogue.workflow import Act, Move, Step, Workflow, states_of
from schemas.vocabularies import DatasetStatus

State = states_of(get_args(DatasetStatus), "DatasetState")  # the table's states must be these


def write(actor: Principal, dataset: Dataset) -> None:
    policies.write_dataset(actor, dataset.organisation_id)


def archive(actor: Principal, dataset: Dataset) -> None:
    policies.archive_dataset(actor, dataset.organisation_id)


def _keep(uow: UnitOfWork, move: Move[Dataset]) -> None:
    """The revision records what changed since the record as it was before the step."""
    move.notes["previous_record"] = move.thing.record


def _publish(uow: UnitOfWork, move: Move[Dataset]) -> None:
    """The first publication dates the description (`issued`), unless its producer gave a date."""
    _keep(uow, move)
    dataset = move.thing
    dataset.published_at = move.now
    if "issued" not in dataset.record:
        dataset.record = {**dataset.record, "issued": move.now.date().isoformat()}


def _publish_whole(uow: UnitOfWork, move: Move[Dataset]) -> None:
    """A draft may be kept incomplete; it is published only whole, and valid for every export. Checked
    once the policy allowed the actor (a guard would answer outsiders before the policy does); the
    refusal names each missing field (rules.NotPublishable)."""
    rules.check_publishable(move.thing.record)
    _publish(uow, move)


STEPS: dict[tuple[str, str], Step[Dataset]] = {
    ("draft", "publish"): Step("published", write, effect=_publish_whole),
    ("published", "unpublish"): Step("draft", write, effect=_keep),
    ("draft", "archive"): Step("archived", archive, effect=_keep),
    ("published", "archive"): Step("archived", archive, effect=_keep),
    ("archived", "restore"): Step("draft", archive, effect=_keep),
}
ACTS: dict[str, Act[Dataset]] = {
    "update": Act(("draft", "published", "archived"), write, "a {status} description cannot be edited"),
}


def revision_of(dataset: Dataset, actor: Principal, action: str, previous: dict | None, number: int,
                now: dt.datetime) -> dict[str, Any]:
    """The columns of revision `number`: the description as it is now, and what changed since `previous`."""
    return {"dataset_id": dataset.id, "number": number, "actor_id": actor.user_id, "action": action,
            "status": str(dataset.status), "record": dataset.record,
            "changes": changed_paths(previous, dataset.record), "created_at": now}


def record_revision(uow: UnitOfWork, dataset: Dataset, actor: Principal, action: str,
                    previous: dict | None) -> Revision:
    """Every change to a description is a numbered revision, and is queued for search (outbox)."""
    number = repo.last_revision_number(uow.session, dataset.id) + 1
    revision = Revision(**revision_of(dataset, actor, action, previous, number, utcnow()))
    uow.session.add(revision)
    enqueue(uow.session, dataset.id)
    return revision


def _record(uow: UnitOfWork, move: Move[Dataset]) -> None:
    record_revision(uow, move.thing, move.actor, move.action, move.notes["previous_record"])


def _stamp(dataset: Dataset, now: dt.datetime) -> None:
    dataset.updated_at = now


LIFECYCLE: Workflow[Dataset] = Workflow("description", State, STEPS, ACTS, label=lambda d: f"dataset '{d.id}'",
                                        stamp=_stamp, record=_record)
ACTIONS = LIFECYCLE.actions

