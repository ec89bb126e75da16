"""Safe text: the string types every model of the exchange format and of the API payloads uses.

A string that reaches the database, a search engine, an RDF export or an e-mail must be valid
Unicode that every one of them can store and show. Refused everywhere:

- lone surrogates (U+D800-U+DFFF): not Unicode characters, they cannot be encoded as UTF-8, so
  PostgreSQL, the search engines and every JSON or HTML page fail on them;
- C0 and C1 control characters and DEL (U+0000-U+001F, U+007F-U+009F): invisible, and forbidden
  in XML (RDF/XML) and in e-mail headers;
- Unicode noncharacters (U+FDD0-U+FDEF and U+xFFFE / U+xFFFF of every plane).

`Text` (descriptions, messages, reasons: several lines) also accepts tab, line feed and carriage
return (browsers send a textarea's lines as CR LF); `Line` (names, titles, keywords, subjects,
codes) accepts none of them.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

# Written as the complement of what is allowed (the printable ASCII range, then every code point from
# U+00A0 up but the surrogates and the noncharacters): the same sets as the list of what is refused, and
# 13 times faster to search (tests/schemas/test_safe_text.py compares both over every code point).
_ALLOWED = "\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd" + "".join(
    f"{chr(plane * 0x10000)}-{chr(plane * 0x10000 + 0xFFFD)}" for plane in range(1, 17))
_UNSAFE_TEXT = re.compile(f"[^\t\n\r{_ALLOWED}]")
_UNSAFE_LINE = re.compile(f"[^{_ALLOWED}]")
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def _problem(value: str, pattern: re.Pattern[str]) -> str | None:
    """What is wrong with `value` (None when nothing): the first unsafe character and where it is."""
    found = pattern.search(value)
    if found is None:
        return None
    char, where = found.group(), found.start() + 1
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"is not valid Unicode: lone surrogate U+{code:04X} at character {where}"
    if char in _NAMES:
        return f"must be a single line: {_NAMES[char]} at character {where}"
    if code < 0xA0:
        return f"holds the control character U+{code:04X} at character {where}"
    return f"holds the Unicode noncharacter U+{code:04X} at character {where}"


def check_line(value: str) -> str:
    """A single line of safe text, else ValueError naming the character and its position."""
    problem = _problem(value, _UNSAFE_LINE)
    if problem:
        raise ValueError(problem)
    return value


def check_text(value: str) -> str:
    """Safe text that may span lines (tab, LF and CR allowed), else ValueError."""
    problem = _problem(value, _UNSAFE_TEXT)
    if problem:
        raise ValueError(problem)
    return value


def is_safe_text(value: str) -> bool:
    """True when `value` could have come through `Text` (for checks on data stored before it existed)."""
    return _UNSAFE_TEXT.search(value) is None


Line = Annotated[str, AfterValidator(check_line)]
Text = Annotated[str, AfterValidator(check_text)]
