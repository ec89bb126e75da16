"""`store_many` (the import's and the harvest's batch writer) stores exactly what `store_one` stores line by
line: the same outcomes and refusals, the same descriptions, versions, revisions, organisations and search
outbox, on both stacks."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from catalogue.accounts import service as accounts
from catalogue.bootstrap import Container
from catalogue.datasets import store as store_module
from catalogue.datasets.models import Dataset, Revision
from catalogue.datasets.store import Stored, store_many, store_one
from catalogue.errors import DomainError
from catalogue.organisations.models import Membership, Organisation
from catalogue.outbox.models import SearchOutbox
from catalogue.principal import SYSTEM, Principal
from schemas.dataset import DatasetDescription
from tests.conftest import corpus_records


def description(base: dict[str, Any], ident: str, producer: str, name: str = "Producer", **changes: Any
                ) -> DatasetDescription:
    record = copy.deepcopy(base)
    record["id"] = ident
    record["producer"] = {"id": producer, "name": name, "type": "registry", "country": "FR"}
    record.update(changes)
    return DatasetDescription.model_validate(record)


def scenario() -> tuple[list[DatasetDescription], list[DatasetDescription]]:
    """(stored before, then the batch): every path a batch can take, in one order."""
    a, b, c = corpus_records()[:3]
    before = [description(a, "already-here", "chu-test")]
    batch = [
        description(b, "new-one", "new-producer", "First name"),         # created, with its organisation
        description(c, "new-two", "new-producer", "Second name"),        # same new organisation: the first's
        description(a, "already-here", "chu-test", title={"fr": "Nouveau titre"}),  # updated
        description(b, "new-one", "new-producer", title={"fr": "Encore"}),          # twice in the batch: updated
        description(c, "someone-elses", "other-org"),                    # created (SYSTEM) or refused (editor)
        description(a, "already-here", "chu-test", title={"fr": "Nouveau titre"}),  # unchanged
        description(b, "new-one", "chu-test"),                           # belongs to new-producer: refused
        description(c, "new-three", "chu-test"),                         # created
        description(a, "new-four", "chu-test", volume={"individuals": 12}),  # created
        description(b, "new-five", "chu-test"),                          # created
        description(b, "new-five", "chu-test"),                          # right after: unchanged
        description(a, "new-six", "new-producer", "Third name"),         # an organisation a past batch made
    ]
    return before, batch


def snapshot(container: Container) -> dict[str, Any]:
    with container.uow() as uow:
        s = uow.session
        return {
            "datasets": sorted((d.id, d.organisation_id, d.status, d.record, d.version, d.published_at is None)
                               for d in s.scalars(select(Dataset))),
            "revisions": sorted((r.dataset_id, r.number, r.actor_id, r.action, r.status, r.record, r.changes)
                                for r in s.scalars(select(Revision))),
            "organisations": sorted(tuple(o.producer_block().values()) for o in s.scalars(select(Organisation))),
            "outbox": sorted(set(s.scalars(select(SearchOutbox.dataset_id)))),
        }


def wipe(container: Container) -> None:
    with container.uow() as uow:
        for model in (SearchOutbox, Revision, Dataset):
            uow.session.execute(delete(model))
        uow.session.execute(delete(Organisation).where(Organisation.id.not_in(["chu-test", "other-org"])))
        uow.commit()


def outcome(result: Stored | DomainError) -> tuple[str, ...]:
    if isinstance(result, DomainError):
        return (type(result).__name__, result.message, repr(result.details))
    return (result.outcome, str(result.published), str(result.organisation_created))


ALONE: list[str] = []  # the ids store_many sent to store_one in the last run


def run(container: Container, actor: Principal, *, publish: bool, bulk: bool) -> tuple[list, dict[str, Any]]:
    before, batch = scenario()
    with container.uow() as uow:
        for item in before:
            assert isinstance(store_one(uow, SYSTEM, item, publish=publish, action="import"), Stored)
        if bulk:
            ALONE.clear()

            def counted(uow: Any, actor: Principal, description: DatasetDescription, **kwargs: Any) -> Any:
                ALONE.append(description.id)
                return store_one(uow, actor, description, **kwargs)

            store_module.store_one = counted  # type: ignore[assignment]
            try:
                results = store_many(uow, actor, batch, publish=publish, action="import")
            finally:
                store_module.store_one = store_one
        else:
            results = [store_one(uow, actor, item, publish=publish, action="import") for item in batch]
        uow.commit()
    return [outcome(r) for r in results], snapshot(container)


@pytest.fixture
def editor(container: Container) -> Principal:
    """An editor of chu-test (a real account: revisions name it)."""
    from catalogue.organisations import service as organisations
    from schemas.organisations import OrganisationIn

    with container.uow() as uow:
        for org_id in ("chu-test", "other-org"):
            organisations.create(uow, SYSTEM, OrganisationIn(id=org_id, name=org_id, type="registry"))
        user = accounts.create_user(uow, email="editor@example.org", name="editor", password="correct horse battery",
                                    verified=True)
        uow.session.add(Membership(organisation_id="chu-test", user_id=user.id, role="editor"))
        uow.commit()
        return Principal(user_id=user.id, email=user.email, roles={"chu-test": "editor"})


@pytest.mark.parametrize("who", ["system", "editor"])
@pytest.mark.parametrize("publish", [True, False])
def test_a_batch_stores_what_line_by_line_stores(container: Container, editor: Principal, who: str,
                                                 publish: bool) -> None:
    actor = SYSTEM if who == "system" else editor
    bulk = run(container, actor, publish=publish, bulk=True)
    wipe(container)
    line_by_line = run(container, actor, publish=publish, bulk=False)
    assert bulk == line_by_line
    outcomes = [o[0] for o in bulk[0]]
    expected = ["created", "created", "updated", "updated",
                "created" if who == "system" else "Forbidden", "unchanged", "ProducerMismatch", "created", "created",
                "created", "unchanged", "created"]
    if who == "editor":  # an editor of chu-test creates no organisation and writes none of new-producer's
        expected[:2] = ["Forbidden", "Forbidden"]
        expected[3] = "Forbidden"
        expected[6] = "created"  # new-one was refused, so this line creates it for chu-test
        expected[11] = "Forbidden"
    assert outcomes == expected
    # Only what must go line by line did (what is already stored, or twice in the batch): the new ones were
    # written in bulk, not rescued one by one by the fallback after a failed bulk write.
    assert ALONE == (["already-here", "new-one", "already-here", "new-one", "new-five"] if who == "system"
                     else ["already-here", "already-here", "new-five"])
    assert {r[3] for r in bulk[1]["revisions"]} == ({"import", "publish"} if publish else {"import"})
    datasets = {row[0]: row for row in bulk[1]["datasets"]}
    assert all(row[2] == ("published" if publish else "draft") for row in datasets.values())
    assert all(row[4] == len([r for r in bulk[1]["revisions"] if r[0] == ident]) for ident, row in datasets.items())
    if who == "system":
        assert ("new-producer", "First name", "registry", "FR") in bulk[1]["organisations"]
        assert datasets["new-two"][3]["producer"]["name"] == "First name"


def test_when_the_bulk_write_fails_each_description_is_stored_alone(container: Container, editor: Principal,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    expected = run(container, SYSTEM, publish=True, bulk=False)
    wipe(container)
    real, calls = store_module._write, []

    def failing_once(uow: Any, batch: Any) -> None:  # as when another writer created one of them meanwhile
        calls.append(len(batch.items))
        if len(calls) == 1:
            raise IntegrityError("INSERT", {}, Exception("duplicate key"))
        real(uow, batch)

    monkeypatch.setattr(store_module, "_write", failing_once)
    assert run(container, SYSTEM, publish=True, bulk=True) == expected
    assert ALONE[:2] == ["new-one", "new-two"]  # the failed batch, one by one
    assert calls[0] == 2  # the two new descriptions before the first update, then stored alone



@pytest.mark.parametrize("bulk", [True, False])
def test_what_publishing_refuses_is_kept_as_a_draft_and_named(container: Container, editor: Principal,
                                                               bulk: bool) -> None:
    """An import or harvest asked to publish a description without an EHDS health category (HealthDCAT-AP
    needs one) keeps it as a draft, in bulk as line by line, and says what it lacks."""
    base = corpus_records()[0]
    lacking = description(base, "sans-categorie", "chu-test",
                          typology={**base["typology"], "health_categories": []})
    whole = description(base, "avec-categorie", "chu-test")
    with container.uow() as uow:
        if bulk:
            results = store_many(uow, SYSTEM, [lacking, whole], publish=True, action="import")
        else:
            results = [store_one(uow, SYSTEM, item, publish=True, action="import") for item in (lacking, whole)]
        uow.commit()
    assert results == [Stored("created", False, False, ("typology.health_categories",)),
                       Stored("created", True, False)]
    statuses = {ident: status for ident, _, status, *_ in snapshot(container)["datasets"]}
    assert statuses == {"sans-categorie": "draft", "avec-categorie": "published"}
