"""How an entry's hash is computed: the canonical JSON of its fields, keyed since migration 0007."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from catalogue.audit.keys import Sealer
from catalogue.audit.models import KEYED, LEGACY, AuditEntry


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def legacy_hash(entry: AuditEntry) -> str:
    """Version 1: plain SHA-256, which anyone can recompute. Only entries older than 0007 use it."""
    return hashlib.sha256(canonical(entry.fields())).hexdigest()


def compute_hash(entry: AuditEntry, sealer: Sealer) -> str:
    """The hash the entry should carry, by its version: keyed entries need the audit key."""
    if entry.hash_version == LEGACY:
        return legacy_hash(entry)
    if entry.hash_version != KEYED:
        raise ValueError(f"unknown hash version {entry.hash_version}")
    return sealer.seal(canonical(entry.fields()))
