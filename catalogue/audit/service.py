"""Audit trail: record an entry in the writer's transaction, verify the chain, export it.

Each entry stores the hash of the previous one and its own hash: an HMAC-SHA256, with the audit
key (CATALOGUE_AUDIT_KEY, never in the database), of the canonical JSON of its fields (prev_hash
included). Entries written before migration 0007 keep their plain SHA-256 (hash version 1). Changing,
removing or reordering an entry breaks the chain from that entry on, and `verify` names the first
broken one; without the key nobody can recompute the hashes that follow. After each transaction that
recorded entries, a signed checkpoint of the head is appended outside the database
(catalogue.audit.checkpoints), so removing the newest entries or rewriting the chain contradicts it.
Appends are serialised (repository.lock_chain) so two writers never link to the same head. Entries
are never updated or deleted by the application; the database refuses it too (migration 0002).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from catalogue import policies
from catalogue.audit import checkpoints, keys
from catalogue.audit import repository as repo
from catalogue.audit.chain import canonical, compute_hash, legacy_hash
from catalogue.audit.checkpoints import Checkpoint
from catalogue.audit.models import GENESIS, KEYED, AuditEntry
from catalogue.audit.verification import Verification, describe, verify
from catalogue.db import utcnow
from catalogue.principal import Principal
from catalogue.spreadsheet import csvsafe
from catalogue.uow import UnitOfWork

__all__ = ["Verification", "canonical", "checkpoint", "compute_hash", "describe", "export", "history",
           "legacy_hash", "record", "verify", "verify_for"]
log = logging.getLogger(__name__)
COLUMNS = ("seq", "at", "actor_id", "actor", "action", "subject_type", "subject_id", "from_state",
           "to_state", "reason", "details", "prev_hash", "hash", "hash_version", "key_id")
_CHECKPOINT_PENDING = "catalogue.audit.checkpoint_pending"


def actor_label(actor: Principal) -> str:
    if actor.email:
        return actor.email
    return "system" if actor.is_system else "anonymous"


def record(uow: UnitOfWork, actor: Principal, action: str, subject_type: str, subject_id: object, *,
           from_state: str | None = None, to_state: str | None = None, reason: str | None = None,
           details: dict[str, Any] | None = None, at: dt.datetime | None = None) -> AuditEntry:
    """Append an entry in the current transaction; call it after the change it records is flushed."""
    session = uow.session
    sealer = keys.of(session)
    repo.lock_chain(session)
    top = repo.head(session)
    seq, prev = (top[0] + 1, top[1]) if top else (1, GENESIS)
    entry = AuditEntry(seq=seq, at=(at or utcnow()), actor_id=actor.user_id, actor=actor_label(actor),
                       action=action, subject_type=subject_type, subject_id=str(subject_id),
                       from_state=from_state, to_state=to_state, reason=reason,
                       details=json.loads(canonical(details or {})), prev_hash=prev,
                       hash_version=KEYED, key_id=sealer.key_id)
    entry.hash = compute_hash(entry, sealer)
    session.add(entry)
    session.flush()
    if not session.info.get(_CHECKPOINT_PENDING):
        session.info[_CHECKPOINT_PENDING] = True
        uow.on_commit(lambda: _checkpoint_committed_head(session))
    return entry


def _checkpoint_committed_head(session: Session) -> None:
    """After a commit that recorded entries: sign the head as the database now has it.

    The head is read again rather than remembered: a savepoint may have dropped what was recorded.
    A checkpoint that cannot be written is logged, not raised: the change is committed, and
    `catalogue audit verify` shows the entries no checkpoint covers yet.
    """
    session.info.pop(_CHECKPOINT_PENDING, None)
    try:
        top = repo.committed_head(session)  # not in the caller's session: its objects stay loaded
        if top:
            checkpoints.append(keys.of(session), *top)
    except Exception:  # noqa: BLE001 - never fail a committed change because of its checkpoint
        log.exception("audit checkpoint not written")


def checkpoint(uow: UnitOfWork) -> tuple[Checkpoint | None, Verification]:
    """Verify everything, then sign the head, unless the chain or the checkpoints show a problem.

    Never anchors a tampered chain: the only problem a new checkpoint may settle is that nothing
    vouches yet for the newest (or the pre-key) entries.
    """
    result = verify(uow)
    if result.broken_seq is not None or result.checkpoint_problems or result.head is None:
        return None, result
    return checkpoints.append(keys.of(uow.session), *result.head), result


def verify_for(uow: UnitOfWork, actor: Principal) -> Verification:
    policies.export_audit(actor)
    return verify(uow)


def entry(uow: UnitOfWork, seq: int) -> AuditEntry | None:
    return uow.session.get(AuditEntry, seq)


def as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {**entry.fields(), "hash": entry.hash, "hash_version": entry.hash_version, "key_id": entry.key_id}


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
    writer = csvsafe.writer(buffer)  # a text starting with = + - @ opens as text in a spreadsheet
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
