"""The files `catalogue import` reads, as exchange-format JSON lines.

Line N is line N of a .jsonl file, row N of a spreadsheet (.csv, .xlsx: row 1 is the header), or
the N-th dcat:Dataset of an RDF file (.ttl, .rdf, .jsonld: HealthDCAT-AP), so the importer's
per-line error report names the right place in every format.
"""

from __future__ import annotations

import json
from pathlib import Path

from catalogue.rdf.import_ttl import import_turtle
from catalogue.spreadsheet.reader import csv_lines, xlsx_lines

RDF_FORMATS = {".ttl": "turtle", ".rdf": "xml", ".jsonld": "json-ld"}
SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".xlsx", *RDF_FORMATS)


def read(path: Path) -> tuple[list[str], list[str]]:
    """(lines, notes): notes say what an RDF file's mapping defaulted or could not place."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return xlsx_lines(path.read_bytes()), []
    if suffix == ".csv":
        return csv_lines(path.read_text(encoding="utf-8-sig")), []
    if suffix in RDF_FORMATS:
        mapped = import_turtle(path.read_bytes(), fmt=RDF_FORMATS[suffix])
        notes = [f"dataset {n} ({m.record.get('id', '?')}): defaulted {', '.join(m.defaulted) or '-'}; "
                 f"not imported: {', '.join(m.unmapped) or '-'}"
                 for n, m in enumerate(mapped, start=1) if m.defaulted or m.unmapped]
        return [json.dumps(m.record, ensure_ascii=False) for m in mapped], notes
    return path.read_text(encoding="utf-8").splitlines(), []
