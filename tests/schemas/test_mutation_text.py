"""Safe text (schemas/text.py) pinned message by message, so that a changed rule fails a test.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import pytest

from schemas.text import check_line, check_text, is_safe_text


@pytest.mark.parametrize(("value", "message"), [
    ("\ud800", "is not valid Unicode: lone surrogate U+D800 at character 1"),
    ("ab\udfff", "is not valid Unicode: lone surrogate U+DFFF at character 3"),  # the last surrogate
    ("a\x00", "holds the control character U+0000 at character 2"),
    ("\x1f", "holds the control character U+001F at character 1"),
    ("\x7f", "holds the control character U+007F at character 1"),
    ("xy\x9f", "holds the control character U+009F at character 3"),
    ("\ufdd0", "holds the Unicode noncharacter U+FDD0 at character 1"),
    ("\ufdef", "holds the Unicode noncharacter U+FDEF at character 1"),
    ("a\U0010ffff", "holds the Unicode noncharacter U+10FFFF at character 2"),
    ("\U0001fffe", "holds the Unicode noncharacter U+1FFFE at character 1"),
])
def test_every_unsafe_character_is_named_with_its_position(value, message):
    for check in (check_line, check_text):
        with pytest.raises(ValueError) as info:
            check(value)
        assert str(info.value) == message
    assert not is_safe_text(value)


@pytest.mark.parametrize(("value", "message"), [
    ("a\tb", "must be a single line: a tab at character 2"),
    ("\nb", "must be a single line: a line break at character 1"),
    ("ab\r", "must be a single line: a carriage return at character 3"),
])
def test_a_line_names_the_break_a_text_keeps_it(value, message):
    with pytest.raises(ValueError) as info:
        check_line(value)
    assert str(info.value) == message
    assert check_text(value) == value
    assert is_safe_text(value)


@pytest.mark.parametrize("value", ["", "plain", "\xa0non-breaking", "\ue000private use", "\ufdcf\ufdf0", "\ufffd",
                                   "😀", "\U0010fffd"])
def test_the_characters_just_outside_each_range_are_kept(value):
    assert check_line(value) == value
    assert check_text(value) == value
    assert is_safe_text(value)


def test_text_refuses_the_other_c0_controls():
    for char in "\x0b\x0c\x0e":
        with pytest.raises(ValueError, match=f"control character U\\+{ord(char):04X} at character 1"):
            check_text(char)
