"""Issue 10, the web search page: its URL goes through SearchQuery's bounds (the result window, range
bounds, safe text); a bad value is dropped with a notice, the page never fails (findings 1 and 3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from api.web import search_state
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
