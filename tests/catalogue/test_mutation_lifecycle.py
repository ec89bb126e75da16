"""What a description's lifecycle step writes besides the state (catalogue/datasets/lifecycle.py: _publish,
_keep, record_revision, _record, _stamp), checked on the real stores (issue 11, item 5).

Written from a mutation run (scripts/mutation.sh): the pinned lifecycle tests look at the state only.
Each step is a numbered revision (who, which action, the state, what changed since the record before
the step, the record itself) and a search-outbox row; publishing dates the description.
"""

from __future__ import annotations

import copy

from sqlalchemy import select

from catalogue.accounts import service as accounts
from catalogue.datasets import service as datasets
from catalogue.datasets.models import Revision
from catalogue.db import as_utc, utcnow
from catalogue.outbox.models import SearchOutbox
from catalogue.principal import Principal
from schemas.dataset import DatasetDescription


def queued(uow) -> list[str]:
    """The descriptions waiting for search in this transaction (a commit drains the outbox)."""
    return list(uow.session.scalars(select(SearchOutbox.dataset_id).order_by(SearchOutbox.id)))


def test_each_step_is_a_numbered_revision_queued_for_search_and_publishing_dates_it(container, actors, record):
    with container.uow() as uow:
        editor = Principal.of(accounts.find_user(uow, "editor@example.org"))
        admin = Principal.of(accounts.find_user(uow, "orgadmin@example.org"))
    body = copy.deepcopy(record)
    body.pop("issued", None)
    with container.uow() as uow:
        datasets.create(uow, editor, DatasetDescription.model_validate(body))
        uow.commit()

    before = utcnow()
    with container.uow() as uow:
        datasets.transition(uow, editor, "registre-test", "publish")
        assert queued(uow) == ["registre-test"]  # drained when the transaction commits
        uow.commit()
    after = utcnow()
    with container.uow() as uow:
        dataset = datasets.get(uow, editor, "registre-test")
        published_at = as_utc(dataset.published_at)
        assert before <= published_at <= after
        assert as_utc(dataset.updated_at) == published_at  # the step's one instant
        assert dataset.record["issued"] == published_at.date().isoformat()
        published_record = dataset.record

    with container.uow() as uow:
        datasets.transition(uow, editor, "registre-test", "unpublish")
        datasets.transition(uow, admin, "registre-test", "archive")
        assert queued(uow) == ["registre-test", "registre-test"]
        uow.commit()

    with container.uow() as uow:
        revisions = list(uow.session.scalars(select(Revision).where(Revision.dataset_id == "registre-test")
                                             .order_by(Revision.number)))
        rows = [(r.number, r.action, r.status, r.changes, r.actor_id) for r in revisions]
        assert rows[0][:3] == (1, "create", "draft")
        assert rows[1:] == [
            (2, "publish", "published", ["issued"], editor.user_id),  # the record before publishing lacked it
            (3, "unpublish", "draft", [], editor.user_id),  # the record is kept as it was
            (4, "archive", "archived", [], admin.user_id),
        ]
        assert revisions[1].record == published_record and revisions[3].record == published_record
        dataset = datasets.get(uow, admin, "registre-test")
        assert (dataset.status, as_utc(dataset.published_at)) == ("archived", published_at)
