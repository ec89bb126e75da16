"""Encoding and delimiter detection (catalogue/spreadsheet/decoding.py), case by case.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import codecs

import pytest

from catalogue.spreadsheet.decoding import DELIMITERS, WINDOWS_1252, Unreadable, decode, delimiter_of

COLUMNS = {"id", "title", "producer"}


def test_the_tables_are_pinned():
    assert DELIMITERS == (",", ";", "\t")
    assert WINDOWS_1252 == "Windows-1252"


@pytest.mark.parametrize(("data", "expected"), [
    (b"", ("", "UTF-8")),
    ("Évry;é".encode(), ("Évry;é", "UTF-8")),
    (codecs.BOM_UTF8 + "Évry".encode(), ("Évry", "UTF-8")),  # the mark is dropped
    (codecs.BOM_UTF8 + b"a\xff", ("a\udcff", "UTF-8")),  # damaged bytes kept as escapes
    ("Évry;é".encode("utf-16"), ("Évry;é", "UTF-16")),  # little-endian with its mark
    (codecs.BOM_UTF16_BE + "Évry".encode("utf-16-be"), ("Évry", "UTF-16")),
    ("Évry;é".encode("cp1252"), ("Évry;é", "Windows-1252")),
    ("é é é".encode() + b"\xff", ("é é é\udcff", "UTF-8")),  # more UTF-8 sequences than stray bytes
    ("é".encode() + b"\xe9", ("Ã©é", "Windows-1252")),  # as many: Windows-1252
    ("€".encode() + "𝔸".encode() + b"\xff", ("€𝔸\udcff", "UTF-8")),  # 3- and 4-byte sequences count
    (b"\x81", ("\udc81", "Windows-1252")),  # undefined in cp1252: kept as an escape
])
def test_the_encoding_is_found(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize(("data", "reason"), [
    (codecs.BOM_UTF16_LE + b"a", "not UTF-16 text although it starts like it (truncated data at byte 2)"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8",
     "not UTF-16 text although it starts like it (unexpected end of data at byte 2)"),
])
def test_broken_utf16_is_unreadable(data, reason):
    with pytest.raises(Unreadable) as info:
        decode(data)
    assert str(info.value) == reason


@pytest.mark.parametrize(("text", "expected"), [
    ("id;title;producer\n1,2;3", ";"),
    ("id\ttitle\tproducer\n", "\t"),
    ("id,title;producer\n", ","),  # one known column each way: the first delimiter wins
    ("id;title,producer\n", ","),
    ("id;title;other,producer\n", ";"),
    ("unknown;columns\n", ","),
    ("id;unknown\n", ";"),  # one known column is enough
    ("x" * 65533 + ";id\n", ";"),  # the header is read from the first 64 KiB only
    ("x" * 65534 + ";id\n", ","),
    ("", ","),
    ("id;title\rproducer\n", ","),  # a header csv cannot read counts nothing
])
def test_the_delimiter_is_the_one_that_finds_most_columns(text, expected):
    assert delimiter_of(text, COLUMNS.__contains__) == expected
