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
    held in memory), and counted first so that a progress bar knows the total. Only for files whose every
    line is UTF-8 (`utf8_lines` says): the lines are then those `_json_lines` gives, in the same order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as raw:
            self.total = sum(1 for _ in raw)

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


def utf8_lines(path: Path) -> bool:
    """Whether every line of the file decodes as UTF-8 (no UTF-16 byte-order mark): then its lines are
    those of `decode`, which reads such a file as UTF-8 (a line feed is never part of a multi-byte sequence)."""
    with path.open("rb") as raw:
        head = raw.read(2)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return False
        raw.seek(0)
        try:
            for data in raw:
                data.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def read(path: Path) -> tuple[Sequence[Line], list[str]]:
    """(lines, notes): notes say what an RDF file's mapping defaulted or could not place. JSON lines in UTF-8
    are read as they are imported; the other files whole."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", *RDF_FORMATS) and path.stat().st_size and utf8_lines(path):
        with path.open("rb") as raw:
            blank = not any(data.strip() for data in raw)
        if not blank:
            return JsonLines(path), []
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
