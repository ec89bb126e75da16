"""Issue 10, finding 2: one poisoned description never takes search, writes or start-up down.

The poisons of the report (volume.individuals = 2**63, a lone surrogate in a title; here a control
character stands for the second, since a stored lone surrogate now reads back as U+FFFD) can no longer
come in through the exchange format, but rows stored before may hold them: they are written
straight into the database here, bypassing the schema. The bad description becomes a dead letter
(/health, `catalogue outbox list|retry|drop`); the others are indexed, start-up and reindex succeed.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from typer.testing import CliRunner

from catalogue.bootstrap import bootstrap
from catalogue.cli.main import app
from catalogue.datasets.importer import import_lines
from catalogue.datasets.models import Dataset
from catalogue.health import report
from catalogue.outbox import service as outbox
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from schemas.search import SearchDocument
from search.port import SearchUnavailable
from tests.conftest import corpus_records

POISONS = {
    "huge_volume": (("volume", "individuals"), 2**63, "volume.individuals"),
    # A lone surrogate stored before reads back as U+FFFD now (catalogue/db.py): a control
    # character is a poison that still reaches the projection.
    "control_character": (("title", "fr"), "Registre \x07", "title"),
}


def publish(container, records):
    report_ = import_lines(container.uow, SYSTEM, [json.dumps(r) for r in records], publish=True)
    assert report_.published == len(records), report_.errors
    return [r["id"] for r in records]


def poison(container, dataset_id: str, kind: str, *, enqueue: bool = True) -> None:
    """Store a bad value in a description as an old version of the catalogue could, and queue it."""
    (first, second), value, _ = POISONS[kind]
    with container.sessions() as session, session.begin():
        dataset = session.get(Dataset, dataset_id)
        record = copy.deepcopy(dataset.record)
        record[first][second] = value
        dataset.record = record
        if enqueue:
            outbox.enqueue(session, dataset_id)


def dead_letters(container) -> dict[str, str]:
    with container.sessions() as session:
        return {row.dataset_id: row.last_error for row in outbox.entries(session, dead_only=True)}


@pytest.mark.parametrize("kind", POISONS)
def test_a_poisoned_description_is_parked_and_the_others_are_indexed(container, client, kind):
    bad, *good = publish(container, corpus_records()[:3])
    poison(container, bad, kind)
    container.drain_outbox()  # raised on every later drain before: search stopped for everyone
    assert bad in container.last_drain.failed
    assert POISONS[kind][2] in dead_letters(container)[bad]

    [later] = publish(container, corpus_records()[3:4])  # a later write succeeds and is searchable
    assert container.last_drain.error is None and not container.last_drain.failed
    assert {*good, later} <= container.search.ids()
    with container.sessions() as session:
        assert outbox.pending_count(session) == 0 and outbox.dead_count(session) == 1

    health = client.get("/health").json()["engines"]["search_outbox"]
    assert health["dead_letters"] == 1 and health["pending"] == 0 and health["status"] == "dead_letters"
    assert report(container)["status"] == "ok"  # parked, not down


@pytest.mark.parametrize("kind", POISONS)
def test_start_up_and_reindex_succeed_despite_a_bad_row(container, settings, kind):
    bad, *good = publish(container, corpus_records()[:3])
    poison(container, bad, kind)  # queued, never drained: what a crash leaves for the next start

    again = bootstrap(settings)  # drains at start-up: it raised before, so the server never started
    try:
        assert bad in again.last_drain.failed
        result = outbox.rebuild(again.sessions, again.search)
        assert result.indexed == 2 and set(result.failed) == {bad}
        assert again.search.ids() == set(good)
        assert set(dead_letters(again)) == {bad}
    finally:
        again.close()


def test_reindex_parks_a_bad_description_it_finds_without_an_outbox_row(container):
    bad, *good = publish(container, corpus_records()[:3])
    poison(container, bad, "huge_volume", enqueue=False)
    result = outbox.rebuild(container.sessions, container.search)
    assert result.indexed == 2 and "volume.individuals" in result.failed[bad]
    assert set(dead_letters(container)) == {bad}


class RefusingEngine:
    """The real engine, except that it refuses one document id (a fake for the isolation logic)."""

    def __init__(self, engine, refused: str) -> None:
        self.engine, self.refused = engine, refused

    def index(self, docs) -> None:
        docs = list(docs)
        if any(doc.id == self.refused for doc in docs):
            raise RuntimeError(f"engine refuses {self.refused}")
        self.engine.index(docs)

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_a_document_the_engine_refuses_is_isolated_from_its_batch(container):
    ids = publish(container, corpus_records()[:4])
    for dataset_id in ids:
        container.search.delete([dataset_id])
    with container.sessions() as session, session.begin():
        for dataset_id in ids:
            outbox.enqueue(session, dataset_id)
    result = outbox.drain(container.sessions, RefusingEngine(container.search, ids[1]))
    assert set(result.failed) == {ids[1]} and result.indexed == 3
    assert container.search.ids() == {ids[0], *ids[2:]}
    # Once the engine takes it again, a retry indexes it and clears the dead letter.
    revived, result = outbox.retry(container.sessions, container.search)
    assert revived == 1 and result.indexed == 1 and not result.failed
    assert container.search.ids() == set(ids) and not dead_letters(container)


def _doc(doc_id: str, individuals: int | None = None) -> SearchDocument:
    return SearchDocument(id=doc_id, title={"fr": doc_id}, summary={"fr": "résumé"}, producer_name="CHU",
                          text={"title": doc_id}, facets={}, individuals=individuals)


def test_an_engine_write_that_fails_releases_the_writer(container):
    """A failed write (here a number no engine stores) must leave the index writable: the tantivy writer
    was kept alive by the traceback, and every later write said "locked by another writer"."""
    with pytest.raises(Exception) as failure:  # noqa: PT011 - each engine words its refusal its own way
        container.search.index([_doc("fine-one"), _doc("too-big", 2**63)])
    assert not isinstance(failure.value, SearchUnavailable)  # not transient: retrying cannot help
    container.search.index([_doc("fine-two")])  # the failure (and its traceback) is still alive here
    assert "fine-two" in container.search.ids()
    refused = outbox.write(container.search, [_doc("fine-three"), _doc("too-big", 2**63)], ())
    assert list(refused) == ["too-big"]  # the batch failed; item by item, only the bad one is refused
    assert "fine-three" in container.search.ids()


# -- the CLI ------------------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def row_of(listing: str, dataset_id: str) -> str:
    """The row id of a description's line in the `outbox list` table."""
    [row_id] = re.findall(rf"(\d+)\W+{re.escape(dataset_id)}\b", listing)
    return row_id


