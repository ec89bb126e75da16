"""Text files as people save them: the encoding and the CSV delimiter, found rather than assumed.

Encoding: a byte-order mark decides (UTF-8, UTF-16); else UTF-8 when the bytes are UTF-8; else
Windows-1252, which is what Excel in a French (or any Western) locale writes as "CSV". A UTF-8 file
with a few damaged bytes stays UTF-8 so that only the damaged rows are refused, not garbled.
Bytes that fit no encoding are kept as "surrogate escapes": the reader refuses those rows by name.
charset-normalizer would guess more encodings, but is no declared dependency; these three cover
what spreadsheets write.

Delimiter: the template's header names hold none of `,` `;` tab, so the delimiter is the one that
splits the header row into the most template columns (csv.Sniffer guesses from the data rows,
whose free text is full of commas and semicolons).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable

DELIMITERS = (",", ";", "\t")
WINDOWS_1252 = "Windows-1252"
# Well-formed multi-byte UTF-8 sequences (and encoded surrogates, which only UTF-8 writers make).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = re.compile(rb"[\x80-\xff]")


class Unreadable(ValueError):
    """The file cannot be read as text at all."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a text file; undecodable bytes are kept as surrogate escapes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="surrogateescape"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise Unreadable(f"not UTF-16 text although it starts like it ({exc.reason} at byte {exc.start})") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = len(_HIGH.findall(_UTF8_SEQUENCE.sub(b"", data)))
    encoding = ("utf-8", "UTF-8") if valid > invalid else ("cp1252", WINDOWS_1252)
    return data.decode(encoding[0], errors="surrogateescape"), encoding[1]


def _first_row(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        return []


def delimiter_of(text: str, is_column: Callable[[str], bool]) -> str:
    """The delimiter that splits the header row into the most known columns (',' when none does)."""
    head = text[:65536]
    best, score = ",", 0
    for delimiter in DELIMITERS:
        found = sum(1 for name in _first_row(head, delimiter) if is_column(name))
        if found > score:
            best, score = delimiter, found
    return best
