"""Property tests (issue 10, finding 3): any package_search parameters, of any JSON type, give a query
or a SearchQueryError naming a parameter, never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.ckan.query import SearchQueryError, facet_fields, parse

PARAMS = ["q", "fq", "fq_list", "sort", "rows", "start", "facet.field", "facet.limit", "include_private"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
solrish = st.lists(st.sampled_from(["NOT", "-", "!", "+", "AND", "OR", "*:*", "access.rights:", "name:", "(",
                                    ")", '"', "PUBLIC", "cancer", " ", "organization:cnam", "[1 TO 2]", "x*"]),
                   max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(PARAMS), json_values | solrish, max_size=5))
def test_any_parameters_give_a_query_or_a_search_query_error(params):
    try:
        cq = parse(params, facet_fields(params.get("facet.field")))
    except SearchQueryError as refused:
        assert refused.field in PARAMS
        return
    assert 0 <= cq.start and 0 <= cq.rows <= 1000
    assert cq.by_name or cq.ids or cq.start + cq.rows <= 10_000
