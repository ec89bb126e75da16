"""ISO codes (schemas/iso.py): lookups both ways and the exact refusals.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import pytest

from schemas import iso


def test_the_patterns_are_pinned():
    assert (iso.COUNTRY_PATTERN, iso.PLACE_PATTERN, iso.LANGUAGE_PATTERN) == (
        r"^[A-Z]{2}$", r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$", r"^[a-z]{2}$")


def test_lookups_by_shape_then_table():
    assert iso.country("CH").name == "Switzerland"
    assert iso.country("ch") is None and iso.country("ZZ") is None and iso.country("CHE") is None
    assert iso.subdivision("FR-IDF").code == "FR-IDF"
    assert iso.subdivision("FR") is None and iso.subdivision("fr-idf") is None and iso.subdivision("FR-ZZZ") is None
    assert iso.language("fr").alpha_3 == "fra"
    assert iso.language("FR") is None and iso.language("qq") is None


@pytest.mark.parametrize(("function", "given", "expected"), [
    (iso.country_alpha3, "FR", "FRA"), (iso.country_alpha3, "CH", "CHE"), (iso.country_alpha3, "FR-IDF", "FRA"),
    (iso.country_alpha3, "ZZ", None), (iso.country_alpha3, "fr", None),
    (iso.country_alpha2, "FRA", "FR"), (iso.country_alpha2, "che", "CH"), (iso.country_alpha2, "ZZZ", None),
    (iso.country_alpha2, "FR", None), (iso.country_alpha2, "FRAN", None), (iso.country_alpha2, "F1A", None),
    (iso.language_alpha3, "fr", "fra"), (iso.language_alpha3, "de", "deu"), (iso.language_alpha3, "qq", None),
    (iso.language_alpha2, "FRA", "fr"), (iso.language_alpha2, "fre", "fr"), (iso.language_alpha2, "ger", "de"),
    (iso.language_alpha2, "deu", "de"), (iso.language_alpha2, "ast", None), (iso.language_alpha2, "fr", None),
    (iso.language_alpha2, "qqq", None), (iso.language_alpha2, "fr1", None), (iso.language_alpha2, "fran", None),
])
def test_codes_both_ways(function, given, expected):
    assert function(given) == expected


@pytest.mark.parametrize(("check", "value", "message"), [
    (iso.check_country, "ZZ", "'ZZ' is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'CH'"),
    (iso.check_country, "x" * 20, f"'{'x' * 20}' is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'CH'"),
    (iso.check_country, "x" * 21, f"'{'x' * 20}…' is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'CH'"),
    (iso.check_place, "FR-ZZZ",
     "'FR-ZZZ' is not an ISO 3166-1 country or ISO 3166-2 subdivision code such as 'FR' or 'FR-IDF'"),
    (iso.check_language, "qq", "'qq' is not an ISO 639-1 language code such as 'fr' or 'en'"),
])
def test_each_refusal_says_why(check, value, message):
    with pytest.raises(ValueError) as info:
        check(value)
    assert str(info.value) == message


def test_accepted_codes_come_back_unchanged():
    assert iso.check_country("CH") == "CH"
    assert iso.check_place("CH") == "CH" and iso.check_place("CH-GE") == "CH-GE"
    assert iso.check_language("sw") == "sw"
