"""A UTF-8 JSON-lines file is read a line at a time, as the whole-file reader reads it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from catalogue import imports
from catalogue.imports import JsonLines, _json_lines, read

CASES = {
    "plain": b'{"a": 1}\n{"b": 2}\n',
    "no final newline": b'{"a": 1}\n{"b": 2}',
    "crlf": b'{"a": 1}\r\n{"b": "\xc3\xa9t\xc3\xa9"}\r\n',
    "bom": codecs.BOM_UTF8 + b'{"a": 1}\n\n  \n{"b": 2}\n',
    "control character": b'{"a": "x\x01y"}\n{"b": 2}\n',
    "lone surrogate encoded": b'{"a": "\xed\xa0\x80"}\n',
    "not utf-8": b'{"a": "caf\xe9"}\n{"b": 2}\n',
    "utf-16": codecs.BOM_UTF16_LE + '{"a": 1}\n'.encode("utf-16-le"),
    "line separator inside": '{"a": "x\u2028y"}\n'.encode(),
}


@pytest.mark.parametrize("name", CASES)
def test_the_lines_are_those_of_the_whole_file_reader(tmp_path: Path, name: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(CASES[name])
    lines, notes = read(path)
    streamed = name not in ("not utf-8", "utf-16", "lone surrogate encoded")  # not UTF-8: read whole
    assert isinstance(lines, JsonLines) == streamed
    whole = _json_lines(CASES[name])
    if streamed and CASES[name].endswith(b"\n"):
        whole = whole[:-1]  # the empty "line" after the last line feed (skipped by the importer anyway)
    assert notes == [] and list(lines) == whole and len(lines) == len(whole)


def test_an_empty_or_blank_file_is_refused_as_before(tmp_path: Path) -> None:
    for data in (b"", b"\n \n"):
        path = tmp_path / "empty.jsonl"
        path.write_bytes(data)
        lines, _ = read(path)
        assert [str(line) for line in lines] and not isinstance(lines, JsonLines)


def test_lines_are_not_held_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 1000)
    monkeypatch.setattr(imports, "decode", lambda data: pytest.fail("the whole file was decoded"))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the whole file was read"))
    lines, _ = read(path)
    assert len(lines) == 1000 and sum(1 for _ in lines) == 1000
