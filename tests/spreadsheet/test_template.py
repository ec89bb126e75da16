"""The spreadsheet template: it round-trips the corpus (XLSX and CSV), explains every field, and the
import reports bad rows by number and field while the good rows go in."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from openpyxl import load_workbook

from catalogue.datasets.importer import import_lines
from catalogue.principal import SYSTEM
from catalogue.spreadsheet.columns import COLUMNS
from catalogue.spreadsheet.reader import csv_lines, xlsx_lines
from catalogue.spreadsheet.template import csv_text, xlsx_bytes
from schemas.dataset import DatasetDescription
from tests.conftest import REPO, corpus_records
from tests.shared_data import HEALTHDCAT_EXAMPLES, require_shared


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def test_the_template_round_trips_the_corpus_in_xlsx_and_csv():
    records = corpus_records()
    for lines in (xlsx_lines(xlsx_bytes(records)), csv_lines(csv_text(records))):
        assert lines[0] == "" and len(lines) == len(records) + 1  # row 1 is the header
        for record, line in zip(records, lines[1:], strict=True):
            back = DatasetDescription.model_validate(json.loads(line)).to_record()
            assert _without_nulls(back) == _without_nulls(record), record["id"]


def test_the_template_explains_every_field():
    book = load_workbook(io.BytesIO(xlsx_bytes()))
    assert book.sheetnames == ["Descriptions", "Fields"]
    header = [c.value for c in book["Descriptions"][1]]
    assert {"id", "title.fr", "title.en", "access.rights", "access.audiences.startup", "documents"} <= set(header)
    fields = {row[0]: row for row in book["Fields"].iter_rows(min_row=2, values_only=True) if row and row[1]}
    assert len(fields) == len(COLUMNS)
    assert fields["access.rights"][1] == "yes" and "RESTRICTED" in fields["access.rights"][4]
    assert "title.fr / title.en" in fields
    assert book["Descriptions"].data_validations.dataValidation  # drop-down lists for coded columns


def _bad_rows_workbook(records):
    book = load_workbook(io.BytesIO(xlsx_bytes(records)))
    sheet = book["Descriptions"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("access.rights") + 1, value="OPEN")
    sheet.cell(row=5, column=header.index("volume.individuals") + 1, value="beaucoup")
    sheet.cell(row=5, column=header.index("temporal_coverage.start") + 1, value="2020-13-45")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_rows_are_reported_by_row_and_field(container):
    records = corpus_records()[:5]
    report = import_lines(container.uow, SYSTEM, xlsx_lines(_bad_rows_workbook(records)))
    assert report.created == 3 and [e.line for e in report.errors] == [3, 5]
    assert report.errors[0].id == records[1]["id"]
    assert {f["field"] for f in report.errors[0].fields} == {"access.rights"}
    assert {f["field"] for f in report.errors[1].fields} == {"volume.individuals", "temporal_coverage.start"}


def test_csv_with_semicolons_and_french_booleans():
    """Spreadsheets in French locales save CSV with ';' and people write oui / non."""
    header = csv_text().strip().split(",")
    values = {"id": "cohorte-test", "typology.structured": "oui", "health_data_hub.snds_linkable": "non",
              "keywords.fr": "diabète | rein", "population.min_age": "18"}
    text = ";".join(header) + "\n" + ";".join(values.get(h, "") for h in header) + "\n"
    record = json.loads(csv_lines(text)[1])
    assert record["typology"]["structured"] is True and record["health_data_hub"]["snds_linkable"] is False
    assert record["keywords"] == {"fr": ["diabète", "rein"]} and record["population"]["min_age"] == 18
    assert record["volume"] == {"individuals": None}  # an empty cell: unknown


def _env(tmp_path):
    return {**os.environ, "CATALOGUE_DATA_DIR": str(tmp_path / "var"), "CATALOGUE_ENV": "test",
            "CATALOGUE_OUTBOX_INTERVAL_SECONDS": "3600"}


def test_cli_template_then_import_reports_rows(tmp_path):
    cli = [sys.executable, "-m", "catalogue.cli.main"]
    empty = tmp_path / "template.xlsx"
    done = subprocess.run([*cli, "template", "-o", str(empty)], env=_env(tmp_path), cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and load_workbook(empty).sheetnames == ["Descriptions", "Fields"]
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(_bad_rows_workbook(corpus_records()[:5]))
    done = subprocess.run([*cli, "import", "--publish", str(filled)], env=_env(tmp_path), cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"{filled}:3" in done.stderr and "access.rights" in done.stderr
    assert f"{filled}:5" in done.stderr and "volume.individuals" in done.stderr
    assert "created 3" in done.stdout and "failed 2" in done.stdout


def test_cli_imports_a_healthdcat_ap_turtle_file(tmp_path):
    example = require_shared(HEALTHDCAT_EXAMPLES / "EPRDR" / "AGORA.ttl")
    done = subprocess.run([sys.executable, "-m", "catalogue.cli.main", "import", str(example)], env=_env(tmp_path),
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "created 1" in done.stdout and "dataset 1 (agora): defaulted" in done.stderr


def test_the_template_is_served(client):
    response = client.get("/api/v1/import-template.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Descriptions", "Fields"]
    assert client.get("/api/v1/import-template.csv").text.startswith("id,title.fr,title.en")
