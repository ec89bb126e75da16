"""CSV cells that a spreadsheet opens as text, never as a formula (OWASP "CSV injection").

Every CSV the catalogue writes goes through `writer` (or `cell`): a text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote, which
spreadsheets show as text. Numbers are written as numbers. So that an exported template imports
back unchanged, a text that already starts with quotes before one of those characters gets one
more, and `restore` (used by the template reader) removes exactly one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

TRIGGERS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def cell(value: Any) -> Any:
    """The value as written in a CSV cell: texts that a spreadsheet would evaluate get a leading quote."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text `cell` was given: one leading quote off where `cell` added it."""
    return text[1:] if _QUOTED.match(text) else text


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def writer(out: TextIO, **options: Any) -> SafeWriter:
    """The one CSV writer of the catalogue (same options as `csv.writer`)."""
    return SafeWriter(out, **options)
