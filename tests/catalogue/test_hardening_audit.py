"""Issue 10, finding 11: the audit trail holds against someone who can write to the database
but holds neither the audit key nor the checkpoint file.

Each attack first drops the append-only triggers, as such an insider could; then `verify` (the
service behind `catalogue audit verify` and GET /api/v1/audit/verify) must name what broke.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from catalogue.audit import checkpoints, keys
from catalogue.audit import service as audit
from catalogue.audit.keys import Sealer
from catalogue.cli.main import app
from catalogue.db import make_engine, migrate
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from tests.catalogue.test_audit import drop_triggers, fill, verify
from tests.contracts.sql_stores import STORES, database_url


def entries(container) -> list[dict]:
    with container.uow() as uow:
        return [audit.as_dict(e) for e in audit.repo.iter_entries(uow.session)]


def own_function_hash(row: dict) -> str:
    """The project's own unkeyed hash (the only one before the key): SHA-256 of the canonical JSON."""
    fields = {k: v for k, v in row.items() if k not in ("hash", "hash_version", "key_id")}
    return hashlib.sha256(audit.canonical(fields)).hexdigest()


def rewrite(container, rows: list[dict]) -> None:
    with container.engine.begin() as conn:
        for row in rows:
            conn.execute(text("UPDATE audit_entries SET reason = :reason, prev_hash = :prev_hash, hash = :hash, "
                              "hash_version = :hash_version WHERE seq = :seq"), row)


def sealer(container) -> Sealer:
    with container.uow() as uow:
        return keys.of(uow.session)


def checkpoint_lines(container) -> list[str]:
    return (sealer(container).checkpoint_dir / checkpoints.FILE).read_text().splitlines()


def test_entries_are_keyed_and_each_audited_commit_leaves_a_signed_checkpoint(container):
    fill(container, 3)
    fill(container, 2)
    rows = entries(container)
    assert {(r["hash_version"], r["key_id"]) for r in rows} == {(2, sealer(container).key_id)}
    assert all(own_function_hash(r) != r["hash"] for r in rows)  # not the unkeyed function
    lines = [json.loads(line) for line in checkpoint_lines(container)]
    assert [(c["n"], c["seq"], c["hash"]) for c in lines] == [(1, 3, rows[2]["hash"]), (2, 5, rows[4]["hash"])]
    assert lines[1]["prev"] == lines[0]["sig"]
    path = sealer(container).checkpoint_dir / checkpoints.FILE
    assert path.stat().st_mode & 0o077 == 0
    assert verify(container).ok


def test_a_naive_edit_is_named(container):
    fill(container)
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET reason = 'nothing happened' WHERE seq = 3"))
    result = verify(container)
    assert not result.ok and result.broken_seq == 3
    assert "its content does not match its hash" in result.problem


def test_truncating_the_newest_three_entries_is_detected_by_the_checkpoint(container):
    fill(container)
    head = entries(container)[-1]["hash"]
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq > 2"))
    result = verify(container)
    assert result.broken_seq is None and result.checked == 2  # the chain alone still looks whole
    assert not result.ok
    assert result.checkpoint_problems == [
        f"checkpoint #1 ({json.loads(checkpoint_lines(container)[0])['at']}) says the head was entry 5 "
        f"(hash {head[:12]}…), the database ends at entry 2: the newest entries were removed"]


def test_entries_appended_after_a_truncation_contradict_the_checkpoint(container):
    fill(container)
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq > 2"))
    fill(container, 3)  # the application goes on: new entries 3-5, validly keyed
    result = verify(container)
    assert result.broken_seq is None and not result.ok
    assert any(p.startswith("checkpoint #1 says entry 5 has hash") and p.endswith("the chain was rewritten")
               for p in result.checkpoint_problems)


def test_a_rewrite_with_the_projects_own_unkeyed_function_is_detected(container):
    fill(container)
    drop_triggers(container)
    rows = entries(container)
    # The insider edits entry 3, then recomputes every later hash with the project's own function.
    forged, prev = [], rows[1]["hash"]
    for row in rows[2:]:
        row = {**row, "prev_hash": prev, "reason": "nothing happened" if row["seq"] == 3 else row["reason"]}
        row["hash"] = prev = own_function_hash(row)
        forged.append(row)
    rewrite(container, forged)
    result = verify(container)
    assert not result.ok and result.broken_seq == 3 and "does not match its hash" in result.problem


