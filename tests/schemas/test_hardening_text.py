"""Issue 10, findings 2, 13 and 19 at the schema: safe text, bounded numbers, ISO codes, http(s) URLs."""

from __future__ import annotations

import copy

import pytest
from pydantic import BaseModel, ValidationError

from schemas.dataset import DatasetDescription
from schemas.errors import describe
from schemas.iso import check_country, check_language, check_place
from schemas.text import Line, Text
from schemas.urls import check_url
from tests.conftest import corpus_records


class Sample(BaseModel):
    line: Line = "x"
    text: Text = "x"


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", "\x00", "bell\x07", "\x1b[31m", "\x7f", "\x85", "\x9f",
                                   "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\U0001fffe"])
def test_unsafe_characters_are_refused_in_every_text(value):
    for field in ("line", "text"):
        with pytest.raises(ValidationError) as info:
            Sample(**{field: value})
        [item] = describe(info.value)
        assert item["field"] == field and "character" in item["message"]


def test_lines_refuse_line_breaks_and_tabs_long_texts_keep_them():
    for value in ("two\nlines", "cr\rhere", "tab\there"):
        with pytest.raises(ValidationError, match="single line"):
            Sample(line=value)
        assert Sample(text=value).text == value
    assert Sample(line="Hôpital d'Évry — 😀 ʻokina", text="é\r\n\tà").line.startswith("Hôpital")


def test_the_message_names_the_character_and_where_it_is():
    with pytest.raises(ValidationError, match=r"lone surrogate U\+D800 at character 3"):
        Sample(line="ab\ud800")


@pytest.mark.parametrize(("check", "good", "bad"), [
    (check_country, ["FR", "CH", "JP", "MA"], ["ZZ", "XX", "fr", "FRA", "FR\n", "F"]),
    (check_place, ["FR", "FR-IDF", "CH-GE", "DE-BY"], ["ZZ", "FR-ZZZ", "FR-", "fr-idf", "FR-IDF\n"]),
    (check_language, ["fr", "en", "de", "sw"], ["qq", "zz", "FR", "fra", "fr\n"]),
])
def test_iso_codes_come_from_the_iso_tables(check, good, bad):
    for code in good:
        assert check(code) == code
    for code in bad:
        with pytest.raises(ValueError, match="ISO"):
            check(code)


@pytest.mark.parametrize("url", ["https://example.org", "http://localhost:8080/x?a=b#c", "https://exemple.fr/données",
                                 "https://[2001:db8::1]/x", "https://example.org/a%20b"])
def test_good_urls(url):
    assert check_url(url) == url


@pytest.mark.parametrize(("url", "why"), [
    ('https://example.org/"quoted"', "'\"'"), ("https://example.org/{id}", "'{'"), ("https://example.org/a b", "space"),
    ("https://example.org/a\\b", "'\\\\'"), ("https://example.org/<x>", "'<'"), ("https://example.org/\x00", "control"),
    ("https://example.org/%zz", "percent-escape"), ("ftp://example.org", "http"), ("javascript:alert(1)", "http"),
    ("https://", "no host"), ("https://user:secret@example.org", "password"), ("https://ex_ample..org", "host"),
    ("https://example.org:99999/", "Port"), ("https://example.org/" + "a" * 2000, "longer"),
])
def test_bad_urls_say_why(url, why):
    with pytest.raises(ValueError, match="absolute http") as info:
        check_url(url)
    assert why in str(info.value)


def test_numbers_are_bounded_by_what_every_store_holds():
    record = copy.deepcopy(corpus_records()[0])
    for path, high in ((("volume", "individuals"), 10**10), (("volume", "records"), 2**53 - 1),
                       (("volume", "size_bytes"), 10**18), (("population", "max_age"), 150)):
        node = record
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = high
        DatasetDescription.model_validate(record)
        node[path[-1]] = high + 1
        with pytest.raises(ValidationError) as info:
            DatasetDescription.model_validate(record)
        assert ".".join(path) in {item["field"] for item in describe(info.value)}
        node[path[-1]] = high


def test_slugs_refuse_a_trailing_line_break():
    record = copy.deepcopy(corpus_records()[0])
    record["id"] = "registre-test\n"
    with pytest.raises(ValidationError):
        DatasetDescription.model_validate(record)
