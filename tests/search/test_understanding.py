"""Constraints written in words (search/understanding.py): each rule, and that the user's own choice wins."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas.search import SearchQuery
from search.understanding import Understood, apply, read


@pytest.mark.parametrize(("q", "expected"), [
    ("données ouvertes sur les AVC", [("access.rights", ("PUBLIC",), "donnees ouvertes")]),
    ("open data hospital beds", [("access.rights", ("PUBLIC",), "open data")]),
    ("data without CNIL authorisation", [("access.rights", ("PUBLIC",), "without cnil authorisation")]),
    ("téléchargement libre", [("access.rights", ("PUBLIC",), "telechargement libre")]),
    ("cohorts open to startups", [("access.audiences.startup", ("yes", "under_conditions"), "open to startups")]),
    ("données accessibles aux start-ups",
     [("access.audiences.startup", ("yes", "under_conditions"), "accessibles aux start ups")]),
    ("for commercial use", [("access.audiences.industry", ("yes", "under_conditions"), "commercial use")]),
    ("AVC en Bretagne", [("population.geography", ("FR-BRE", "FR"), "bretagne")]),
    ("urgences à Lille", [("population.geography", ("FR-HDF", "FR"), "lille")]),
    ("registries in Denmark", [("population.geography", ("DK",), "denmark")]),
    ("Paris and Lyon", [("population.geography", ("FR-IDF", "FR", "FR-ARA"), "paris, lyon")]),
    ("enfants de moins de 6 ans", [("age_max", ("5",), "moins de 6 ans")]),
    ("patients de plus de 65 ans", [("age_min", ("65",), "plus de 65 ans")]),
    ("adults aged 50 and over", [("age_min", ("50",), "aged 50 and over")]),
    ("cancers de l'enfant", [("age_max", ("17",), "enfant")]),
    ("older people", [("age_min", ("65",), "older people")]),
    ("hospital stays since 2015", [("covers_from", ("2015-01-01",), "since 2015")]),
    ("avant 2000", [("covers_to", ("1999-12-31",), "avant 2000")]),
    ("PMSI 2010-2020", [("covers_from", ("2010-01-01",), "2010 2020"), ("covers_to", ("2020-12-31",), "2010 2020")]),
    ("cancer en 2020", [("covers_from", ("2020-01-01",), "en 2020"), ("covers_to", ("2020-12-31",), "en 2020")]),
    ("diabète type 2", []), ("covid 19", []), ("stade 3", []), ("", []), ("plus de 900 ans", []),
])
def test_each_constraint_read_in_words(q, expected):
    assert [(u.facet, u.values, u.from_text) for u in read(q)] == expected


def test_the_constraints_are_applied_as_filters_and_ranges():
    query, understood = apply(SearchQuery(q="données ouvertes, enfants en Bretagne depuis 2015"))
    assert query.filters == {"access.rights": ["PUBLIC"], "population.geography": ["FR-BRE", "FR"]}
    assert (query.age_max, query.covers_from) == (17, dt.date(2015, 1, 1))
    assert query.q == "données ouvertes, enfants en Bretagne depuis 2015"  # the words still say the subject
    assert [u.facet for u in understood] == ["access.rights", "population.geography", "age_max", "covers_from"]


def test_what_the_user_set_wins_and_is_not_said_again():
    asked = SearchQuery(q="open data in Bretagne under 18 years", filters={"access.rights": ["RESTRICTED"]},
                        age_max=40)
    query, understood = apply(asked)
    assert query.filters == {"access.rights": ["RESTRICTED"], "population.geography": ["FR-BRE", "FR"]}
    assert query.age_max == 40
    assert understood == [Understood("population.geography", ("FR-BRE", "FR"), "bretagne")]


def test_a_contradiction_with_the_users_period_is_left_out():
    asked = SearchQuery(q="since 2015", covers_to=dt.date(2000, 1, 1))
    assert apply(asked) == (asked, [])


def test_nothing_read_leaves_the_query_as_it_is():
    asked = SearchQuery(q="sleep apnea")
    assert apply(asked) == (asked, [])
    assert apply(SearchQuery(q="")) == (SearchQuery(q=""), [])
