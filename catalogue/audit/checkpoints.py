"""Signed checkpoints of the chain's head, appended to a JSON-lines file outside the database.

Each line says "entry `seq` of the chain had hash `hash` at time `at`", is numbered (`n`), names
the previous line's signature (`prev`) and is signed with the audit key (`sig`). Whoever can
write to the database but not to this file (or not sign with the key) cannot remove the newest
entries, nor rewrite the chain, without contradicting a checkpoint. Writers take an exclusive
lock on the file, so lines from the server and from `catalogue audit checkpoint` never interleave.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import IO

from catalogue.audit.keys import Sealer

FILE = "checkpoints.jsonl"
_FIELDS = {"n": int, "seq": int, "hash": str, "at": str, "key_id": str, "prev": str, "sig": str}


@dataclass(frozen=True)
class Checkpoint:
    n: int
    seq: int
    hash: str
    at: str
    key_id: str
    prev: str  # signature of checkpoint n-1 ("" for the first)
    sig: str = ""

    def content(self) -> bytes:
        body = {k: v for k, v in asdict(self).items() if k != "sig"}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class Reading:
    """The signed checkpoints of the file, in order, and what is wrong with the others."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    found: bool = False  # the file exists

    @property
    def last(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


def append(sealer: Sealer, seq: int, hash_: str, *, now: dt.datetime | None = None) -> Checkpoint:
    """Sign and append a checkpoint of the head (nothing new when the last line already says so)."""
    sealer.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(sealer.checkpoint_dir / FILE, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        last = _parse(_last_line(handle))
        if last and last.seq == seq and last.hash == hash_ and sealer.signed(last.content(), last.sig):
            return last
        number, prev = (last.n + 1, last.sig) if last else (_count_lines(handle) + 1, "")
        at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
        unsigned = Checkpoint(n=number, seq=seq, hash=hash_, at=at, key_id=sealer.key_id, prev=prev)
        checkpoint = Checkpoint(**{**asdict(unsigned), "sig": sealer.sign(unsigned.content())})
        handle.write(json.dumps(asdict(checkpoint), separators=(",", ":")).encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return checkpoint


def read(sealer: Sealer) -> Reading:
    """Check every line's signature and its link to the previous one."""
    path = sealer.checkpoint_dir / FILE
    reading = Reading(found=path.exists())
    if not reading.found:
        return reading
    previous: Checkpoint | None = None
    for line_no, line in _lines(path):
        checkpoint = _parse(line)
        if checkpoint is None:
            reading.problems.append(f"checkpoint line {line_no} of {path} is unreadable (altered or truncated)")
            continue
        label = f"checkpoint #{checkpoint.n} (line {line_no})"
        if not sealer.signed(checkpoint.content(), checkpoint.sig):
            other = f"; it names another audit key ({checkpoint.key_id})" if checkpoint.key_id != sealer.key_id else ""
            reading.problems.append(f"{label} has a bad signature: it was forged or altered{other}")
            continue
        if previous and (checkpoint.n != previous.n + 1 or checkpoint.prev != previous.sig):
            reading.problems.append(f"{label} does not follow checkpoint #{previous.n}: "
                                    "checkpoints were removed or reordered")
        elif previous is None and (checkpoint.n != 1 or checkpoint.prev):
            reading.problems.append(f"{label} is the first signed one: checkpoints before it were removed")
        reading.checkpoints.append(checkpoint)
        previous = checkpoint
    return reading


def _parse(line: bytes | None) -> Checkpoint | None:
    if not line:
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != set(_FIELDS) or \
            not all(type(data[k]) is kind for k, kind in _FIELDS.items()):
        return None
    return Checkpoint(**data)


def _lines(path: os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def _last_line(handle: IO[bytes]) -> bytes | None:
    """The file's last non-empty line, reading backwards from the end (the file only grows)."""
    end = handle.seek(0, os.SEEK_END)
    size = min(end, 4096)
    while True:
        handle.seek(end - size)
        tail = handle.read(size).rstrip(b"\n")
        if b"\n" in tail or size == end:
            return tail.rsplit(b"\n", 1)[-1] or None
        size = min(end, size * 4)


def _count_lines(handle: IO[bytes]) -> int:
    handle.seek(0)
    return sum(1 for line in handle if line.strip())
