"""The search outbox's pure steps (catalogue/outbox/service.py): how a failure is told, which records
project, and how a batch the engine refuses is split to find the bad items. `write` runs on a fake
engine here (a unit test of the splitting logic); tests/catalogue/test_hardening_outbox.py runs the
outbox on the real engines.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pydantic import ValidationError

from catalogue.datasets.models import Dataset
from catalogue.outbox import service as outbox
from schemas.dataset import DatasetDescription
from search.port import SearchUnavailable
from tests.catalogue.test_hardening_outbox import RefusingEngine, UnavailableEngine, dead_letters, poison, publish
from tests.conftest import corpus_records

AT = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)


def test_a_failure_is_told_on_one_storable_line():
    assert outbox.reason(ValueError("bad\r\nthing")) == "ValueError: bad  thing"
    assert outbox.reason(KeyError("x")) == "KeyError: 'x'"
    assert outbox.reason(RuntimeError("\ud800")) == "RuntimeError: \\ud800"
    assert outbox.reason(RuntimeError("x" * 600)) == ("RuntimeError: " + "x" * 600)[:500]
    record = copy.deepcopy(corpus_records()[0])
    record["volume"]["individuals"] = -1
    with pytest.raises(ValidationError) as info:
        DatasetDescription.model_validate(record)
    told = outbox.reason(info.value)
    assert told.startswith("invalid record: volume.individuals: ") and "\n" not in told


def dataset(record: dict, status: str = "published", dataset_id: str | None = None) -> Dataset:
    return Dataset(id=dataset_id or record["id"], organisation_id="o", status=status, record=record, published_at=AT)


def test_only_published_records_project_and_each_failure_is_named():
    good, other, bad = (copy.deepcopy(r) for r in corpus_records()[:3])
    bad["volume"]["individuals"] = -1
    docs, failed = outbox.project_each([dataset(good), dataset(other, status="draft"), dataset(bad),
                                        dataset(copy.deepcopy(good), dataset_id="renamed")])
    assert [d.id for d in docs] == [good["id"]]
    assert docs[0] == outbox.search_document(dataset(good)) and docs[0].published == AT
    assert set(failed) == {bad["id"], "renamed"}
    assert failed[bad["id"]].startswith("invalid record: volume.individuals")
    assert failed["renamed"] == f"the record's id {good['id']!r} is not the description's id"


class Doc:
    def __init__(self, doc_id: str) -> None:
        self.id = doc_id


class FakeEngine:
    """Records each call; refuses the ids in `bad` (a batch holding one of them fails whole)."""

    def __init__(self, bad: set[str] = frozenset(), down: bool = False) -> None:
        self.calls: list[tuple[str, list[str]]] = []
        self.bad, self.down = bad, down

    def _call(self, kind: str, ids: list[str]) -> None:
        self.calls.append((kind, ids))
        if self.down:
            raise SearchUnavailable("engine down")
        if self.bad & set(ids):
            raise ValueError(f"refused {sorted(self.bad & set(ids))}")

    def index(self, docs) -> None:
        self._call("index", [d.id for d in docs])

    def delete(self, ids) -> None:
        self._call("delete", list(ids))


def test_a_good_batch_is_written_at_once():
    engine = FakeEngine()
    assert outbox.write(engine, [Doc("a"), Doc("b")], ["c"]) == {}
    assert engine.calls == [("index", ["a", "b"]), ("delete", ["c"])]
    empty = FakeEngine()
    assert outbox.write(empty, [], []) == {} and empty.calls == []
    only_gone = FakeEngine()
    assert outbox.write(only_gone, [], ["c"]) == {} and only_gone.calls == [("delete", ["c"])]


def test_a_refused_batch_is_written_item_by_item():
    engine = FakeEngine(bad={"b", "d"})
    assert outbox.write(engine, [Doc("a"), Doc("b")], ["c", "d"]) == {"b": "ValueError: refused ['b']",
                                                                       "d": "ValueError: refused ['d']"}
    assert engine.calls == [("index", ["a", "b"]), ("index", ["a"]), ("index", ["b"]), ("delete", ["c"]),
                            ("delete", ["d"])]
    isolated = FakeEngine(bad={"b"})
    assert outbox.write(isolated, [Doc("a"), Doc("b")], (), isolate=True) == {"b": "ValueError: refused ['b']"}
    assert isolated.calls == [("index", ["a"]), ("index", ["b"])]


@pytest.mark.parametrize("isolate", [False, True])
def test_an_unavailable_engine_propagates(isolate):
    for docs, gone in (([Doc("a")], []), ([], ["c"])):
        with pytest.raises(SearchUnavailable):
            outbox.write(FakeEngine(down=True), docs, gone, isolate=isolate)


def test_an_unavailable_engine_while_isolating_propagates():
    class FailsThenDown(FakeEngine):
        def _call(self, kind, ids):
            self.calls.append((kind, ids))
            raise ValueError("batch refused") if len(self.calls) == 1 else SearchUnavailable("down")

    for docs, gone in (([Doc("a")], []), ([], ["c"])):
        with pytest.raises(SearchUnavailable):
            outbox.write(FailsThenDown(), docs, gone)


def test_the_results_start_empty():
    assert outbox.DrainResult() == outbox.DrainResult(indexed=0, deleted=0, pending=0, error=None, failed={})
    assert outbox.RebuildResult() == outbox.RebuildResult(indexed=0, failed={})


# -- drain and rebuild on the test stacks (the real engine behind a wrapper that refuses one id) -----------

def _rows(container) -> list[tuple[str, int, str | None, bool]]:
    with container.sessions() as session:
        return [(r.dataset_id, r.attempts, r.last_error, r.dead_at is not None) for r in outbox.entries(session)]


def _enqueue(container, ids) -> None:
    with container.sessions() as session, session.begin():
        for dataset_id in ids:
            outbox.enqueue(session, dataset_id)


class BatchRecordingEngine(RefusingEngine):
    """Records the size of each write and how often the refused description is tried alone; the first
    time, a new change of it is enqueued (as a writer committing while the drain runs would)."""

    def __init__(self, engine, refused: str, container) -> None:
        super().__init__(engine, refused)
        self.sizes, self.alone, self.container = [], 0, container

    def index(self, docs) -> None:
        docs = list(docs)
        self.sizes.append(len(docs))
        if [doc.id for doc in docs] == [self.refused]:
            self.alone += 1
            if self.alone == 1:
                _enqueue(self.container, [self.refused])
        super().index(docs)


def test_a_drain_in_batches_adds_up_and_a_change_made_meanwhile_is_tried_on_its_own(container):
    ids = publish(container, corpus_records()[:4])
    container.search.delete(ids)
    _enqueue(container, [ids[0], "no-such-1", ids[1], ids[2], "no-such-2", ids[3]])
    engine = BatchRecordingEngine(container.search, ids[1], container)
    result = outbox.drain(container.sessions, engine, batch=2)
    assert max(engine.sizes) <= 2
    assert (result.indexed, result.deleted, result.pending, result.error) == (3, 2, 0, None)
    assert result.failed == {ids[1]: f"RuntimeError: engine refuses {ids[1]}"}
    # Only the rows of the failed batch are parked: the change made meanwhile was drained, then parked.
    assert engine.alone == 3  # alone in the first batch's split, then its own batch of one and its split
    assert _rows(container) == [(ids[1], 1, f"RuntimeError: engine refuses {ids[1]}", True)] * 2


def test_a_later_success_clears_the_dead_letter(container):
    ids = publish(container, corpus_records()[:4])
    container.search.delete(ids)
    _enqueue(container, [*ids, "no-such-description"])
    result = outbox.drain(container.sessions, RefusingEngine(container.search, ids[1]), batch=2)
    assert (result.indexed, result.deleted, result.pending, result.error) == (3, 1, 0, None)
    assert result.failed == {ids[1]: f"RuntimeError: engine refuses {ids[1]}"}
    assert _rows(container) == [(ids[1], 1, f"RuntimeError: engine refuses {ids[1]}", True)]
    assert container.search.ids() == {ids[0], *ids[2:]}
    _enqueue(container, [ids[1]])  # changed again: indexed this time, the dead letter is obsolete
    result = outbox.drain(container.sessions, container.search)
    assert (result.indexed, result.failed) == (1, {}) and _rows(container) == [] and not dead_letters(container)


def test_an_unavailable_engine_counts_the_attempt_on_each_row(container):
    ids = publish(container, corpus_records()[:2])
    _enqueue(container, ids)
    result = outbox.drain(container.sessions, UnavailableEngine(container.search))
    assert (result.error, result.pending, result.indexed) == ("engine down for the test", 2, 0)
    assert _rows(container) == [(i, 1, "SearchUnavailable: engine down for the test", False) for i in ids]


class RebuildRefusingEngine(RefusingEngine):
    """Refuses a rebuild that holds the refused id (as an engine refusing one document would)."""

    def rebuild(self, docs):
        docs = list(docs)
        if any(doc.id == self.refused for doc in docs):
            raise RuntimeError(f"rebuild refused: {self.refused}")
        return self.engine.rebuild(docs)


def test_a_refused_rebuild_indexes_one_by_one_and_removes_stale_documents(container):
    ids = publish(container, corpus_records()[:3])
    outbox.drain(container.sessions, container.search)
    container.search.index([outbox.search_document(dataset(dict(corpus_records()[3])))])  # not in the database
    _enqueue(container, [ids[0]])
    result = outbox.rebuild(container.sessions, RebuildRefusingEngine(container.search, ids[1]))
    assert result.indexed == 2 and result.failed == {ids[1]: f"RuntimeError: engine refuses {ids[1]}"}
    assert container.search.ids() == {ids[0], ids[2]}
    assert _rows(container) == [(ids[1], 1, f"RuntimeError: engine refuses {ids[1]}", True)]
    result = outbox.rebuild(container.sessions, container.search)
    assert (result.indexed, result.failed) == (3, {}) and container.search.ids() == set(ids)


def test_a_good_rebuild_does_not_fall_back(container, caplog):
    publish(container, corpus_records()[:2])
    with caplog.at_level("WARNING", logger="catalogue.outbox.service"):
        assert outbox.rebuild(container.sessions, container.search).indexed == 2
    assert not caplog.records


def test_a_refused_rebuild_keeps_every_reason_and_the_attempts(container):
    ids = publish(container, corpus_records()[:3])
    _enqueue(container, [ids[1]])
    outbox.drain(container.sessions, UnavailableEngine(container.search))  # one transient failure
    poison(container, ids[2], "huge_volume", enqueue=False)
    result = outbox.rebuild(container.sessions, RebuildRefusingEngine(container.search, ids[1]))
    assert result.indexed == 1 and set(result.failed) == {ids[1], ids[2]}
    assert "volume.individuals" in result.failed[ids[2]]
    rows = {row[0]: row for row in _rows(container)}
    assert rows[ids[1]] == (ids[1], 2, f"RuntimeError: engine refuses {ids[1]}", True)  # the same row, tried twice
    assert rows[ids[2]][1:2] == (1,) and rows[ids[2]][3]


def test_retry_revives_the_rows_asked_and_entries_filters(container):
    ids = publish(container, corpus_records()[:2])
    _enqueue(container, ids)
    outbox.drain(container.sessions, RefusingEngine(RefusingEngine(container.search, ids[0]), ids[1]))
    _enqueue(container, ["no-such-description"])
    with container.sessions() as session:
        dead = outbox.entries(session, dead_only=True)
        assert [r.dataset_id for r in dead] == ids
        assert len(outbox.entries(session)) == 3 and len(outbox.entries(session, limit=1)) == 1
        assert outbox.entry(session, dead[0].id).dataset_id == ids[0]
    revived, result = outbox.retry(container.sessions, container.search, [dead[0].id])
    assert revived == 1 and result.indexed == 1 and result.deleted == 1
    assert set(dead_letters(container)) == {ids[1]}


def test_a_rebuild_reads_the_catalogue_a_page_at_a_time_and_misses_nothing(container, monkeypatch):
    ids = publish(container, corpus_records()[:7])
    poison(container, ids[3], "huge_volume", enqueue=False)
    monkeypatch.setattr(outbox, "REBUILD_PAGE", 2)
    pages = []
    real = outbox.repo.published_after
    monkeypatch.setattr(outbox.repo, "published_after",
                        lambda session, after, limit: pages.append(after) or real(session, after, limit))
    result = outbox.rebuild(container.sessions, container.search)
    assert result.indexed == 6 and set(result.failed) == {ids[3]}
    assert container.search.ids() == set(ids) - {ids[3]}
    assert len(pages) == 5 and pages[0] == "" and pages == sorted(pages)  # 7 descriptions, 2 a page, then none
