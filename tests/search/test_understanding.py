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
    ("cohorts open to startups", [("access.audiences.startup", ("yes", "under_conditions"), "open to startups"),
                                  ("typology.data_types", ("cohort",), "cohorts")]),
    ("données accessibles aux start-ups",
     [("access.audiences.startup", ("yes", "under_conditions"), "accessibles aux start ups")]),
    ("for commercial use", [("access.audiences.industry", ("yes", "under_conditions"), "commercial use")]),
    ("AVC en Bretagne", [("population.geography", ("FR-BRE", "FR"), "bretagne")]),
    ("urgences à Lille", [("population.geography", ("FR-HDF", "FR"), "lille")]),
    ("registries in Denmark", [("population.geography", ("DK",), "denmark"),
                               ("typology.data_types", ("registry",), "registries")]),
    ("Paris and Lyon", [("population.geography", ("FR-IDF", "FR", "FR-ARA"), "paris, lyon")]),
    ("enfants de moins de 6 ans", [("age_max", ("5",), "moins de 6 ans")]),
    ("patients de plus de 65 ans", [("age_min", ("65",), "plus de 65 ans")]),
    ("adults aged 50 and over", [("age_min", ("50",), "aged 50 and over")]),
    ("cancers de l'enfant", [("age_max", ("17",), "enfant")]),
    ("older people", [("age_min", ("65",), "older people")]),
    ("hospital stays since 2015", [("covers_from", ("2015-01-01",), "since 2015")]),
    ("avant 2000", [("covers_to", ("1999-12-31",), "avant 2000")]),
    ("PMSI 2010-2020", [("covers_from", ("2010-01-01",), "2010 2020"), ("covers_to", ("2020-12-31",), "2010 2020"),
                        ("typology.data_types", ("hospital_discharge",), "pmsi")]),
    ("cancer en 2020", [("covers_from", ("2020-01-01",), "en 2020"), ("covers_to", ("2020-12-31",), "en 2020")]),
    ("rare disease registry", [("typology.data_types", ("registry",), "registry")]),
    ("imagerie et questionnaires", [("typology.data_types", ("imaging", "survey"), "imagerie, questionnaires")]),
    ("cohortes en Bretagne", [("population.geography", ("FR-BRE", "FR"), "bretagne"),
                              ("typology.data_types", ("cohort",), "cohortes")]),
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


def test_a_kind_of_data_is_a_preference_not_a_filter():
    query, understood = apply(SearchQuery(q="registres de maladies rares"))
    assert query.filters == {} and query.prefer == {"typology.data_types": ["registry"]}
    assert understood == [Understood("typology.data_types", ("registry",), "registres", effect="prefer")]


def test_a_kind_the_user_filtered_or_preferred_is_not_preferred_again():
    for asked in (SearchQuery(q="registres", filters={"typology.data_types": ["cohort"]}),
                  SearchQuery(q="registres", prefer={"typology.data_types": ["omics"]})):
        assert apply(asked) == (asked, [])


def test_the_kinds_of_data_come_from_the_vocabulary_and_are_the_formats():
    """Every `data_type` of the vocabulary is a value of the exchange format, and a wrong one stops the load."""
    from typing import get_args

    from schemas.vocabularies import DataType
    from search.vocabulary import VOCABULARY
    kinds = {c.id: c.data_type for c in VOCABULARY.concepts if c.data_type}
    assert set(kinds.values()) <= set(get_args(DataType))
    assert kinds["registry"] == "registry" and kinds["medical-imaging"] == "imaging" and kinds["eds"] == \
        "clinical_data_warehouse"


def test_a_query_taken_literally_is_left_as_it_is():
    asked = SearchQuery(q="registres ouverts en Bretagne depuis 2015", understand=False)
    assert apply(asked) == (asked, [])