def test_a_rewrite_posing_as_pre_key_entries_is_detected(container):
    """Marking every row as written before the key (hash version 1) and rehashing the whole chain."""
    fill(container)
    drop_triggers(container)
    forged, prev = [], "0" * 64
    for row in entries(container):
        row = {**row, "prev_hash": prev, "hash_version": 1,
               "reason": "nothing happened" if row["seq"] == 3 else row["reason"]}
        del row["key_id"]
        row["hash"] = prev = own_function_hash(row)
        forged.append(row)
    rewrite(container, forged)
    result = verify(container)
    assert result.broken_seq is None  # a consistent unkeyed chain...
    assert not result.ok  # ...contradicts the signed checkpoint
    assert result.checkpoint_problems[0].startswith("checkpoint #1 says entry 5 has hash")
    # Without any checkpoint (another directory), unkeyed entries are not trusted either.
    other = Sealer(sealer(container).key, sealer(container).checkpoint_dir.parent / "elsewhere")
    with container.uow() as uow:
        uow.session.info[keys.SESSION_KEY] = other
        alone = audit.verify(uow)
    assert not alone.ok and "no signed checkpoint" in alone.unanchored


def test_an_unkeyed_entry_after_keyed_ones_is_refused(container):
    fill(container)
    drop_triggers(container)
    rows = entries(container)
    last = {**rows[-1], "hash_version": 1}
    del last["key_id"]
    last["hash"] = own_function_hash(last)
    rewrite(container, [last])
    result = verify(container)
    assert result.broken_seq == 5 and "unkeyed hash after keyed entries" in result.problem


def test_a_forged_or_removed_checkpoint_is_named(container):
    fill(container, 2)
    fill(container, 1)
    fill(container, 1)
    path = sealer(container).checkpoint_dir / checkpoints.FILE
    lines = path.read_text().splitlines()
    # Someone who can write the file but has no key: claims the head is entry 1 (hiding 2-4).
    forged = json.loads(lines[2]) | {"seq": 1, "hash": entries(container)[0]["hash"]}
    path.write_text("\n".join([lines[0], lines[1], json.dumps(forged)]) + "\n")
    result = verify(container)
    assert not result.ok
    assert "checkpoint #3 (line 3) has a bad signature: it was forged or altered" in result.checkpoint_problems
    # A line signed with another key, and a removed line.
    stranger = Sealer(b"s" * 40, path.parent)
    alien = checkpoints.Checkpoint(n=4, seq=4, hash="f" * 64, at="2030-01-01T00:00:00+00:00",
                                   key_id=stranger.key_id, prev=json.loads(lines[2])["sig"])
    alien = checkpoints.Checkpoint(**{**alien.__dict__, "sig": stranger.sign(alien.content())})
    path.write_text("\n".join([lines[0], lines[2], json.dumps(alien.__dict__)]) + "\n")
    problems = verify(container).checkpoint_problems
    assert "checkpoint #3 (line 2) does not follow checkpoint #1: checkpoints were removed or reordered" in problems
    assert any(p.startswith("checkpoint #4 (line 3) has a bad signature") and "another audit key" in p
               for p in problems)


def test_the_database_still_refuses_updates_and_deletes_of_the_new_columns(container):
    fill(container, 2)
    for statement in ("UPDATE audit_entries SET hash_version = 1 WHERE seq = 1",
                      "UPDATE audit_entries SET key_id = NULL WHERE seq = 2", "DELETE FROM audit_entries"):
        with pytest.raises(DatabaseError, match="append-only"), container.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify(container).ok


def test_another_audit_key_is_named(container, settings):
    fill(container, 2)
    with container.uow() as uow:
        uow.session.info[keys.SESSION_KEY] = Sealer(b"k" * 40, settings.checkpoint_dir)
        result = audit.verify(uow)
    assert result.broken_seq == 1 and "sealed with another audit key" in result.problem
    assert any("another audit key" in p for p in result.checkpoint_problems)


