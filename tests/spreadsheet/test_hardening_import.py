"""Issue 10, finding 18: `catalogue import` reads files as people save them, and whatever it cannot
read is a line of the report (FILE:LINE (id): field: reason, exit 1), never a traceback.

French Excel saves "CSV" in Windows-1252 with ';' between cells; other files are empty, not
workbooks, have a header naming nothing, or rows holding a NUL, a lone surrogate or a number no
store keeps. The good rows of a file still go in; a refused row writes nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from catalogue.cli.main import app
from catalogue.spreadsheet.problems import Rejected
from catalogue.spreadsheet.reader import csv_lines
from catalogue.spreadsheet.template import csv_text, xlsx_bytes
from tests.conftest import corpus_records

runner = CliRunner()
FRENCH_TITLE = "Étude des hépatites chez l’enfant — données été 2020 (Réunion, Guyane)"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    return tmp_path


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _records(count: int) -> list[dict]:
    """Corpus records whose text Windows-1252 can hold (what a French Excel file can hold)."""
    found = []
    for record in corpus_records():
        try:
            json.dumps(record, ensure_ascii=False).encode("cp1252")
        except UnicodeEncodeError:
            continue
        found.append(copy.deepcopy(record))
        if len(found) == count:
            return found
    pytest.skip("not enough corpus records in Windows-1252")


def _csv(records: list[dict], delimiter: str = ";") -> str:
    """The template's CSV of `records`, re-written with `delimiter` as a spreadsheet would save it."""
    rows = list(csv.reader(io.StringIO(csv_text(records))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _exported(env) -> dict[str, dict]:
    result = run("export", "--all")
    return {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}


def test_a_french_excel_csv_in_windows_1252_with_semicolons_imports(env):
    records = _records(2)
    records[0]["title"] = {"fr": FRENCH_TITLE}
    records[1]["keywords"] = {"fr": ["diabète", "maladies rénales", "santé publique"]}
    path = env / "fiches.csv"
    path.write_bytes(_csv(records).encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # what made the old reader crash
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "created 2" in result.output and "failed 0" in result.output
    stored = _exported(env)
    assert stored[records[0]["id"]]["title"] == {"fr": FRENCH_TITLE}
    assert stored[records[1]["id"]]["keywords"] == {"fr": ["diabète", "maladies rénales", "santé publique"]}


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", "\t"), ("utf-8", ";"), ("cp1252", ","),
                                                     ("utf-16", "\t")])
def test_the_encoding_and_the_delimiter_are_found(encoding, delimiter):
    records = _records(1)
    records[0]["title"] = {"fr": FRENCH_TITLE}
    lines = csv_lines(_csv(records, delimiter).encode(encoding))
    assert json.loads(lines[1])["title"] == {"fr": FRENCH_TITLE}


def test_a_damaged_utf8_row_is_refused_by_name_and_the_others_are_read():
    """One bad byte in a UTF-8 file does not turn every accent of the file into mojibake."""
    records = _records(2)
    records[0]["title"] = {"fr": FRENCH_TITLE}
    data = _csv(records).encode("utf-8").replace(records[1]["id"].encode(), records[1]["id"].encode() + b"\xe9")
    lines = csv_lines(data)
    assert json.loads(lines[1])["title"] == {"fr": FRENCH_TITLE}
    assert isinstance(lines[2], Rejected) and lines[2].fields[0]["field"] == "id"
    assert "byte 0xE9 is not UTF-8 text" in lines[2].message


EMPTY_HEADER = "nom;adresse;ville\r\nCHU;1 rue X;Lyon\r\n"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.csv", b"", "the file is empty"),
    ("blank.csv", b"\r\n \r\n", "the file is empty"),
    ("empty.xlsx", b"", "the file is empty"),
    ("empty.jsonl", b"", "the file is empty"),
    ("not-a-zip.xlsx", "id;title.fr\r\nx;y\r\n".encode(), "not a readable .xlsx workbook"),
    ("truncated.xlsx", xlsx_bytes()[:300], "not a readable .xlsx workbook"),
    ("other.csv", EMPTY_HEADER.encode("cp1252"), "header: no column is a template field"),
    ("broken.ttl", b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<x> a dcat:Dataset ;;; oops", "not readable"),
])
def test_an_unreadable_file_is_reported_as_line_1_not_a_traceback(env, name, content, reason):
    path = env / name
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}:1" in result.output and reason in result.output
    assert "Traceback" not in result.output and "failed 1" in result.output


