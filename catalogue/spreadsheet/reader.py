"""Rows of a filled template (CSV or XLSX) as exchange-format records.

Cells are converted by the column's kind but never rejected here: a value that does not fit is
passed on as written, so that validation names the field and the row (the importer's report).
Unknown columns are reported the same way (validation: "unknown field").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import load_workbook

from catalogue.spreadsheet.columns import column_of
from catalogue.spreadsheet.template import SHEET

TRUE = {"true", "yes", "oui", "vrai", "1", "y", "x"}
FALSE = {"false", "no", "non", "faux", "0", "n"}


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value.strip() if isinstance(value, str) else value


def _list(value: Any) -> Any:
    if not isinstance(value, str):
        return [value]
    text = value.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
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
        try:
            return json.loads(value) if isinstance(value, str) else value
        except json.JSONDecodeError:
            return value
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


def _rows_as_lines(rows: Iterator[tuple[Any, ...]]) -> list[str]:
    """Line N = row N (header and empty rows blank), so that the importer's line numbers are row numbers."""
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    lines = [""]
    for cells in rows:
        record = to_record(header, cells)
        lines.append(json.dumps(record, ensure_ascii=False, default=str) if record else "")
    return lines


def xlsx_lines(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    try:
        return _rows_as_lines(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def csv_lines(text: str) -> list[str]:
    """CSV with ',' or ';' (as spreadsheets in French locales save it)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return _rows_as_lines(iter(csv.reader(io.StringIO(text), delimiter=delimiter)))
