"""Verify the trail: every entry's keyed hash and link, then the signed checkpoints kept outside the database.

The chain alone shows an entry altered by someone without the audit key. The checkpoints show what
the chain alone cannot: the newest entries removed (a checkpoint names a head the database no longer
reaches) and a chain rewritten from some entry on (a checkpoint names another hash for an entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.audit import checkpoints
from catalogue.audit import keys
from catalogue.audit import repository as repo
from catalogue.audit.chain import compute_hash
from catalogue.audit.checkpoints import Checkpoint
from catalogue.audit.keys import Sealer
from catalogue.audit.models import GENESIS, KEYED, LEGACY, AuditEntry
from catalogue.db import as_utc
from catalogue.uow import UnitOfWork

SHOWN = 5  # contradicting checkpoints listed one by one; the rest are counted


@dataclass
class Verification:
    checked: int = 0  # entries verified from the start until the first broken one
    broken_seq: int | None = None
    problem: str | None = None  # what is wrong with the entry `broken_seq`
    head: tuple[int, str] | None = None
    checkpoints: int = 0  # signed checkpoints read
    last_checkpoint: Checkpoint | None = None
    checkpoint_problems: list[str] = field(default_factory=list)
    unanchored: str | None = None  # entries no signed checkpoint vouches for (a new checkpoint fixes it)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.checkpoint_problems and self.unanchored is None


def _short(value: str) -> str:
    return value[:12] + "…"


def _entry_problem(entry: AuditEntry, expected_seq: int, prev: str, keyed_before: bool, sealer: Sealer) -> str | None:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next one is {entry.seq})"
    if entry.prev_hash != prev:
        return "its prev_hash does not match the previous entry's hash (an entry was removed or altered)"
    if entry.hash_version not in (LEGACY, KEYED):
        return f"its hash version {entry.hash_version} is unknown (the entry was altered)"
    if entry.hash_version == LEGACY and keyed_before:
        return ("it carries an unkeyed hash after keyed entries: only entries written before the audit key "
                "existed may (the entry was forged or altered)")
    computed = compute_hash(entry, sealer)
    if computed == entry.hash:
        return None
    if entry.hash_version == KEYED and entry.key_id != sealer.key_id:
        return (f"it was sealed with another audit key (id {entry.key_id}; this key is {sealer.key_id}): "
                "is CATALOGUE_AUDIT_KEY the server's?")
    return (f"its content does not match its hash (the entry was altered: stored {_short(entry.hash)}, "
            f"content gives {_short(computed)})")


def verify(uow: UnitOfWork) -> Verification:
    """Walk the whole chain once, comparing each entry with the checkpoints that name it."""
    sealer = keys.of(uow.session)
    reading = checkpoints.read(sealer)
    result = Verification(checkpoints=len(reading.checkpoints), last_checkpoint=reading.last,
                          checkpoint_problems=list(reading.problems))
    vouched: dict[int, list[Checkpoint]] = {}
    for checkpoint in reading.checkpoints:
        vouched.setdefault(checkpoint.seq, []).append(checkpoint)
    contradicted: list[str] = []
    expected_seq, prev, keyed_before, legacy_end = 1, GENESIS, False, 0
    for entry in repo.iter_entries(uow.session):
        if result.broken_seq is None:
            problem = _entry_problem(entry, expected_seq, prev, keyed_before, sealer)
            if problem:
                result.broken_seq, result.problem = min(expected_seq, entry.seq), problem
            else:
                result.checked += 1
        keyed_before = keyed_before or entry.hash_version != LEGACY
        legacy_end = entry.seq if entry.hash_version == LEGACY else legacy_end
        contradicted += [f"checkpoint #{c.n} says entry {entry.seq} has hash {_short(c.hash)}, the database has "
                         f"{_short(entry.hash)}: the chain was rewritten" for c in vouched.pop(entry.seq, ())
                         if c.hash != entry.hash]
        expected_seq, prev = entry.seq + 1, entry.hash
        result.head = (entry.seq, entry.hash)
    _compare_head(result, vouched, contradicted)
    top = max(reading.checkpoints, key=lambda c: c.seq, default=None)
    _anchoring(result, sealer, legacy_end, top)
    return result


def _compare_head(result: Verification, vouched: dict[int, list[Checkpoint]], contradicted: list[str]) -> None:
    """Checkpoints naming entries the database no longer has: truncation, or removed entries."""
    end = result.head[0] if result.head else 0
    left = sorted((c for group in vouched.values() for c in group), key=lambda c: c.seq)
    beyond = [c for c in left if c.seq > end]
    if beyond:
        top = beyond[-1]
        ends = f"the database ends at entry {end}" if end else "the database has no entries"
        result.checkpoint_problems.append(
            f"checkpoint #{top.n} ({top.at}) says the head was entry {top.seq} (hash {_short(top.hash)}), "
            f"{ends}: the newest entries were removed")
    contradicted += [f"checkpoint #{c.n} names entry {c.seq}, which is missing from the database"
                     for c in left if c.seq <= end]
    result.checkpoint_problems += contradicted[:SHOWN]
    if len(contradicted) > SHOWN:
        result.checkpoint_problems.append(f"… and {len(contradicted) - SHOWN} more contradicting checkpoints")


def _anchoring(result: Verification, sealer: Sealer, legacy_end: int, top: Checkpoint | None) -> None:
    """Entries that no checkpoint vouches for: a problem for unkeyed ones, a note for the newest keyed ones."""
    if result.head is None:
        return
    vouched_up_to = top.seq if top else 0
    if top is None:
        result.unanchored = (f"no signed checkpoint in {sealer.checkpoint_dir}: the newest entries could be removed "
                             "unnoticed (is CATALOGUE_AUDIT_CHECKPOINT_DIR the server's? `catalogue audit "
                             "checkpoint` anchors the current head)")
    elif legacy_end > vouched_up_to:
        result.unanchored = (f"entries up to {legacy_end} have unkeyed hashes (written before the audit key) and "
                             "no signed checkpoint vouches for them: run `catalogue audit checkpoint`")
    elif vouched_up_to < result.head[0]:
        result.notes.append(f"entries {vouched_up_to + 1}-{result.head[0]} are newer than the last checkpoint "
                            f"(#{top.n}); `catalogue audit checkpoint` anchors them")


def describe(result: Verification, entry: AuditEntry | None = None) -> str:
    """One line per finding: the chain first, then the checkpoints."""
    if result.broken_seq is None:
        lines = [f"audit chain intact: {result.checked} entries verified"]
    else:
        what = f" ({entry.action} on {entry.subject_type} {entry.subject_id} at {as_utc(entry.at)})" if entry else ""
        lines = [f"audit chain broken at entry {result.broken_seq}{what}: {result.problem}"]
    if result.last_checkpoint:
        last = result.last_checkpoint
        plural = "s" if result.checkpoints != 1 else ""
        lines.append(f"{result.checkpoints} signed checkpoint{plural} read "
                     f"(last: #{last.n}, entry {last.seq}, {last.at})")
    lines += result.checkpoint_problems + ([result.unanchored] if result.unanchored else []) + result.notes
    return "\n".join(lines)
