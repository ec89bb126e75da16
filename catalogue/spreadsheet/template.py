"""The import template (XLSX: a `Descriptions` sheet, one column per field, and a `Fields` sheet
explaining each), and descriptions written into it. Pure: returns bytes, reads no file."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.spreadsheet import csvsafe
from catalogue.spreadsheet.columns import COLUMNS, LANGS, SEPARATOR, column_of, headers

SHEET = "Descriptions"
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
KIND_HELP = {
    "text": "text", "int": "whole number", "bool": "true or false", "date": "date YYYY-MM-DD",
    "code": "one of the allowed values", "codes": "allowed values separated by ' | '",
    "texts": "values separated by ' | '", "json": "JSON array",
}


def _get(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _cell(kind: str, value: Any) -> Any:
    if value is None or value == [] or value == "":
        return None
    if kind in ("codes", "texts"):
        items = [str(i) for i in value]
        return json.dumps(items, ensure_ascii=False) if any("|" in i for i in items) else SEPARATOR.join(items)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return value


def row(record: dict[str, Any], header: list[str]) -> list[Any]:
    """One description as the cells of `header`."""
    cells: list[Any] = []
    for name in header:
        column, lang = column_of(name) or (None, None)
        if column is None:
            cells.append(None)
            continue
        value = _get(record, column.path)
        if column.multilingual:
            if lang is None:  # the plain column of a field that also takes plain text
                value = value if isinstance(value, str) else None
            else:
                value = value.get(lang) if isinstance(value, dict) else None
        cells.append(_cell(column.kind, value))
    return cells


def extra_languages(records: list[dict[str, Any]]) -> tuple[str, ...]:
    """Languages other than fr/en used by multilingual fields of these records."""
    found: set[str] = set()
    for record in records:
        for column in COLUMNS:
            value = _get(record, column.path) if column.multilingual else None
            if isinstance(value, dict):
                found.update(lang for lang in value if lang not in LANGS)
    return tuple(sorted(found))


def _fields_sheet(book: Workbook) -> None:
    sheet = book.create_sheet("Fields")
    sheet.append(["column", "required", "type", "meaning", "allowed values"])
    for column in COLUMNS:
        names = [column.path] if not column.multilingual else [f"{column.path}.{lang}" for lang in LANGS]
        allowed = ", ".join(column.allowed) or ("true, false" if column.kind == "bool" else "")
        note = " (one column per language: add e.g. .de)" if column.multilingual else ""
        sheet.append([" / ".join(names), "yes" if column.required else "no", KIND_HELP[column.kind],
                      column.help + note, allowed])
    sheet.append([])
    sheet.append([("Lists: separate values with ' | ' (or write a JSON array). Dates: YYYY-MM-DD. "
                   "Multilingual fields need at least one language. One row per description; "
                   "import with `catalogue import FILE.xlsx` (errors are reported per row).")])
    for letter, width in zip("ABCDE", (34, 9, 22, 70, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def workbook(records: list[dict[str, Any]] | None = None) -> Workbook:
    """The template, with one row per given description."""
    records = records or []
    header = headers(extra_languages(records))
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on one empty worksheet
    sheet.title = SHEET
    sheet.append(header)
    for record in records:
        sheet.append(row(record, header))
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads "=..." as a formula: data stays text
                cell.data_type = "s"
    sheet.freeze_panes = "B2"
    for index, name in enumerate(header, start=1):
        column, _ = column_of(name) or (None, None)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 40 if column and column.kind in ("json",) else 22
        if column and column.required:
            cell.fill = REQUIRED_FILL
        if column and column.kind in ("code", "bool"):
            values = column.allowed or ("true", "false")
            formula = '"' + ",".join(values) + '"'
            if len(formula) <= 255:
                validation = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}5000")
    _fields_sheet(book)
    return book


def xlsx_bytes(records: list[dict[str, Any]] | None = None) -> bytes:
    out = io.BytesIO()
    workbook(records).save(out)
    return out.getvalue()


def csv_text(records: list[dict[str, Any]] | None = None) -> str:
    records = records or []
    header = headers(extra_languages(records))
    out = io.StringIO()
    writer = csvsafe.writer(out)  # texts starting with = + - @ are not formulas; the reader undoes it
    writer.writerow(header)
    for record in records:
        writer.writerow(["true" if c is True else "false" if c is False else "" if c is None else c
                         for c in row(record, header)])
    return out.getvalue()

