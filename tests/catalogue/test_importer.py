"""Bulk import: per-line errors with line numbers, good lines in, nothing half-written, round trip."""

from __future__ import annotations

import copy
import json

from catalogue.datasets import service
from catalogue.datasets.importer import import_lines
from catalogue.principal import SYSTEM
from tests.conftest import corpus_records


def lines_of(*records) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


def test_bad_lines_are_reported_and_good_lines_go_in(container, record):
    good = copy.deepcopy(record)
    bad = copy.deepcopy(record)
    bad["id"] = "bad-one"
    bad["volume"]["individuals"] = -1
    lines = lines_of(good, "{not json", bad, "", "[1, 2]")
    report = import_lines(container.uow, SYSTEM, lines)
    assert report.created == 1 and report.failed == 3
    assert [(e.line, e.id) for e in report.errors] == [(2, None), (3, "bad-one"), (5, None)]
    assert "invalid JSON" in report.errors[0].message
    assert report.errors[1].fields == [{"field": "volume.individuals",
                                        "message": "Input should be greater than or equal to 0"}]
    assert report.organisations_created == ["chu-test"]
    with container.uow() as uow:
        assert service.get(uow, SYSTEM, "registre-test").status == "draft"


def test_a_failing_record_leaves_the_stored_one_intact(container, record):
    import_lines(container.uow, SYSTEM, lines_of(record), publish=True)
    moved = copy.deepcopy(record)
    moved["producer"] = {"id": "someone-else", "name": "X", "type": "startup", "country": "FR"}
    moved["title"] = {"fr": "détourné"}
    report = import_lines(container.uow, SYSTEM, lines_of(moved))
    assert report.failed == 1 and "belongs to 'chu-test'" in report.errors[0].message
    with container.uow() as uow:
        dataset = service.get(uow, SYSTEM, "registre-test")
        assert dataset.record["title"] == record["title"] and dataset.status == "published"
    assert container.search.ids() == {"registre-test"}


def test_reimport_is_idempotent_and_updates_changes(container, record):
    assert import_lines(container.uow, SYSTEM, lines_of(record)).created == 1
    again = import_lines(container.uow, SYSTEM, lines_of(record))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = copy.deepcopy(record)
    changed["summary"] = {"en": "Changed"}
    assert import_lines(container.uow, SYSTEM, lines_of(changed)).updated == 1


def test_corpus_round_trips_through_import_and_export(container):
    records = corpus_records()
    report = import_lines(container.uow, SYSTEM, lines_of(*records), publish=True)
    assert (report.created, report.published, report.failed) == (90, 90, 0)
    assert container.search.ids() == {r["id"] for r in records}
    with container.uow() as uow:
        exported = service.export_records(uow)
    by_id = {r["id"]: r for r in exported}
    for original in records:
        got = dict(by_id[original["id"]])
        assert got.pop("issued")  # set on publication, the only addition
        assert got == original
    # Exported records re-import unchanged.
    second = import_lines(container.uow, SYSTEM, lines_of(*exported), publish=True)
    assert (second.unchanged, second.updated, second.failed) == (90, 0, 0)


def test_the_report_names_each_bad_line_in_order_across_batches(container, record, monkeypatch):
    from catalogue.datasets import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    others = []
    for n in range(4):
        other = copy.deepcopy(record)
        other["id"] = f"registre-test-{n}"
        others.append(other)
    moved = copy.deepcopy(others[0])
    moved["producer"] = {"id": "someone-else", "name": "X", "type": "startup", "country": "FR"}
    lines = lines_of(others[0], moved, "{bad", others[1], others[0], others[2], "[]", moved, others[3])
    report = import_lines(container.uow, SYSTEM, lines, publish=True)
    assert [(e.line, e.id) for e in report.errors] == [
        (2, "registre-test-0"), (3, None), (7, None), (8, "registre-test-0")]
    assert "belongs to 'chu-test'" in report.errors[0].message
    assert (report.created, report.unchanged, report.published) == (4, 1, 4)
    assert container.search.ids() == {f"registre-test-{n}" for n in range(4)}
