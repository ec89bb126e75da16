"""The files `catalogue import` reads, as exchange-format JSON lines.

Line N is line N of a .jsonl file, row N of a spreadsheet (.csv, .xlsx: row 1 is the header), or
the N-th dcat:Dataset of an RDF file (.ttl, .rdf, .jsonld: HealthDCAT-AP), so the importer's
per-line error report names the right place in every format. What cannot be read is a `Rejected`
line (line 1 when the whole file is unreadable): reported like a bad record, never a traceback.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from catalogue.rdf.import_ttl import import_turtle
from catalogue.spreadsheet.decoding import Unreadable, decode
from catalogue.spreadsheet.problems import Rejected, printable, text_problem
from catalogue.spreadsheet.reader import Line, csv_lines, xlsx_lines

RDF_FORMATS = {".ttl": "turtle", ".rdf": "xml", ".jsonld": "json-ld"}
SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".xlsx", *RDF_FORMATS)


def _json_lines(data: bytes) -> list[Line]:
    try:
        text, encoding = decode(data)
    except Unreadable as exc:
        return [Rejected(str(exc))]
    # A raw control character or undecodable byte makes a line no JSON text anyway: say which.
    return [Rejected(reason) if (reason := text_problem(line, encoding)) else line
            for line in text.split("\n")]


def _rdf(data: bytes, fmt: str) -> tuple[list[Line], list[str]]:
    try:
        mapped = import_turtle(data, fmt=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        return [Rejected(f"not readable as {fmt} RDF: {printable(str(exc))[:300]}")], []
    notes = [f"dataset {n} ({m.record.get('id', '?')}): defaulted {', '.join(m.defaulted) or '-'}; "
             f"not imported: {', '.join(m.unmapped) or '-'}"
             for n, m in enumerate(mapped, start=1) if m.defaulted or m.unmapped]
    return [json.dumps(m.record, ensure_ascii=False) for m in mapped], notes


class JsonLines(Sequence[Line]):
    """The lines of a UTF-8 JSON-lines file, read one at a time (a file of a million descriptions is never
    held in memory), `total` of them (counted by `utf8_scan`, for a progress bar). Only for files whose every
    line is UTF-8: the lines are then those `_json_lines` gives, in the same order."""

    def __init__(self, path: Path, total: int) -> None:
        self.path, self.total = path, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:  # a Sequence for len() and iteration; never indexed
        raise TypeError("JsonLines is read in order, not indexed")

    def __iter__(self) -> Iterator[Line]:
        with self.path.open("rb") as raw:
            for number, data in enumerate(raw):
                if number == 0 and data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8):]
                line = data.removesuffix(b"\n").decode("utf-8")
                yield Rejected(reason) if (reason := text_problem(line, "UTF-8")) else line


def utf8_scan(path: Path) -> tuple[int, bool] | None:
    """In one pass: None unless every line of the file decodes as UTF-8 (and no UTF-16 byte-order mark); else
    (the number of lines, whether any holds more than white space). A UTF-8 file's lines are those of `decode`,
    which reads such a file as UTF-8 (a line feed is never part of a multi-byte sequence)."""
    lines, written = 0, False
    with path.open("rb") as raw:
        if raw.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return None
        raw.seek(0)
        try:
            for data in raw:
                data.decode("utf-8")
                lines += 1
                written = written or bool(data.strip())
        except UnicodeDecodeError:
            return None
    return lines, written


def read(path: Path) -> tuple[Sequence[Line], list[str]]:
    """(lines, notes): notes say what an RDF file's mapping defaulted or could not place. JSON lines in UTF-8
    are read as they are imported; the other files whole."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", *RDF_FORMATS) and (scanned := utf8_scan(path)) and scanned[1]:
        return JsonLines(path, scanned[0]), []
    data = path.read_bytes()
    if not data.strip():
        return [Rejected("the file is empty: nothing to import")], []
    if suffix == ".xlsx":
        return xlsx_lines(data), []
    if suffix == ".csv":
        return csv_lines(data), []
    if suffix in RDF_FORMATS:
        return _rdf(data, RDF_FORMATS[suffix])
    return _json_lines(data), []
