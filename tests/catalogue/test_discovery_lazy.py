"""The REST search answers with the engine's page alone: the descriptions behind the hits are read from
the database only when a door asks for them (the web page, CKAN)."""

from __future__ import annotations

import pytest

from catalogue.discovery import service as discovery
from schemas.search import SearchHit, SearchPage, SearchQuery


class NoDatabase:
    def __getattr__(self, name: str):
        raise AssertionError(f"the database was read ({name})")


class OnePage:
    def search(self, query: SearchQuery) -> SearchPage:
        hit = SearchHit(id="registre-test", score=1.0, title={"fr": "Registre"}, summary={"fr": "…"},
                        producer_name="CHU")
        return SearchPage(total=1, page=1, page_size=20, hits=[hit])

    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]:
        return {}


def test_the_page_never_reads_the_descriptions_until_asked():
    found = discovery.search(NoDatabase(), OnePage(), SearchQuery(q="registre"))  # type: ignore[arg-type]
    assert [h.id for h in found.page.hits] == ["registre-test"]
    with pytest.raises(AssertionError, match="the database was read"):
        found.descriptions  # noqa: B018 - the read itself is the point
