"""The safe-text patterns refuse exactly the characters the rules list, checked on every code point."""

from __future__ import annotations

from schemas.text import _UNSAFE_LINE, _UNSAFE_TEXT


def refused_in_text(code: int) -> bool:
    """The rules of schemas/text.py as written in its docstring."""
    control = code <= 0x1F and chr(code) not in "\t\n\r" or 0x7F <= code <= 0x9F
    surrogate = 0xD800 <= code <= 0xDFFF
    nonchar = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFF in (0xFFFE, 0xFFFF)
    return control or surrogate or nonchar


def test_every_code_point_is_judged_as_the_rules_say() -> None:
    wrong_text = [hex(c) for c in range(0x110000) if (_UNSAFE_TEXT.search(chr(c)) is not None) != refused_in_text(c)]
    wrong_line = [hex(c) for c in range(0x110000)
                  if (_UNSAFE_LINE.search(chr(c)) is not None) != (refused_in_text(c) or chr(c) in "\t\n\r")]
    assert wrong_text == [] and wrong_line == []
