"""Every front door leaves the sort to the search service: no text means newest first, text means relevance.

Three descriptions published oldest to newest: the oldest names "zorglub" in its title, the newest
once in its description, the middle one not at all. Newest first is then neither the relevance order
nor the id order, so a door that ranked by relevance without text, or by date with text, fails here.
"""

from __future__ import annotations

import copy
import re

import pytest

from tests.web.helpers import publish

NEWEST_FIRST = ["new-mention", "mid-plain", "old-zorglub"]
BY_RELEVANCE = ["old-zorglub", "new-mention"]


@pytest.fixture
def three(client, actors, record):
    for ident in reversed(NEWEST_FIRST):
        item = copy.deepcopy(record)
        item["id"] = ident
        if ident == "old-zorglub":
            item["title"] = {"fr": "Registre zorglub zorglub", "en": "Zorglub zorglub registry"}
        if ident == "new-mention":
            item["description"] = {lang: f"{text} zorglub" for lang, text in record["description"].items()}
        publish(client, actors["editor"], item)
    return client


def test_rest_search(three):
    assert [h["id"] for h in three.get("/api/v1/search").json()["hits"]] == NEWEST_FIRST
    assert [h["id"] for h in three.get("/api/v1/search", params={"q": "zorglub"}).json()["hits"]] == BY_RELEVANCE
    posted = three.post("/api/v1/search", json={"q": "  "}).json()  # blank text is no text
    assert [h["id"] for h in posted["hits"]] == NEWEST_FIRST
    # an order asked for is served as asked, with or without text
    asked = three.get("/api/v1/search", params={"q": "zorglub", "sort": "newest"}).json()
    assert [h["id"] for h in asked["hits"]] == ["new-mention", "old-zorglub"]


def _cards(html: str) -> list[str]:
    """The descriptions a results page links to, in page order, each once."""
    return list(dict.fromkeys(re.findall(r'href="/datasets/([a-z-]+)"', html)))


def test_web_search_page(three):
    assert _cards(three.get("/search").text) == NEWEST_FIRST
    assert _cards(three.get("/search", params={"q": "zorglub"}).text) == BY_RELEVANCE


def test_ckan_package_search(three):
    def names(**params):
        result = three.post("/api/3/action/package_search", json=params).json()["result"]
        return result["sort"], [p["name"] for p in result["results"]]

    assert names() == ("newest", NEWEST_FIRST)
    assert names(q="*:*") == ("newest", NEWEST_FIRST)
    assert names(q="zorglub") == ("relevance", BY_RELEVANCE)
    assert names(q="zorglub", sort="metadata_modified desc") == ("newest", ["new-mention", "old-zorglub"])
