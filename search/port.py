"""The search port: the narrow interface every search engine implements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from schemas.search import SearchDocument, SearchHit, SearchPage, SearchQuery, Suggestion


class SearchUnavailable(Exception):
    """The engine cannot be reached or written to right now; the caller retries later."""


class SearchEngine(Protocol):
    """Index published descriptions and answer queries. Writes are visible when they return."""

    name: str

    def index(self, docs: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by id)."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Ranked hits with highlights, facet counts over all matches, one page. A cursor this engine
        did not make for this query, or a page past MAX_RESULT_WINDOW: search.cursors.InvalidCursor."""

    def similar(self, doc_id: str, k: int = 5) -> list[SearchHit]:
        """Up to k other documents about what this one is about, best first (search/similar.py: the same
        words on every engine); the document itself never, an unknown id none."""

    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]:
        """For each of these folded words that no document holds (search/spelling.py), the words of the
        short fields within the typos it may carry, read from the best fuzzy matches, each with the number
        of documents holding it. A word found somewhere is left out."""

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        """Titles completing what the user is typing."""

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Replace the whole index with these documents without taking search offline."""

    def stale(self) -> bool:
        """The live index was made by another schema or text analysis (search/index_version.py):
        the catalogue rebuilds it from its descriptions."""

    def ids(self) -> set[str]:
        """Every indexed id (for convergence checks and tests)."""

    def health(self) -> dict[str, object]:
        """State for /health: at least {"status": "ok" | "down", ...}."""

    def close(self) -> None:
        """Release resources."""
