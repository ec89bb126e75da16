"""Issue 10, the web search page: its URL goes through SearchQuery's bounds (the result window, range
bounds, safe text); a bad value is dropped with a notice, the page never fails (findings 1 and 3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from api.web import search_state
from api.web.i18n import Translator
from schemas.search import MAX_RESULT_WINDOW

NAMES = ["q", "filter", "sort", "page", "individuals_min", "individuals_max", "age_min", "age_max",
         "covers_from", "covers_to", "startups", "snds"]


def test_a_page_beyond_the_result_window_is_the_deepest_one():
    state = search_state.parse(QueryParams("q=cohorte&page=99999999999999999999"))
    query = state.query("fr")
    assert state.page == search_state.MAX_PAGE and query.page * query.page_size <= MAX_RESULT_WINDOW
    assert state.problems == ["page=99999999999999999999"]


def test_out_of_range_values_are_dropped_with_a_notice():
    state = search_state.parse(QueryParams(
        "age_min=200&age_max=999&individuals_min=99999999999999999999999&covers_from=99999-01-01"
        "&filter=access.rights:PUB%00LIC&q=cancer%00sein"))
    query = state.query("fr")
    assert query.age_min is None and query.individuals_min is None and query.filters == {}
    assert query.q == "cancer sein"
    assert len(state.problems) == 5


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.text(max_size=40)), max_size=8))
def test_any_url_gives_a_valid_query(pairs):
    state = search_state.parse(QueryParams(pairs))
    query = state.query("en")
    assert query.page * query.page_size <= MAX_RESULT_WINDOW
    assert all(isinstance(value, str) for _, value in state.params())


def test_the_page_answers_bad_urls(client):
    for url in ["/search?age_min=200", "/search?page=100000&q=x", "/search?individuals_min=1e400",
                "/search?q=%00%01", "/search?filter=access.rights:%C0%80", "/search?covers_to=0000-00-00"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_what_was_ignored_is_kept_as_message_keys_and_worded_per_language():
    long = "x" * 200
    state = search_state.parse(QueryParams(
        f"filter=home.title&filter={long}&age_min={'9' * 60}&age_max=5&sort=bogus&cursor=c"
        f"&page={'9' * 13}"))
    assert state.notices == [
        ("search.problem.filter", {"value": "home.title"}),
        ("search.problem.filter", {"value": long[:80]}),
        ("search.problem.range", {"field": "range.age_min", "value": "9" * 40, "bounds": "search.bounds.age"}),
        ("search.problem.sort", {}),
        ("search.problem.cursor", {}),
        ("search.problem.page", {"value": "9" * 13, "page": str(search_state.MAX_PAGE)}),
    ]
    assert state.problems[1] == f"filter={long}"[:120] and state.problems[4] == "cursor"
    words = state.notices_in(Translator("en"))
    assert words[0] == "Unrecognised filter, ignored: “home.title”."  # a value is never looked up as a key
    assert words[2] == f"“{'9' * 40}” does not fit “Age ≥” (an age in years, from 0 to 150): this filter is ignored. " \
                       "Correct it in the filters."
    assert words[5] == f"Page “{'9' * 13}” is not possible: page {search_state.MAX_PAGE} is shown."
    low = search_state.parse(QueryParams("page=abc"))
    assert low.notices == [("search.problem.page", {"value": "abc", "page": "1"})]
    assert search_state.parse(QueryParams("age_min=60&age_max=18")).notices_in(Translator("fr")) == [
        "« Âge ≥ » dépasse « Âge ≤ » : la borne haute est ignorée."]
