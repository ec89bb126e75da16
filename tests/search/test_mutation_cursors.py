"""Search cursors (search/cursors.py): what a token carries, who may read it, and the result window.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from itsdangerous import URLSafeSerializer
from pydantic import ValidationError

from schemas.search import MAX_RESULT_WINDOW, SearchQuery
from search.cursors import Cursor, CursorCodec, InvalidCursor, fingerprint

KEY = "k" * 32
QUERY = SearchQuery(q="cohorte")
NOT_OURS = "cursor is not a next_cursor returned by this search"
OTHER_SEARCH = "cursor belongs to a search with other text, filters, ranges or sort"


def _signed(payload: object, scope: str = "tantivy") -> str:
    return URLSafeSerializer(KEY, salt=f"search-cursor/{scope}").dumps(payload)


def test_the_fingerprint_is_the_hash_of_what_orders_the_hits():
    kept = QUERY.model_dump(mode="json", exclude={"cursor", "page", "page_size", "facets", "facet_limit"})
    assert fingerprint(QUERY) == hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:32]
    same = QUERY.model_copy(update={"cursor": "x", "page": 3, "page_size": 5, "facets": [], "facet_limit": 1})
    assert fingerprint(same) == fingerprint(QUERY)
    assert fingerprint(SearchQuery(q="cohortes")) != fingerprint(QUERY)
    dated = SearchQuery(q="cohorte", covers_from="2020-01-01")  # dates hash as their JSON text
    kept = dated.model_dump(mode="json", exclude={"cursor", "page", "page_size", "facets", "facet_limit"})
    assert fingerprint(dated) == hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:32]


def test_a_cursor_carries_the_query_the_offset_and_the_position():
    token = CursorCodec(KEY, scope="tantivy").encode(QUERY, 40, ["x", 2])
    payload = URLSafeSerializer(KEY, salt="search-cursor/tantivy").loads(token)
    assert payload == {"q": fingerprint(QUERY), "seen": 40, "after": ["x", 2]}
    without = URLSafeSerializer(KEY, salt="search-cursor/tantivy").loads(CursorCodec(KEY, "tantivy").encode(QUERY, 3))
    assert without["after"] == []


def test_the_position_is_read_back():
    codec = CursorCodec(KEY, scope="tantivy")
    query = QUERY.model_copy(update={"cursor": codec.encode(QUERY, 40, ["x", 2])})
    assert codec.decode(query) == Cursor(seen=40, after=["x", 2])
    assert codec.decode(QUERY) is None
    assert codec.offset(query) == 40
    assert codec.offset(query, Cursor(seen=7)) == 7  # a cursor already read is not read again


def test_without_a_key_only_the_same_codec_reads_its_cursors():
    codec = CursorCodec(None, scope="tantivy")
    token = codec.encode(QUERY, 1)
    assert codec.decode(QUERY.model_copy(update={"cursor": token})).seen == 1
    with pytest.raises(InvalidCursor, match=NOT_OURS):
        CursorCodec(None, scope="tantivy").decode(QUERY.model_copy(update={"cursor": token}))
    with pytest.raises(InvalidCursor, match=NOT_OURS):  # an empty key is no key: each codec draws its own
        CursorCodec("", scope="tantivy").decode(QUERY.model_copy(update={"cursor": CursorCodec(
            "", scope="tantivy").encode(QUERY, 1)}))


@pytest.mark.parametrize(("token", "message"), [
    ("garbage", NOT_OURS),
    (_signed({"q": fingerprint(QUERY), "seen": 1}, scope="elasticsearch"), NOT_OURS),
    (_signed(["not", "a", "dict"]), OTHER_SEARCH),
    (_signed({"q": fingerprint(SearchQuery(q="autre")), "seen": 1, "after": []}), OTHER_SEARCH),
    (_signed({"seen": 1, "after": []}), OTHER_SEARCH),
    (_signed({"q": fingerprint(QUERY), "after": []}), NOT_OURS),
    (_signed({"q": fingerprint(QUERY), "seen": -1, "after": []}), NOT_OURS),
    (_signed({"q": fingerprint(QUERY), "seen": 10**9 + 1, "after": []}), NOT_OURS),
    (_signed({"q": fingerprint(QUERY), "seen": 1, "after": [1, 2, 3, 4, 5]}), NOT_OURS),
    (_signed({"q": fingerprint(QUERY), "seen": 1, "after": None}), NOT_OURS),
])
def test_each_foreign_cursor_is_refused_naming_the_cursor(token, message):
    with pytest.raises(InvalidCursor) as info:
        CursorCodec(KEY, scope="tantivy").decode(QUERY.model_copy(update={"cursor": token}))
    assert str(info.value) == message and info.value.field == "cursor"


def test_the_bounds_of_what_a_cursor_holds():
    assert Cursor(seen=0).after == [] and Cursor(seen=10**9, after=[1, "a", 2.5, None]).seen == 10**9
    for bad in ({"seen": -1}, {"seen": 10**9 + 1}, {"seen": 0, "after": [1, 2, 3, 4, 5]}):
        with pytest.raises(ValidationError):
            Cursor(**bad)
    assert InvalidCursor("x").field == "cursor" and InvalidCursor("x", field="page").field == "page"


def test_offsets_stop_at_the_result_window():
    codec = CursorCodec(KEY, scope="tantivy")
    query = SearchQuery(q="cohorte", page_size=10)
    assert codec.offset(query) == 0
    assert codec.offset(query.model_copy(update={"page": 3})) == 20
    assert codec.offset(query, Cursor(seen=MAX_RESULT_WINDOW - 10)) == MAX_RESULT_WINDOW - 10  # the last page
    window = (f"this search pages no deeper than the first {MAX_RESULT_WINDOW} results; "
              "narrow it with filters or ranges")
    with pytest.raises(InvalidCursor) as deep:
        codec.offset(query, Cursor(seen=MAX_RESULT_WINDOW - 9))
    assert str(deep.value) == window and deep.value.field == "cursor"
    with pytest.raises(InvalidCursor) as deep_page:  # a page past the window (the schema refuses it first)
        codec.offset(query.model_copy(update={"page": MAX_RESULT_WINDOW // 10 + 1}))
    assert str(deep_page.value) == window and deep_page.value.field == "page"
    token = codec.encode(query, MAX_RESULT_WINDOW - 9)
    with pytest.raises(InvalidCursor) as decoded:
        codec.offset(query.model_copy(update={"cursor": token}))
    assert decoded.value.field == "cursor"
