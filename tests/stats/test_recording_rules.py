"""What a recorded search keeps, decided before any SQL: the text as counted, the ISO week, the filters,
and which searches are worth recording."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.stats import recording
from schemas.search import SearchQuery


@pytest.mark.parametrize("text, kept", [
    ("  Cancer   du\tSEIN \n", "cancer du sein"), ("ÉPIDÉMIE", "épidémie"), ("   ", ""),
    ("a" * 199 + " b", "a" * 199), ("x" * 500, "x" * 200)])
def test_the_text_is_trimmed_collapsed_lowered_and_bounded(text, kept):
    assert recording.normalised(text) == kept


@pytest.mark.parametrize("day, week", [
    (dt.date(2025, 12, 29), "2026-W01"), (dt.date(2027, 1, 1), "2026-W53"), (dt.date(2026, 11, 30), "2026-W49"),
    (dt.date(2026, 11, 29), "2026-W48")])
def test_iso_weeks(day, week):
    assert recording.iso_week(day) == week


def test_filters_are_kept_once_each_and_bounded():
    query = SearchQuery(filters={"producer.id": [f"p{n}" for n in range(60)] + ["p0"]},
                        exclude={"access.rights": ["open"]}, age_max=17, covers_from=dt.date(2015, 1, 1))
    kept = recording.filters_of(query)
    assert len(kept) == recording.MAX_FILTERS and kept[:2] == [("filter", "producer.id", "p0"),
                                                              ("filter", "producer.id", "p1")]
    assert recording.filters_of(SearchQuery(exclude={"access.rights": ["open"]}, age_max=17,
                                            covers_from=dt.date(2015, 1, 1))) == [
        ("exclude", "access.rights", "open"), ("range", "age_max", "17"), ("range", "covers_from", "2015-01-01")]


@pytest.mark.parametrize("query, worth", [
    (SearchQuery(), False), (SearchQuery(q="  "), False), (SearchQuery(q="cancer", page=2), False),
    (SearchQuery(q="cancer", cursor="abc"), False), (SearchQuery(q="cancer"), True),
    (SearchQuery(filters={"access.rights": ["open"]}), True), (SearchQuery(individuals_min=0), True)])
def test_only_a_first_page_searching_for_something_is_recorded(query, worth):
    assert recording.worth_recording(query) is worth
