"""The audit trail: append-only entries linked by a keyed hash chain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow

GENESIS = "0" * 64  # prev_hash of the first entry
LEGACY, KEYED = 1, 2  # hash versions: plain SHA-256 (entries written before migration 0007), HMAC-SHA256


class AuditEntry(Base):
    """One action on the record. Written by catalogue.audit.service.record only, never updated.

    `seq` is assigned by the writer (head + 1) under the chain lock, so the chain is a line;
    its primary key makes a fork impossible even if the lock were bypassed.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "subject_type", "subject_id"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None]  # no foreign key: the trail outlives deleted accounts
    actor: Mapped[str] = mapped_column(String(320))  # e-mail, or "system"
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(80))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Rows older than migration 0007 keep version 1 (the server default); new rows are keyed.
    hash_version: Mapped[int] = mapped_column(server_default=text("1"))
    key_id: Mapped[str | None] = mapped_column(String(16))  # which audit key sealed it (keyed rows)

    def fields(self) -> dict[str, object]:
        """The hashed content: every column but `hash` (keyed rows also seal their version and key id)."""
        at = self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return {
            "seq": self.seq, "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id, "actor": self.actor, "action": self.action,
            "subject_type": self.subject_type, "subject_id": self.subject_id,
            "from_state": self.from_state, "to_state": self.to_state, "reason": self.reason,
            "details": self.details, "prev_hash": self.prev_hash,
        } | ({"hash_version": self.hash_version, "key_id": self.key_id} if self.hash_version != LEGACY else {})