def test_outbox_list_retry_and_drop(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    built = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    try:
        bad, *_ = publish(built, corpus_records()[:2])
        poison(built, bad, "huge_volume")
        built.drain_outbox()
    finally:
        built.close()

    listing = cli("outbox", "list")
    assert listing.exit_code == 0, listing.output
    assert bad in listing.output and "dead" in listing.output and "volume.individuals" in listing.output
    assert "0 pending, 1 dead letters" in listing.output
    row_id = row_of(listing.output, bad)

    still_bad = cli("outbox", "retry", row_id)
    assert still_bad.exit_code == 1 and f"{bad} still fails" in still_bad.output
    assert cli("outbox", "retry").exit_code == 2  # neither an id nor --all
    assert cli("outbox", "drop", "999999").exit_code == 1

    fixed = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    try:
        with fixed.sessions() as session, session.begin():
            dataset = session.get(Dataset, bad)
            dataset.record = {**dataset.record, "volume": {**dataset.record["volume"], "individuals": 1000}}
    finally:
        fixed.close()
    retried = cli("outbox", "retry", "--all")
    assert retried.exit_code == 0 and "retried 1 dead letters: indexed 1" in retried.output
    assert "the outbox is empty" in cli("outbox", "list").output

    again = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    try:
        poison(again, bad, "control_character")
        again.drain_outbox()
    finally:
        again.close()
    row_id = row_of(cli("outbox", "list", "--dead").output, bad)
    dropped = cli("outbox", "drop", row_id)
    assert dropped.exit_code == 0 and f"dropped dead letter {row_id}" in dropped.output
    assert "no dead letters" in cli("outbox", "list", "--dead").output
    reindexed = cli("reindex")
    assert reindexed.exit_code == 0 and "indexed 1 published" in reindexed.output
    assert f"{bad}" in reindexed.output and "not indexed" in reindexed.output


class UnavailableEngine:
    """The real engine behind an outage (a fake for the transient path): every write is SearchUnavailable."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def index(self, docs) -> None:
        raise SearchUnavailable("engine down for the test")

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_an_unavailable_engine_keeps_rows_pending_never_dead(container):
    ids = publish(container, corpus_records()[:2])
    with container.sessions() as session, session.begin():
        for dataset_id in ids:
            outbox.enqueue(session, dataset_id)
    result = outbox.drain(container.sessions, UnavailableEngine(container.search))
    assert result.error and not result.failed and result.pending == 2
    with container.sessions() as session:
        assert outbox.dead_count(session) == 0
    assert outbox.drain(container.sessions, container.search).pending == 0  # back: the rows go through
