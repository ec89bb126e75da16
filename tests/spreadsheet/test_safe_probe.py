"""`all_safe` is a shortcut of `bad_strings`: it may send a clean value to the walk, never pass a bad one."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.spreadsheet.problems import all_safe, bad_strings, json_text_safe

# Every kind of character the rules care about, often.
chars = st.one_of(st.characters(), st.sampled_from(["\x00", "\x08", "\x0c", "\t", "\n", "\r", "\x7f", "\x85",
                                                     "\ud800", "\udfff", "\ufdd0", "\uffff", "\\", "u", "b", "f"]))
text = st.text(chars, max_size=12)
values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), text),
                      lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
                      max_leaves=12)


@settings(max_examples=1500)
@given(values)
def test_a_value_with_a_bad_string_is_never_called_safe(value: object) -> None:
    if list(bad_strings(value)):
        assert not all_safe(value)
        assert not json_text_safe(json.dumps(value)) and not json_text_safe(json.dumps(value, ensure_ascii=False))


@given(values)
def test_a_clean_value_without_backslashes_is_called_safe(value: object) -> None:
    if not list(bad_strings(value)) and "\\" not in json.dumps(value, ensure_ascii=False).replace('\\"', ""):
        assert all_safe(value)


def test_each_kind_of_bad_character_is_seen_in_values_and_keys() -> None:
    for bad in ["\x00", "\x08", "\x0c", "\x1f", "\x7f", "\x9f", "\ud800", "\udc80", "\ufdd0", "\U0010ffff"]:
        assert not all_safe({"description": {"fr": f"a{bad}b"}}), repr(bad)
        assert not all_safe({f"k{bad}": 1}), repr(bad)
        assert not all_safe([[f"{bad}"]]), repr(bad)
    assert all_safe({"title": {"fr": "Données « ok »\tlignes\r\n", "en": 'a "quoted" \\ path/é'}})
