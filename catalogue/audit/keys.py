"""The audit key: seals chain entries and signs checkpoints (HMAC-SHA256), never stored in the database.

Someone who can write to the database but does not hold CATALOGUE_AUDIT_KEY can neither recompute
an entry's hash after changing it nor sign a checkpoint. Entries and checkpoints use distinct
prefixes, so a sealed entry can never pass for a signed checkpoint or the reverse.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from catalogue.settings import Settings

SESSION_KEY = "catalogue.audit"  # where the sessions of a container carry their Sealer (Session.info)
_ENTRY, _CHECKPOINT, _KEY_ID = b"catalogue-audit-entry-v2\n", b"catalogue-audit-checkpoint-v1\n", b"key-id"


@dataclass(frozen=True)
class Sealer:
    """HMAC-SHA256 with the audit key; `key_id` names the key without revealing it."""

    key: bytes = field(repr=False)
    checkpoint_dir: Path

    @property
    def key_id(self) -> str:
        return hmac.new(self.key, _KEY_ID, hashlib.sha256).hexdigest()[:16]

    def seal(self, content: bytes) -> str:
        return hmac.new(self.key, _ENTRY + content, hashlib.sha256).hexdigest()

    def sign(self, content: bytes) -> str:
        return hmac.new(self.key, _CHECKPOINT + content, hashlib.sha256).hexdigest()

    def signed(self, content: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(content), signature)


def sealer_for(settings: Settings) -> Sealer:
    return Sealer(settings.effective_audit_key().encode(), settings.checkpoint_dir)


def session_info(settings: Settings) -> dict[str, Sealer]:
    """The `info` of a container's sessionmaker: every session then knows how to seal entries."""
    return {SESSION_KEY: sealer_for(settings)}


def of(session: Session) -> Sealer:
    sealer = session.info.get(SESSION_KEY)
    if sealer is None:  # never fall back to unkeyed hashes: that is what an insider could forge
        raise RuntimeError("this session has no audit key: build sessions with catalogue.bootstrap")
    return sealer
