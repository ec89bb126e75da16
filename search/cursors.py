"""Search cursors: opaque, signed tokens for "the hits after this page", bound to one query.

A cursor carries how many hits came before (`seen`) and, on an engine with search_after, the sort
values of the last one (`after`). It is signed with a key (itsdangerous, keyed with the app secret
by the composition root), so a client can only hand back a cursor an engine of this catalogue made:
a changed offset, a cursor of another query or of another key is refused as InvalidCursor. An
offset (a cursor without `after`, or a page) never reaches past MAX_RESULT_WINDOW.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Annotated, Any

from itsdangerous import BadData, URLSafeSerializer
from pydantic import BaseModel, Field, ValidationError

from schemas.search import MAX_RESULT_WINDOW, SearchQuery

Position = list[str | int | float | None]


class InvalidCursor(ValueError):
    """A cursor not made by this engine for this query, or one deeper than the engine pages.

    The API answers 422 naming the parameter (`field`)."""

    def __init__(self, message: str, field: str = "cursor") -> None:
        super().__init__(message)
        self.field = field


class Cursor(BaseModel):
    """What a cursor carries: how many hits came before, and the engine's position after the last one."""

    seen: Annotated[int, Field(ge=0, le=10**9)]
    after: Annotated[Position, Field(max_length=4)] = []


def fingerprint(query: SearchQuery) -> str:
    """Everything that decides which hits come in which order (not the page, its size or the facets)."""
    kept = query.model_dump(mode="json", exclude={"cursor", "page", "page_size", "facets", "facet_limit"})
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:32]


class CursorCodec:
    """Makes and reads the cursors of one engine. `key`: the app secret (None: a key of this
    process only, for tests and throwaway engines); `scope`: the engine, so that a cursor of one
    engine is never read as a position of another."""

    def __init__(self, key: str | bytes | None, scope: str) -> None:
        self._serializer = URLSafeSerializer(key or secrets.token_bytes(32), salt=f"search-cursor/{scope}")

    def encode(self, query: SearchQuery, seen: int, after: Position | None = None) -> str:
        """An opaque token for the hits after the first `seen` ones of `query`."""
        return self._serializer.dumps({"q": fingerprint(query), "seen": seen, "after": after or []})

    def decode(self, query: SearchQuery) -> Cursor | None:
        """The position in query.cursor (None without one); InvalidCursor if this engine did not
        make it for this query."""
        token = query.cursor
        if token is None:
            return None
        try:
            raw: Any = self._serializer.loads(token)
        except (BadData, UnicodeError, ValueError):  # forged, truncated, another key or engine
            raise InvalidCursor("cursor is not a next_cursor returned by this search") from None
        if not isinstance(raw, dict) or raw.get("q") != fingerprint(query):
            raise InvalidCursor("cursor belongs to a search with other text, filters, ranges or sort")
        try:
            return Cursor.model_validate({"seen": raw.get("seen"), "after": raw.get("after")})
        except ValidationError:
            raise InvalidCursor("cursor is not a next_cursor returned by this search") from None

    def offset(self, query: SearchQuery, cursor: Cursor | None = None) -> int:
        """How many hits come before this page (from its cursor, else its page number); refused
        when the page would reach past MAX_RESULT_WINDOW."""
        if cursor is None and query.cursor is not None:
            cursor = self.decode(query)
        offset = cursor.seen if cursor else (query.page - 1) * query.page_size
        if offset + query.page_size > MAX_RESULT_WINDOW:
            raise InvalidCursor(f"this search pages no deeper than the first {MAX_RESULT_WINDOW} results; "
                                "narrow it with filters or ranges", field="cursor" if cursor else "page")
        return offset
