"""The audit trail's service, hashes and verification (catalogue/audit/service.py, chain.py,
verification.py): what an entry stores, what an export holds, each problem's exact wording.

Entries are written on the test stacks (`container`); the verification's pure steps are checked on
entries built in memory. Written from a mutation run (scripts/mutation.sh): each case kills a mutant
the other tests let live.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest

from catalogue.audit import checkpoints, keys, verification
from catalogue.audit import service as audit
from catalogue.audit.chain import canonical, compute_hash, legacy_hash
from catalogue.audit.checkpoints import Checkpoint
from catalogue.audit.keys import Sealer
from catalogue.audit.models import GENESIS, KEYED, LEGACY, AuditEntry
from catalogue.audit.verification import Verification, describe
from catalogue.principal import ANONYMOUS, SYSTEM, Principal

AT = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
GOVERNANCE = Principal(user_id=42, email="gov@example.org", is_governance=True)


def test_actor_labels():
    assert audit.actor_label(GOVERNANCE) == "gov@example.org"
    assert audit.actor_label(SYSTEM) == "system"
    assert audit.actor_label(ANONYMOUS) == "anonymous"
    assert audit.actor_label(Principal(user_id=1)) == "anonymous"


def test_an_entry_stores_every_field(container):
    with container.uow() as uow:
        audit.record(uow, GOVERNANCE, "access_request.reject", "access_request", 7, from_state="under_review",
                     to_state="rejected", reason="no", details={"b": 1, "a": "é"}, at=AT)
        audit.record(uow, SYSTEM, "thing.other", "thing", "x")
        uow.commit()
    with container.uow() as uow:
        first, second = (audit.as_dict(e) for e in audit.repo.iter_entries(uow.session))
        assert [audit.as_dict(e)["seq"] for e in audit.history(uow, "access_request", 7)] == [1]
        assert audit.history(uow, "thing", 7) == []
        assert audit.entry(uow, 2).action == "thing.other" and audit.entry(uow, 3) is None
        sealer = keys.of(uow.session)
    assert {k: first[k] for k in ("seq", "actor_id", "actor", "action", "subject_type", "subject_id", "from_state",
                                  "to_state", "reason", "details", "prev_hash", "hash_version", "key_id")} == {
        "seq": 1, "actor_id": 42, "actor": "gov@example.org", "action": "access_request.reject",
        "subject_type": "access_request", "subject_id": "7", "from_state": "under_review", "to_state": "rejected",
        "reason": "no", "details": {"a": "é", "b": 1}, "prev_hash": GENESIS, "hash_version": KEYED,
        "key_id": sealer.key_id}
    assert dt.datetime.fromisoformat(first["at"]).replace(tzinfo=dt.UTC) == AT
    assert (second["seq"], second["prev_hash"], second["actor_id"], second["details"]) == (2, first["hash"], None, {})
    assert (second["from_state"], second["to_state"], second["reason"]) == (None, None, None)
    assert first["hash"] == sealer.seal(canonical({k: v for k, v in first.items() if k != "hash"}))


def _lines(container) -> list[dict]:
    with container.uow() as uow:
        path = keys.of(uow.session).checkpoint_dir / checkpoints.FILE
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_one_checkpoint_per_audited_commit(container):
    for n in (2, 1):
        with container.uow() as uow:
            for i in range(n):
                audit.record(uow, SYSTEM, "thing.step", "thing", i)
            uow.commit()
    assert [(c["n"], c["seq"]) for c in _lines(container)] == [(1, 2), (2, 3)]


def _export(container, actor, fmt, **subject) -> str:
    return "".join(audit.export(container.uow, actor, fmt, **subject))


def test_the_export_is_recorded_and_filtered(container):
    with container.uow() as uow:
        audit.record(uow, SYSTEM, "thing.step", "thing", "1", details={"z": "é", "a": None})
        audit.record(uow, SYSTEM, "other.step", "other", "1")
        uow.commit()
    rows = list(csv.DictReader(io.StringIO(_export(container, GOVERNANCE, "csv", subject_type="thing"))))
    assert [r["seq"] for r in rows] == ["1"]
    assert rows[0]["details"] == '{"a": null, "z": "é"}'  # sorted keys, letters as they are
    assert (rows[0]["from_state"], rows[0]["actor_id"], rows[0]["actor"]) == ("", "", "system")
    assert list(rows[0]) == list(audit.COLUMNS)
    with container.uow() as uow:
        recorded = audit.as_dict(audit.entry(uow, 3))
    assert (recorded["action"], recorded["subject_type"], recorded["subject_id"], recorded["details"]) == (
        "audit.export", "audit", "trail", {"format": "csv", "subject_type": "thing", "subject_id": None})
    assert recorded["actor_id"] == 42
    text = _export(container, GOVERNANCE, "json", subject_id="1")
    assert text.startswith("[\n{") and text.endswith("}\n]\n") and '"z": "é"' in text
    assert [e["seq"] for e in json.loads(text)] == [1, 2]
    only_audit = json.loads(_export(container, GOVERNANCE, "json", subject_type="audit", subject_id="trail"))
    assert [e["details"]["format"] for e in only_audit] == ["csv", "json", "json"]  # this export too


def test_the_columns_are_pinned():
    assert audit.COLUMNS == ("seq", "at", "actor_id", "actor", "action", "subject_type", "subject_id", "from_state",
                             "to_state", "reason", "details", "prev_hash", "hash", "hash_version", "key_id")


# -- hashes -------------------------------------------------------------------------------------------

SEALER = Sealer(b"k" * 32, checkpoint_dir=None)  # type: ignore[arg-type]


def entry(seq: int = 1, prev: str = GENESIS, version: int = KEYED, key_id: str | None = None) -> AuditEntry:
    made = AuditEntry(seq=seq, at=AT, actor_id=None, actor="system", action="a", subject_type="t", subject_id="1",
                      from_state=None, to_state=None, reason="é", details={}, prev_hash=prev, hash_version=version,
                      key_id=SEALER.key_id if key_id is None else key_id)
    made.hash = compute_hash(made, SEALER) if version in (LEGACY, KEYED) else "f" * 64
    return made


def test_canonical_json():
    assert canonical({"b": 1, "a": [1, "é"], "d": AT}) == '{"a":[1,"é"],"b":1,"d":"2025-01-02 03:04:05+00:00"}'.encode()


def test_hashes_by_version():
    legacy, keyed = entry(version=LEGACY), entry()
    assert legacy_hash(legacy) == hashlib.sha256(canonical(legacy.fields())).hexdigest() == legacy.hash
    assert keyed.hash == SEALER.seal(canonical(keyed.fields())) != legacy_hash(keyed)
    keyed.hash_version = 3
    with pytest.raises(ValueError, match="^unknown hash version 3$"):
        compute_hash(keyed, SEALER)


# -- verification's steps -------------------------------------------------------------------------------

def problem(made: AuditEntry, expected_seq: int = 1, prev: str = GENESIS, keyed_before: bool = False) -> str | None:
    return verification._entry_problem(made, expected_seq, prev, keyed_before, SEALER)  # noqa: SLF001


def test_each_entry_problem_is_named():
    assert problem(entry()) is None and problem(entry(version=LEGACY)) is None
    assert problem(entry(seq=3), expected_seq=2) == "entry 2 is missing (the next one is 3)"
    assert problem(entry(prev="a" * 64)) == ("its prev_hash does not match the previous entry's hash "
                                             "(an entry was removed or altered)")
    assert problem(entry(version=3)) == "its hash version 3 is unknown (the entry was altered)"
    assert problem(entry(version=LEGACY), keyed_before=True) == (
        "it carries an unkeyed hash after keyed entries: only entries written before the audit key existed may "
        "(the entry was forged or altered)")
    assert problem(entry(), keyed_before=True) is None
    other_key = entry(key_id="0123456789abcdef")
    other_key.hash = "e" * 64
    assert problem(other_key) == (f"it was sealed with another audit key (id 0123456789abcdef; this key is "
                                  f"{SEALER.key_id}): is CATALOGUE_AUDIT_KEY the server's?")
    altered = entry()
    stored = altered.hash
    altered.reason = "changed"
    assert problem(altered) == (f"its content does not match its hash (the entry was altered: stored "
                                f"{stored[:12]}…, content gives {compute_hash(altered, SEALER)[:12]}…)")
    legacy = entry(version=LEGACY, key_id="0123456789abcdef")
    legacy.hash = "e" * 64
    assert problem(legacy).startswith("its content does not match its hash")


def mark(n: int, seq: int, hash_: str = "h" * 64) -> Checkpoint:
    return Checkpoint(n=n, seq=seq, hash=hash_, at="2025-01-02T03:04:05Z", key_id="k", prev="")


def test_checkpoints_beyond_the_head_and_missing_entries():
    result = Verification(head=(5, "x" * 64))
    contradicted = [f"c{i}" for i in range(7)]
    verification._compare_head(result, {6: [mark(1, 6)], 9: [mark(2, 9, "9" * 64)], 4: [mark(3, 4)]},  # noqa: SLF001
                               contradicted)
    assert result.checkpoint_problems == [
        f"checkpoint #2 (2025-01-02T03:04:05Z) says the head was entry 9 (hash {'9' * 12}…), the database ends at "
        "entry 5: the newest entries were removed",
        "c0", "c1", "c2", "c3", "c4", "… and 3 more contradicting checkpoints"]
    empty = Verification()
    verification._compare_head(empty, {1: [mark(1, 1)]}, [])  # noqa: SLF001
    assert empty.checkpoint_problems[0].endswith("the database has no entries: the newest entries were removed")
    exact = Verification(head=(5, "x" * 64))
    verification._compare_head(exact, {}, [f"c{i}" for i in range(5)])  # noqa: SLF001
    assert exact.checkpoint_problems == ["c0", "c1", "c2", "c3", "c4"]
    inside = Verification(head=(5, "x" * 64))
    verification._compare_head(inside, {5: [mark(4, 5)]}, [])  # noqa: SLF001
    assert inside.checkpoint_problems == ["checkpoint #4 names entry 5, which is missing from the database"]


def test_what_no_checkpoint_vouches_for(tmp_path):
    sealer = Sealer(b"k" * 32, tmp_path)
    nothing = Verification()
    verification._anchoring(nothing, sealer, 0, None)  # noqa: SLF001
    assert nothing.unanchored is None and nothing.notes == []
    none_yet = Verification(head=(3, "x"))
    verification._anchoring(none_yet, sealer, 0, None)  # noqa: SLF001
    assert none_yet.unanchored == (f"no signed checkpoint in {tmp_path}: the newest entries could be removed "
                                   "unnoticed (is CATALOGUE_AUDIT_CHECKPOINT_DIR the server's? `catalogue audit "
                                   "checkpoint` anchors the current head)")
    legacy = Verification(head=(3, "x"))
    verification._anchoring(legacy, sealer, 2, mark(1, 1))  # noqa: SLF001
    assert legacy.unanchored == ("entries up to 2 have unkeyed hashes (written before the audit key) and no signed "
                                 "checkpoint vouches for them: run `catalogue audit checkpoint`")
    newer = Verification(head=(3, "x"))
    verification._anchoring(newer, sealer, 2, mark(4, 2))  # noqa: SLF001
    assert (newer.unanchored, newer.notes) == (None, ["entries 3-3 are newer than the last checkpoint (#4); "
                                                      "`catalogue audit checkpoint` anchors them"])
    covered = Verification(head=(3, "x"))
    verification._anchoring(covered, sealer, 0, mark(5, 3))  # noqa: SLF001
    assert (covered.unanchored, covered.notes, covered.ok) == (None, [], True)
    assert Verification(unanchored="x").ok is False and Verification(checkpoint_problems=["x"]).ok is False
    assert Verification(broken_seq=1).ok is False and verification.SHOWN == 5


def test_describe_names_the_chain_then_the_checkpoints():
    assert describe(Verification(checked=4)) == "audit chain intact: 4 entries verified"
    broken = Verification(checked=1, broken_seq=2, problem="it was altered", checkpoints=1,
                          last_checkpoint=mark(3, 7), checkpoint_problems=["p1"], unanchored="u", notes=["n"])
    assert describe(broken) == ("audit chain broken at entry 2: it was altered\n"
                                "1 signed checkpoint read (last: #3, entry 7, 2025-01-02T03:04:05Z)\np1\nu\nn")
    broken.checkpoints = 2
    shown = describe(broken, entry(seq=2))
    assert shown.splitlines()[:2] == [
        "audit chain broken at entry 2 (a on t 1 at 2025-01-02 03:04:05+00:00): it was altered",
        "2 signed checkpoints read (last: #3, entry 7, 2025-01-02T03:04:05Z)"]


def chain(*versions: int) -> list[AuditEntry]:
    made, prev = [], GENESIS
    for seq, version in enumerate(versions, start=1):
        made.append(entry(seq=seq, prev=prev, version=version))
        prev = made[-1].hash
    return made


def verify_on(monkeypatch, entries: list[AuditEntry], marks: list[Checkpoint]) -> Verification:
    """`verify` over entries and checkpoints given here (its walk is what is tested, not the stores)."""
    reading = type("Reading", (), {"checkpoints": marks, "last": marks[-1] if marks else None, "problems": []})
    monkeypatch.setattr(verification.keys, "of", lambda session: SEALER)
    monkeypatch.setattr(verification.checkpoints, "read", lambda sealer: reading)
    monkeypatch.setattr(verification.repo, "iter_entries", lambda session: iter(entries))
    return verification.verify(type("Uow", (), {"session": None})())


def test_verify_walks_the_chain_and_names_every_contradiction(monkeypatch):
    entries = chain(LEGACY, LEGACY, LEGACY, KEYED)
    result = verify_on(monkeypatch, entries, [mark(1, 1, entries[0].hash)])
    assert (result.checked, result.broken_seq, result.head) == (4, None, (4, entries[3].hash))
    assert result.unanchored == ("entries up to 3 have unkeyed hashes (written before the audit key) and no signed "
                                 "checkpoint vouches for them: run `catalogue audit checkpoint`")
    entries = chain(KEYED, KEYED, KEYED)
    result = verify_on(monkeypatch, entries, [mark(1, 1, "a" * 64), mark(2, 2, "b" * 64), mark(3, 3, entries[2].hash)])
    assert result.checkpoint_problems == [
        f"checkpoint #{n} says entry {n} has hash {h * 12}…, the database has {entries[n - 1].hash[:12]}…: "
        "the chain was rewritten" for n, h in ((1, "a"), (2, "b"))]
    assert (result.checked, result.unanchored, result.notes) == (3, None, [])
    entries[1].reason = "altered"
    result = verify_on(monkeypatch, entries, [mark(1, 3, entries[2].hash)])
    assert (result.checked, result.broken_seq) == (1, 2) and result.problem.startswith("its content does not match")
    del entries[1]  # a removed entry: named by the number that is missing
    result = verify_on(monkeypatch, entries, [])
    assert (result.checked, result.broken_seq, result.problem) == (1, 2, "entry 2 is missing (the next one is 3)")


def test_only_governance_and_admins_verify_through_the_service(container):
    from catalogue.errors import Forbidden, Unauthenticated

    with container.uow() as uow:
        assert audit.verify_for(uow, GOVERNANCE).broken_seq is None
        with pytest.raises(Unauthenticated):
            audit.verify_for(uow, ANONYMOUS)
        with pytest.raises(Forbidden):
            audit.verify_for(uow, Principal(user_id=5, email="x@example.org"))
