"""Audit trail: record an entry in the writer's transaction, verify the chain, export it.

Each entry stores the hash of the previous one and its own hash, the SHA-256 of the canonical
JSON of its fields (prev_hash included). Changing, removing or reordering an entry breaks the
chain from that entry on, and `verify` names the first broken one. Appends are serialised
(repository.lock_chain) so two writers never link to the same head. Entries are never updated
or deleted by the application; the database refuses it too (triggers of migration 0002).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from catalogue import policies
from catalogue.audit import repository as repo
from catalogue.audit.models import GENESIS, AuditEntry
from catalogue.db import as_utc, utcnow
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

COLUMNS = ("seq", "at", "actor_id", "actor", "action", "subject_type", "subject_id", "from_state",
           "to_state", "reason", "details", "prev_hash", "hash")


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry.fields())).hexdigest()


def actor_label(actor: Principal) -> str:
    if actor.email:
        return actor.email
    return "system" if actor.is_system else "anonymous"


def record(uow: UnitOfWork, actor: Principal, action: str, subject_type: str, subject_id: object, *,
           from_state: str | None = None, to_state: str | None = None, reason: str | None = None,
           details: dict[str, Any] | None = None, at: dt.datetime | None = None) -> AuditEntry:
    """Append an entry in the current transaction; call it after the change it records is flushed."""
    session = uow.session
    repo.lock_chain(session)
    top = repo.head(session)
    seq, prev = (top[0] + 1, top[1]) if top else (1, GENESIS)
    entry = AuditEntry(seq=seq, at=(at or utcnow()), actor_id=actor.user_id, actor=actor_label(actor),
                       action=action, subject_type=subject_type, subject_id=str(subject_id),
                       from_state=from_state, to_state=to_state, reason=reason,
                       details=json.loads(canonical(details or {})), prev_hash=prev)
    entry.hash = compute_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass
class Verification:
    checked: int = 0
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(uow: UnitOfWork) -> Verification:
    """Walk the chain from the start; stop at the first entry that does not hold."""
    result = Verification()
    expected_seq, prev = 1, GENESIS
    for entry in repo.iter_entries(uow.session):
        problem = None
        if entry.seq != expected_seq:
            problem = f"entry {expected_seq} is missing (the next one is {entry.seq})"
        elif entry.prev_hash != prev:
            problem = "its prev_hash does not match the previous entry's hash (an entry was removed or altered)"
        elif compute_hash(entry) != entry.hash:
            problem = "its content does not match its hash (the entry was altered)"
        if problem:
            result.broken_seq, result.problem = (expected_seq if entry.seq != expected_seq else entry.seq), problem
            return result
        result.checked += 1
        expected_seq, prev = entry.seq + 1, entry.hash
    return result


def verify_for(uow: UnitOfWork, actor: Principal) -> Verification:
    policies.export_audit(actor)
    return verify(uow)


def describe(result: Verification, entry: AuditEntry | None = None) -> str:
    if result.ok:
        return f"audit chain intact: {result.checked} entries verified"
    what = f" ({entry.action} on {entry.subject_type} {entry.subject_id} at {as_utc(entry.at)})" if entry else ""
    return f"audit chain broken at entry {result.broken_seq}{what}: {result.problem}"


def entry(uow: UnitOfWork, seq: int) -> AuditEntry | None:
    return uow.session.get(AuditEntry, seq)


def as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {**entry.fields(), "hash": entry.hash}


def history(uow: UnitOfWork, subject_type: str, subject_id: object) -> list[AuditEntry]:
    return list(repo.iter_entries(uow.session, subject_type=subject_type, subject_id=str(subject_id)))


def export(uows: Callable[[], UnitOfWork], actor: Principal, fmt: str, *, subject_type: str | None = None,
           subject_id: str | None = None) -> Iterator[str]:
    """The trail as CSV or JSON text chunks, in chain order; governance staff and admins only.

    Authorises and records the export at once; the chunks are read lazily, in their own transaction.
    """
    policies.export_audit(actor)
    with uows() as uow:
        record(uow, actor, "audit.export", "audit", "trail",
               details={"format": fmt, "subject_type": subject_type, "subject_id": subject_id})
        uow.commit()

    def chunks() -> Iterator[str]:
        with uows() as uow:
            entries = repo.iter_entries(uow.session, subject_type=subject_type, subject_id=subject_id)
            yield from (_csv(entries) if fmt == "csv" else _json(entries))

    return chunks()


def _csv(entries: Iterator[AuditEntry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for item in entries:
        row = as_dict(item)
        row["details"] = json.dumps(row["details"], sort_keys=True, ensure_ascii=False)
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _json(entries: Iterator[AuditEntry]) -> Iterator[str]:
    yield "["
    for n, item in enumerate(entries):
        yield ("," if n else "") + "\n" + json.dumps(as_dict(item), ensure_ascii=False)
    yield "\n]\n"
