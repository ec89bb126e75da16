"""SQL for the audit trail: the chain lock, the head, and reading entries in order."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from catalogue.audit.models import AuditEntry

# Any constant; names the one PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK = 0x4D4D44_A0D17


def lock_chain(session: Session) -> None:
    """Serialise appends until the transaction ends.

    SQLite transactions are already serialised (catalogue.db begins them IMMEDIATE); PostgreSQL
    takes a transaction-scoped advisory lock, released by commit or rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})


def head(session: Session) -> tuple[int, str] | None:
    row = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def committed_head(session: Session) -> tuple[int, str] | None:
    """The head as committed now, read in a short transaction of its own (the caller's is left as is)."""
    with Session(session.get_bind()) as reader:
        return head(reader)


def iter_entries(session: Session, *, subject_type: str | None = None, subject_id: str | None = None,
                 batch: int = 1000) -> Iterator[AuditEntry]:
    """Entries in chain order, read in batches (the trail can be long)."""
    statement = select(AuditEntry).order_by(AuditEntry.seq)
    if subject_type:
        statement = statement.where(AuditEntry.subject_type == subject_type)
    if subject_id:
        statement = statement.where(AuditEntry.subject_id == subject_id)
    last = 0
    while True:
        rows = list(session.scalars(statement.where(AuditEntry.seq > last).limit(batch)))
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].seq
