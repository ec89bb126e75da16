"""The audit trail: a keyed hash chain that verify checks, append-only in the database, exported.

What resists someone with database access but without the key is in test_hardening_audit.py."""

from __future__ import annotations

import csv
import io
import json
from itertools import pairwise

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from catalogue.audit import keys
from catalogue.audit import service as audit
from catalogue.errors import Forbidden
from catalogue.principal import SYSTEM, Principal

GOVERNANCE = Principal(user_id=99, email="gov@example.org", is_governance=True)


def fill(container, n: int = 5) -> None:
    with container.uow() as uow:
        for i in range(n):
            audit.record(uow, SYSTEM, "test.step", "thing", i, from_state="a", to_state="b",
                         reason=f"reason {i} — é", details={"n": i, "nested": {"z": 1, "a": [1, 2]}})
        uow.commit()


def verify(container):
    with container.uow() as uow:
        return audit.verify(uow)


def drop_triggers(container) -> None:
    """What someone with direct database rights could do before tampering."""
    with container.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_entries_no_change ON audit_entries"))
            return
        for name in ("audit_entries_no_update", "audit_entries_no_delete"):
            conn.execute(text(f"DROP TRIGGER {name}"))


def test_chain_links_every_entry_and_verifies(container):
    fill(container)
    with container.uow() as uow:
        entries = audit.history(uow, "thing", 3)
        assert [e.action for e in entries] == ["test.step"]
        chain = [(e.seq, e.prev_hash, e.hash) for e in audit.repo.iter_entries(uow.session)]
    assert [seq for seq, _, _ in chain] == [1, 2, 3, 4, 5]
    assert chain[0][1] == "0" * 64
    assert all(b[1] == a[2] for a, b in pairwise(chain))
    result = verify(container)
    assert result.ok and result.checked == 5
    assert audit.describe(result).startswith("audit chain intact: 5 entries verified\n"
                                             "1 signed checkpoint read (last: #1, entry 5, ")


def test_the_database_refuses_updates_and_deletes(container):
    fill(container, 2)
    for statement in ("UPDATE audit_entries SET reason = 'x' WHERE seq = 1", "DELETE FROM audit_entries WHERE seq = 2"):
        with pytest.raises(DatabaseError, match="append-only"), container.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify(container).ok


def test_verify_names_the_first_altered_entry(container):
    fill(container)
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET reason = 'nothing happened' WHERE seq = 3"))
        conn.execute(text("UPDATE audit_entries SET actor = 'someone' WHERE seq = 4"))
    result = verify(container)
    assert not result.ok and result.broken_seq == 3 and result.checked == 2
    assert "altered" in result.problem
    with container.uow() as uow:
        message = audit.describe(result, audit.entry(uow, 3))
    assert message.startswith("audit chain broken at entry 3 (test.step on thing 2")


def test_verify_detects_a_removed_entry_and_a_rehashed_one(container):
    fill(container)
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    result = verify(container)
    assert result.broken_seq == 2 and "missing" in result.problem
    # Re-numbering and re-hashing the altered entry itself still breaks the link to the next one.
    with container.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET seq = 2 WHERE seq = 3"))
    with container.uow() as uow:
        moved, prev_hash = audit.entry(uow, 2), audit.entry(uow, 1).hash
        moved.prev_hash = prev_hash
        forged = audit.compute_hash(moved, keys.of(uow.session))  # even with the key
    with container.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET prev_hash = :p, hash = :h WHERE seq = 2"),
                     {"p": prev_hash, "h": forged})
    result = verify(container)
    assert result.broken_seq == 3 and not result.ok  # the forger must rewrite every later entry too


def test_export_csv_and_json_for_governance_only(container):
    fill(container, 3)
    with pytest.raises(Forbidden):
        audit.export(container.uow, Principal(user_id=5, email="x@example.org"), "json")
    rows = list(csv.DictReader(io.StringIO("".join(audit.export(container.uow, GOVERNANCE, "csv")))))
    data = json.loads("".join(audit.export(container.uow, GOVERNANCE, "json")))
    only = json.loads("".join(audit.export(container.uow, GOVERNANCE, "json", subject_type="thing",
                                           subject_id="1")))
    # Each export is itself on the record, before its own content.
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4"] and rows[3]["action"] == "audit.export"
    assert rows[0]["reason"] == "reason 0 — é" and json.loads(rows[0]["details"])["nested"] == {"a": [1, 2], "z": 1}
    assert [d["seq"] for d in data] == [1, 2, 3, 4, 5] and data[2]["prev_hash"] == data[1]["hash"]
    assert [d["subject_id"] for d in only] == ["1"]
    assert "".join(audit.export(container.uow, SYSTEM, "json")).strip().startswith("[")
    assert verify(container).ok
