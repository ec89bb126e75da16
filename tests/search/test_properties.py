"""Property tests (issue 10): the cursor codec and the text analysis take any input and answer
with a result or a clean refusal (ValueError, a 422 at the API), never another exception."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.search import MAX_RESULT_WINDOW, SearchQuery
from search import analysis
from search.cursors import Cursor, CursorCodec, InvalidCursor

# Every code point, lone surrogates and controls included (hypothesis leaves surrogates out by default).
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=200)
FEW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKEN = re.compile(rf"^[a-z0-9]{{1,{analysis.MAX_TOKEN_LENGTH}}}$")

queries = st.builds(
    SearchQuery,
    q=st.sampled_from(["", "cohorte", "cancer du sein", "AVC"]),
    sort=st.sampled_from(["relevance", "newest", "volume"]),
    filters=st.sampled_from([{}, {"access.rights": ["PUBLIC"]}, {"access.rights": ["PUBLIC", "RESTRICTED"]}]),
    exclude=st.sampled_from([{}, {"access.rights": ["PUBLIC"]}]),
    individuals_min=st.sampled_from([None, 0, 100]),
    page_size=st.integers(0, 100),
)
keys = st.sampled_from(["k" * 32, "another key of the same length.", b"\x00" * 32])
positions = st.lists(st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.text(max_size=20),
                               st.floats(allow_nan=False, allow_infinity=False)), max_size=4)


# -- the cursor codec ---------------------------------------------------------------------------------

@FEW
@given(token=ANY_TEXT, key=keys)
def test_any_string_as_a_cursor_is_a_position_or_a_refusal(token, key):
    codec = CursorCodec(key, scope="tantivy")
    try:
        query = SearchQuery(q="cohorte", cursor=token)
    except ValidationError:
        return  # a 422 naming `cursor`
    try:
        cursor = codec.decode(query)
        offset = codec.offset(query, cursor)
    except InvalidCursor as refused:
        assert refused.field in ("cursor", "page")
        return
    assert cursor is None or offset + query.page_size <= MAX_RESULT_WINDOW


@FEW
@given(made_for=queries, asked=queries, key=keys, other_key=keys, seen=st.integers(0, MAX_RESULT_WINDOW),
       after=positions)
def test_a_cursor_is_accepted_only_for_its_query_and_key(made_for, asked, key, other_key, seen, after):
    token = CursorCodec(key, scope="elasticsearch").encode(made_for, seen, after)
    reader = CursorCodec(other_key, scope="elasticsearch")
    same = asked.model_dump(exclude={"page", "page_size", "facets", "facet_limit"}) == made_for.model_dump(
        exclude={"page", "page_size", "facets", "facet_limit"})
    query = asked.model_copy(update={"cursor": token})
    if same and key == other_key:
        assert reader.decode(query) == Cursor(seen=seen, after=after)
    else:
        with pytest.raises(InvalidCursor):
            reader.decode(query)


@FEW
@given(query=queries, seen=st.integers(0, 10**9), key=keys)
def test_offsets_never_pass_the_result_window(query, seen, key):
    codec = CursorCodec(key, scope="tantivy")
    with_cursor = query.model_copy(update={"cursor": codec.encode(query, seen)})
    if seen + query.page_size <= MAX_RESULT_WINDOW:
        assert codec.offset(with_cursor) == seen
    else:
        with pytest.raises(InvalidCursor):
            codec.offset(with_cursor)


def test_a_cursor_of_another_engine_is_refused():
    query = SearchQuery(q="cohorte")
    token = CursorCodec("k" * 32, scope="elasticsearch").encode(query, 5, ["x"])
    with pytest.raises(InvalidCursor):
        CursorCodec("k" * 32, scope="tantivy").decode(query.model_copy(update={"cursor": token}))


# -- the text analysis -------------------------------------------------------------------------------

@FEW
@given(text=ANY_TEXT)
def test_any_text_gives_tokens(text):
    tokens = analysis.words(text)
    assert all(TOKEN.match(t) for t in tokens)
    streams = analysis.streams(text)
    assert set(streams) == set(analysis.STEMMERS)
    lengths = {len(s.split()) for s in streams.values()}
    assert lengths == {len(tokens)}  # one stem per token in every stream: positions stay aligned
    assert isinstance(analysis.fold(text), str)


@FEW
@given(q=ANY_TEXT, text=ANY_TEXT)
def test_any_query_gives_a_plan_and_highlights(q, text):
    plan = analysis.plan(q)
    assert all(TOKEN.match(t.word) for t in plan.terms)
    for fragment in analysis.highlight(text + " " + q, plan.highlight_terms()):
        assert "<script" not in fragment


@FEW
@given(prefix=ANY_TEXT)
def test_any_prefix_gives_a_completion(prefix):
    complete, partial = analysis.completion(prefix)
    assert all(TOKEN.match(w) for w in complete)
    assert partial == "" or re.fullmatch(r"[a-z]+|[0-9]+", partial)


@FEW
@given(q=ANY_TEXT)
def test_any_text_as_a_query_is_searchable_or_refused(q):
    try:
        query = SearchQuery(q=q)
    except ValidationError as refused:
        assert refused.errors()[0]["loc"] == ("q",)
        return
    assume(query.q)
    analysis.plan(query.q)


ELISION_TEXT = st.text(alphabet="lLdDsSjqu'’ʼ -_.éÉtT0123456789aœß", max_size=40)


@given(text=st.one_of(ANY_TEXT, ELISION_TEXT))
@settings(max_examples=500)
def test_words_are_the_tokens_of_the_spans(text):
    """`words` (the fast path the index uses) keeps exactly the tokens `_spans` (highlighting) keeps."""
    assert analysis.words(text) == [t for _, _, tokens in analysis._spans(text) for t in tokens]  # noqa: SLF001


@pytest.mark.parametrize("text", ["L'hôpital d'Amiens", "the patient's data", "l' hôpital", "jusqu'à", "s'il",
                                  "vitamine D", "A's", "qu’il", "Ls'x", "d'"])
def test_words_on_elisions_and_possessives(text):
    assert analysis.words(text) == [t for _, _, tokens in analysis._spans(text) for t in tokens]  # noqa: SLF001
