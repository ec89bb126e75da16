"""SQL-store contract: the same behaviour on SQLite (embedded) and PostgreSQL (production).

Migrations, descriptions with revisions, lifecycle, optimistic concurrency, the search outbox
written in the writer's transaction, and an import round trip of the corpus.
"""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, inspect, select

from catalogue.bootstrap import bootstrap
from catalogue.datasets import service
from catalogue.errors import StaleVersion
from catalogue.datasets.importer import import_lines
from catalogue.outbox.models import SearchOutbox
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from schemas.dataset import DatasetDescription
from tests.conftest import corpus_records
from tests.contracts.sql_stores import STORES, database_url
from tests.races import LOSER, overlap, store


@pytest.fixture(params=STORES)
def container(request, tmp_path):
    url = database_url(request.param, tmp_path)
    built = bootstrap(Settings(env="test", data_dir=tmp_path / "var", database_url=url))
    yield built
    built.close()


def make(record: dict, **changes) -> DatasetDescription:
    data = copy.deepcopy(record)
    data.update(changes)
    return DatasetDescription.model_validate(data)


def seed(container, record) -> None:
    import_lines(container.uow, SYSTEM, [DatasetDescription.model_validate(record).model_dump_json(exclude_unset=True)])


def test_migrations_create_every_table(container):
    tables = set(inspect(container.engine).get_table_names())
    assert {"organisations", "users", "memberships", "api_tokens", "datasets", "revisions",
            "documents", "search_outbox", "alembic_version"} <= tables


def test_unicode_record_round_trips_exactly(container, record):
    record["title"] = {"fr": "Données « santé » — œdème, 10 µg ✓", "en": "Data"}
    seed(container, record)
    with container.uow() as uow:
        assert service.get(uow, SYSTEM, "registre-test").record["title"] == record["title"]


def test_revisions_and_lifecycle(container, record):
    seed(container, record)
    with container.uow() as uow:
        service.update(uow, SYSTEM, "registre-test", make(record, summary={"fr": "Nouveau"}))
        service.transition(uow, SYSTEM, "registre-test", "publish")
        uow.commit()
    with container.uow() as uow:
        revisions = service.revisions(uow, SYSTEM, "registre-test")
        assert [(r.number, r.action, r.status) for r in revisions] == [
            (1, "import", "draft"), (2, "update", "draft"), (3, "publish", "published")]
        assert "summary.fr" in revisions[1].changes
        assert revisions[0].record["summary"] == record["summary"]
    assert container.search.ids() == {"registre-test"}


def test_outbox_rows_roll_back_with_the_change(container, record):
    seed(container, record)
    with container.sessions() as session:
        before = session.scalar(select(func.count()).select_from(SearchOutbox))
    with container.uow() as uow:
        service.transition(uow, SYSTEM, "registre-test", "publish")
        uow.flush()
        # no commit: leaving the block rolls back the change and its outbox row together
    with container.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SearchOutbox)) == before
    with container.uow() as uow:
        assert service.get(uow, SYSTEM, "registre-test").status == "draft"


def test_stale_expected_version_is_refused(container, record):
    seed(container, record)
    with container.uow() as uow:
        version = service.get(uow, SYSTEM, "registre-test").version
        service.transition(uow, SYSTEM, "registre-test", "publish", expected_version=version)
        uow.commit()
    with container.uow() as uow, pytest.raises(StaleVersion):
        service.transition(uow, SYSTEM, "registre-test", "archive", expected_version=version)


def test_concurrent_transitions_make_one_change_and_one_conflict(container, record):
    seed(container, record)

    def publish(uow) -> None:
        service.transition(uow, SYSTEM, "registre-test", "publish")

    outcomes = overlap(container, publish, publish)
    # SQLite serialises the two transactions (the second sees "published": invalid transition);
    # PostgreSQL lets the second read version N and its UPDATE then matches no row (stale version).
    assert outcomes == sorted(["ok", LOSER[store(container)]]), outcomes
    with container.uow() as uow:
        assert [r.action for r in service.revisions(uow, SYSTEM, "registre-test")] == ["import", "publish"]


def test_corpus_import_round_trip(container):
    records = corpus_records()
    lines = [DatasetDescription.model_validate(r).model_dump_json(exclude_unset=True) for r in records]
    report = import_lines(container.uow, SYSTEM, lines, publish=True)
    assert (report.created, report.published, report.failed) == (90, 90, 0)
    with container.uow() as uow:
        exported = {r["id"]: r for r in service.export_records(uow)}
    for original in records:
        got = dict(exported[original["id"]])
        got.pop("issued")
        assert got == original
