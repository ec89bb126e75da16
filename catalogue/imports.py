"""The files `catalogue import` reads, as exchange-format JSON lines.

Line N is line N of a .jsonl file, row N of a spreadsheet (.csv, .xlsx: row 1 is the header), or
the N-th dcat:Dataset of an RDF file (.ttl, .rdf, .jsonld: HealthDCAT-AP), so the importer's
per-line error report names the right place in every format. What cannot be read is a `Rejected`
line (line 1 when the whole file is unreadable): reported like a bad record, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

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


def read(path: Path) -> tuple[list[Line], list[str]]:
    """(lines, notes): notes say what an RDF file's mapping defaulted or could not place."""
    suffix = path.suffix.lower()
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
