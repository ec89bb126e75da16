"""Rows of a filled template (CSV or XLSX) as exchange-format records.

Cells are converted by the column's kind but never rejected here: a value that does not fit is
passed on as written, so that validation names the field and the row (the importer's report).
Unknown columns are reported the same way (validation: "unknown field"). What cannot become a
record at all (an unreadable file, a header naming no column, bytes that are no text, a NUL) is a
`Rejected` line in place of the record, reported with its row number too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import load_workbook

from catalogue.spreadsheet import csvsafe
from catalogue.spreadsheet.columns import column_of
from catalogue.spreadsheet.decoding import Unreadable, decode, delimiter_of
from catalogue.spreadsheet.problems import Rejected, printable, text_problem
from catalogue.spreadsheet.template import SHEET

TRUE = {"true", "yes", "oui", "vrai", "1", "y", "x"}
FALSE = {"false", "no", "non", "faux", "0", "n"}
_INTEGER = re.compile(r"-?[0-9]{1,40}")  # longer: left as text, validation says it is no number
Line = str | Rejected


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return value.strip() if isinstance(value, str) else value


def _json(text: str) -> Any:
    """The JSON in a cell, or the text itself when it is none (validation names the cell)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # bad JSON, a huge number, or nesting too deep
        return text


def _list(value: Any) -> Any:
    if not isinstance(value, str):
        return [value]
    text = value.strip()
    if text.startswith("["):
        return _json(text)
    return [part.strip() for part in text.split("|") if part.strip()]


def convert(kind: str, value: Any) -> Any:
    """A cell value as the exchange format wants it for a column of `kind`."""
    if kind == "int":
        return _number(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        return True if text in TRUE else False if text in FALSE else value
    if kind == "date":
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()[:10]
        return str(value).strip()
    if kind in ("codes", "texts"):
        return _list(value)
    if kind == "json":
        return _json(value) if isinstance(value, str) else value
    if kind == "code":
        return str(value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = record
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def to_record(header: list[str], cells: Iterable[Any]) -> dict[str, Any]:
    """One row as a record; empty cells are absent fields."""
    record: dict[str, Any] = {}
    for name, value in zip(header, cells, strict=False):
        if value is None or (isinstance(value, str) and not value.strip()) or not name:
            continue
        found = column_of(name)
        if found is None:
            _set(record, name.strip(), value)  # validation reports it as an unknown field
            continue
        column, lang = found
        converted = convert(column.kind, value)
        if lang is None:
            _set(record, column.path, converted)
        else:
            current = record
            for key in column.path.split("."):
                current = current.get(key, {}) if isinstance(current, dict) else {}
            _set(record, column.path, {**(current if isinstance(current, dict) else {}), lang: converted})
    if record:
        record.setdefault("volume", {}).setdefault("individuals", None)  # an empty cell says "unknown"
    return record


def _row(header: list[str], cells: tuple[Any, ...], encoding: str | None, quoted: bool) -> Line:
    """One row as a JSON line ("" when empty), or why it cannot be one."""
    if quoted:
        cells = tuple(csvsafe.restore(c) if isinstance(c, str) else c for c in cells)
    problems = []
    for index, cell in enumerate(cells):
        reason = text_problem(cell, encoding) if isinstance(cell, str) else None
        if reason:
            name = header[index] if index < len(header) and header[index] else f"column {index + 1}"
            problems.append({"field": printable(name), "message": reason})
    if problems:
        ident = cells[header.index("id")] if "id" in header and header.index("id") < len(cells) else None
        ident = ident if isinstance(ident, str) and text_problem(ident, encoding) is None else None
        return Rejected.of(problems, ident)
    record = to_record(header, cells)
    return json.dumps(record, ensure_ascii=False, default=str) if record else ""


def _header(cells: Sequence[Any]) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in cells]


def _rows_as_lines(rows: Iterator[Sequence[Any]], encoding: str | None = None, *,
                   quoted: bool = False) -> list[Line]:
    """Line N = row N (header and empty rows blank), so that the importer's line numbers are row numbers."""
    first = next(rows, None)
    if first is None or not any(str(c).strip() for c in first if c is not None):
        return [Rejected("the file is empty, or its first row is: it must be the template's header row")]
    header = _header(first)
    if not any(column_of(name) for name in header if name and text_problem(name) is None):
        shown = ", ".join(printable(h) for h in header[:5] if h)
        return [Rejected(f"header: no column is a template field (found: {shown}); the first row must be "
                         "the template's header (id, title.fr, ...), separated by ',' ';' or tab")]
    lines: list[Line] = [""]
    while True:
        try:
            cells = next(rows, None)
        except Exception as exc:  # noqa: BLE001 - a damaged file: report the row, keep what was read
            lines.append(Rejected(f"row could not be read ({printable(str(exc))}); the rows after it were not read"))
            return lines
        if cells is None:
            return lines
        lines.append(_row(header, tuple(cells), encoding, quoted))


def xlsx_lines(data: bytes) -> list[Line]:
    """The rows of the `Descriptions` sheet (else the first sheet) of a workbook."""
    if not data.strip():
        return [Rejected("the file is empty")]
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - whatever the parser says, the file is no workbook
        return [Rejected(f"not a readable .xlsx workbook ({type(exc).__name__}: {printable(str(exc))}); "
                         "save it from the spreadsheet as .xlsx, or as CSV")]
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        return _rows_as_lines(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def csv_lines(data: str | bytes) -> list[Line]:
    """CSV in UTF-8 or Windows-1252, with ',' ';' (spreadsheets in French locales) or tab between cells."""
    encoding = None
    if isinstance(data, bytes):
        try:
            data, encoding = decode(data)
        except Unreadable as exc:
            return [Rejected(str(exc))]
    text = data.lstrip("\ufeff")
    if not text.strip():
        return [Rejected("the file is empty")]
    delimiter = delimiter_of(text, lambda name: column_of(name) is not None)
    return _rows_as_lines(iter(csv.reader(io.StringIO(text), delimiter=delimiter)), encoding, quoted=True)
