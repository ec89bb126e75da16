"""What an import reader refuses before validation: a line it could not read, text no store keeps.

A `Rejected` line takes the place of the record it should have been, so the importer reports it
with its line (row) number like any other bad line, and the good lines still go in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from schemas.text import check_text, is_safe_text

# An undecodable byte, as the "surrogateescape" error handler keeps it (U+DC80-U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]")
_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Rejected:
    """A line that is no record: why, and where (fields), as validation errors are reported."""

    message: str
    fields: tuple[dict[str, str], ...] = field(default_factory=tuple)
    id: str | None = None

    @classmethod
    def of(cls, problems: list[dict[str, str]], ident: str | None = None) -> Rejected:
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return cls(text, tuple(problems), ident)


def text_problem(value: str, encoding: str | None = None) -> str | None:
    """Why `value` cannot be stored as text (the exchange format's `Text` rules), or None.

    `encoding`: the file's, when this reader decoded it (undecodable bytes are then named as bytes).
    """
    if is_safe_text(value):
        return None
    escaped = _ESCAPED.search(value) if encoding else None
    if escaped:
        return (f"byte 0x{ord(escaped.group()) - 0xDC00:02X} is not {encoding} text: save the file "
                "as UTF-8 (e.g. \"CSV UTF-8\") and import it again")
    try:
        check_text(value)
    except ValueError as exc:
        return str(exc)
    return None


# In JSON written without ASCII escapes, the escapes that can stand for a character `Text` refuses.
_RISKY_ESCAPE = re.compile(r"\\[ubf]")


def json_text_safe(text: str) -> bool:
    """True when every key and string that `json.loads(text)` gives is safe text: each of their characters
    is either in `text` itself or an escape (\\uXXXX, \\b, \\f can stand for a refused one; \\t \\n \\r
    are allowed). False may be wrong (a backslash before a "u" in a string): walk the value then."""
    return _RISKY_ESCAPE.search(text) is None and is_safe_text(text)


def all_safe(value: Any) -> bool:
    """True when `bad_strings(value)` finds nothing, known at the cost of one JSON dump and one scan (the
    usual case; otherwise walk it): the dump without ASCII escapes is a JSON text of the value."""
    try:
        probe = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # not JSON: let the walk say
        return False
    return json_text_safe(probe)


def bad_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field, reason) for every key or string inside a JSON value that is not storable text."""
    if isinstance(value, str):
        reason = text_problem(value)
        if reason:
            yield path or "(root)", reason
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            reason = text_problem(str(key))
            if reason:
                yield (path or "(root)"), f"a field name {reason}"
                continue
            yield from bad_strings(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from bad_strings(item, f"{path}[{index}]")


def printable(value: str) -> str:
    """`value` safe to print in a report (bad characters shown as escapes)."""
    return _SHOWN.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