def test_entries_written_before_the_key_verify_once_anchored(container):
    """Rows of an upgraded database keep their unkeyed hashes (hash version 1, migration 0007)."""
    with container.engine.begin() as conn:
        prev = "0" * 64
        for seq in (1, 2):
            row = {"seq": seq, "at": f"2024-01-0{seq}T00:00:00.000000+00:00", "actor_id": None, "actor": "system",
                   "action": "legacy.step", "subject_type": "thing", "subject_id": str(seq), "from_state": None,
                   "to_state": None, "reason": None, "details": {}, "prev_hash": prev}
            row["hash"] = prev = hashlib.sha256(audit.canonical(row)).hexdigest()
            conn.execute(text("INSERT INTO audit_entries (seq, at, actor_id, actor, action, subject_type, subject_id,"
                              " details, prev_hash, hash) VALUES (:seq, :at, NULL, 'system', 'legacy.step', 'thing',"
                              " :subject_id, '{}', :prev_hash, :hash)"), row)
    result = verify(container)
    assert result.broken_seq is None and result.checked == 2 and not result.ok
    assert "entries up to 2 have unkeyed hashes" in result.unanchored or "no signed checkpoint" in result.unanchored
    with container.uow() as uow:
        written, _ = audit.checkpoint(uow)
    assert written is not None and written.seq == 2
    fill(container, 2)  # keyed entries follow the legacy ones
    assert verify(container).ok and [r["hash_version"] for r in entries(container)] == [1, 1, 2, 2]


@pytest.mark.parametrize("kind", STORES)
def test_migration_0007_keeps_old_rows_unkeyed_and_the_triggers(kind, tmp_path):
    from alembic import command
    from alembic.config import Config

    url = database_url(kind, tmp_path)
    config = Config()
    config.set_main_option("script_location", str(Path(migrate.__code__.co_filename).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "0006")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entries (seq, at, actor, action, subject_type, subject_id, details,"
                              " prev_hash, hash) VALUES (1, '2024-01-01 00:00:00', 'system', 'old', 'thing', '1',"
                              " '{}', :genesis, :hash)"), {"genesis": "0" * 64, "hash": "a" * 64})
        command.upgrade(config, "head")
        with engine.begin() as conn:
            assert conn.execute(text("SELECT hash_version, key_id FROM audit_entries")).all() == [(1, None)]
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE audit_entries SET hash_version = 2"))
    finally:
        engine.dispose()


def test_checkpoint_refuses_to_anchor_a_broken_chain(container):
    fill(container, 3)
    drop_triggers(container)
    with container.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET reason = 'x' WHERE seq = 2"))
    with container.uow() as uow:
        written, result = audit.checkpoint(uow)
    assert written is None and result.broken_seq == 2
    assert len(checkpoint_lines(container)) == 1


def test_audit_key_settings(tmp_path):
    with pytest.raises(ValueError, match="CATALOGUE_AUDIT_KEY"):
        Settings(env="production", secret_key="s" * 40, database_url="postgresql+psycopg://u:p@h/db")
    with pytest.raises(ValueError, match="CATALOGUE_AUDIT_KEY"):
        Settings(env="production", secret_key="s" * 40, database_url="postgresql+psycopg://u:p@h/db",
                 audit_key="short")
    with pytest.raises(ValueError, match="must differ from CATALOGUE_SECRET_KEY"):
        Settings(secret_key="s" * 40, audit_key="s" * 40)
    development = Settings(data_dir=tmp_path, secret_key="s" * 40)
    key = development.effective_audit_key()
    assert len(key) >= 32 and key == Settings(data_dir=tmp_path).effective_audit_key() != "s" * 40
    assert (tmp_path / "audit_key").stat().st_mode & 0o077 == 0
    assert development.checkpoint_dir == tmp_path / "audit-checkpoints"
    assert Settings(audit_checkpoint_dir=tmp_path / "cp").checkpoint_dir == tmp_path / "cp"


# --- the command line: `catalogue audit verify` exits 1 and says what broke; `audit checkpoint` anchors.

def test_cli_verify_reports_truncation_and_checkpoint_anchors(tmp_path, monkeypatch):
    from catalogue.bootstrap import bootstrap

    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    runner = CliRunner()
    built = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    try:
        fill(built, 4)
        with built.uow() as uow:
            audit.record(uow, SYSTEM, "test.step", "thing", 9)
            uow.session.commit()  # committed without the unit of work's hooks: no checkpoint yet
        result = runner.invoke(app, ["audit", "verify"])
        assert result.exit_code == 0 and "entries 5-5 are newer than the last checkpoint" in result.output
        result = runner.invoke(app, ["audit", "checkpoint"])
        assert result.exit_code == 0 and "checkpoint #2: entry 5" in result.output
        drop_triggers(built)
        with built.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_entries WHERE seq > 2"))
    finally:
        built.close()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "says the head was entry 5" in result.output and "the database ends at entry 2" in result.output
    result = runner.invoke(app, ["audit", "checkpoint"])
    assert result.exit_code == 1 and "no checkpoint written" in result.output