def test_rows_no_store_keeps_are_refused_by_row_and_field_and_the_good_ones_go_in(env):
    records = _records(5)
    records[1]["title"] = {"fr": "Registre\x00des cancers"}
    records[2]["summary"] = {"fr": "SURROGATE here"}
    records[3]["volume"]["individuals"] = 10**30
    records[4]["title"] = {"fr": FRENCH_TITLE}
    text = _csv(records, ";")
    data = text.encode("utf-8").replace(b"SURROGATE", b"\xed\xa0\x80")  # U+D800 as a UTF-8 writer would
    path = env / "rows.csv"
    path.write_bytes(data)
    result = run("import", str(path))
    assert result.exit_code == 1
    out = result.output
    assert f"{path}:3 ({records[1]['id']}): title.fr: " in out and "U+0000" in out
    assert f"{path}:4 ({records[2]['id']}): summary.fr: " in out and "not UTF-8 text" in out
    assert f"{path}:5 ({records[3]['id']}): volume.individuals: " in out
    assert "created 2" in out and "failed 3" in out and "Traceback" not in out
    stored = _exported(env)
    assert set(stored) == {records[0]["id"], records[4]["id"]}  # a refused row wrote nothing
    assert stored[records[4]["id"]]["title"] == {"fr": FRENCH_TITLE}


def test_a_huge_number_in_a_workbook_cell_is_a_row_error(env):
    records = _records(2)
    book = load_workbook(io.BytesIO(xlsx_bytes(records)))
    sheet = book["Descriptions"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("volume.individuals") + 1, value=10**30)
    path = env / "big.xlsx"
    book.save(path)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}:3 ({records[1]['id']}): volume.individuals: " in result.output
    assert "created 1" in result.output and "failed 1" in result.output


def test_json_lines_with_nul_surrogates_huge_numbers_or_deep_nesting_are_line_errors(env, record):
    nul, surrogate, key = copy.deepcopy(record), copy.deepcopy(record), copy.deepcopy(record)
    nul["id"], nul["contact"]["name"] = "with-nul", "Service\u0000 X"
    surrogate["id"], surrogate["title"] = "with-surrogate", {"fr": "Registre \ud800"}
    key["id"], key["title"] = "with-bad-key", {"fr\ud800": "Registre"}
    lines = [json.dumps(record), json.dumps(nul), json.dumps(surrogate), json.dumps(key),
             '{"id": "huge", "volume": {"individuals": ' + "9" * 5000 + "}}",
             "[" * 100_000 + "]" * 100_000, "{\x00}"]
    path = env / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", str(path))
    out = result.output
    assert result.exit_code == 1 and "Traceback" not in out
    assert f"{path}:2 (with-nul): contact.name: " in out
    assert f"{path}:3 (with-surrogate): title" in out and "lone surrogate U+D800" in out
    assert f"{path}:4 (with-bad-key): title" in out
    assert f"{path}:5: invalid JSON: a number has too many digits" in out
    assert f"{path}:6: invalid JSON" in out and f"{path}:7: " in out
    assert "created 1" in out and "failed 6" in out
    assert set(_exported(env)) == {"registre-test"}


def test_a_windows_1252_json_lines_file_is_read_too(env, record):
    record["title"] = {"fr": FRENCH_TITLE}
    path = env / "fiches.jsonl"
    path.write_bytes(json.dumps(record, ensure_ascii=False).encode("cp1252") + b"\r\n")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert _exported(env)["registre-test"]["title"] == {"fr": FRENCH_TITLE}
