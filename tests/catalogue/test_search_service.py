"""The catalogue's one search (catalogue.discovery.service): the sort left open, and the descriptions behind hits."""

from __future__ import annotations

import copy
import json

import pytest

from catalogue.datasets import service as datasets
from catalogue.datasets.importer import import_lines
from catalogue.discovery import service as discovery
from catalogue.principal import SYSTEM
from schemas.search import SearchQuery


@pytest.mark.parametrize(("q", "sort", "served"), [
    ("", "relevance", "newest"),          # no text: nothing to rank, newest first
    ("   ", "relevance", "newest"),       # blank text is no text
    ("cancer", "relevance", "relevance"),
    ("", "newest", "newest"),
    ("", "volume", "volume"),             # an order asked for is served as asked
    ("cancer", "newest", "newest"),
    ("cancer", "volume", "volume"),
])
def test_sort_left_open_is_newest_without_text(q, sort, served):
    assert discovery.sort_for(q, sort) == served
    assert discovery.resolved(SearchQuery(q=q, sort=sort)).sort == served


def test_the_default_is_relevance_read_by_the_text():
    assert discovery.DEFAULT_SORT == SearchQuery().sort == "relevance"
    assert discovery.sort_for("") == "newest" and discovery.sort_for("cancer") == "relevance"
    query = SearchQuery(q="cancer", page=2)
    assert discovery.resolved(query) is query  # nothing to decide: the query as given


@pytest.fixture
def published(container, record):
    """Seven descriptions published one after the other, pub-0 the oldest."""
    for n in range(7):  # one import each, so that each is published after the one before
        item = copy.deepcopy(record)
        item["id"] = f"pub-{n}"
        report = import_lines(container.uow, SYSTEM, [json.dumps(item)], publish=True)
        assert report.failed == 0 and report.published == 1
    return container


def test_search_serves_newest_without_text_with_the_descriptions(published):
    with published.uow() as uow:
        found = discovery.search(uow, published.search, SearchQuery(page_size=3))
        assert [h.id for h in found.page.hits] == ["pub-6", "pub-5", "pub-4"]
        assert [d.id for d in found.descriptions] == ["pub-6", "pub-5", "pub-4"]
        assert all(d.status == "published" for d in found.descriptions)
        # the same request with the cursor is the next page (the sort was decided before the cursor)
        after = discovery.search(uow, published.search, SearchQuery(page_size=3, cursor=found.page.next_cursor))
        assert [h.id for h in after.page.hits] == ["pub-3", "pub-2", "pub-1"]


def test_descriptions_leave_out_what_is_no_longer_published(published):
    """The index is a moment behind the database: a hit archived since has no description (never a failed page)."""
    with published.uow() as uow:
        dataset = datasets.get(uow, SYSTEM, "pub-5")
        dataset.status = "archived"  # in the database only (not committed): the engine still has it
        uow.session.flush()
        found = discovery.search(uow, published.search, SearchQuery(page_size=3))
        assert [h.id for h in found.page.hits] == ["pub-6", "pub-5", "pub-4"]
        assert [d.id for d in found.descriptions] == ["pub-6", "pub-4"]


def test_window_at_any_offset_and_length(published, monkeypatch):
    """CKAN's start/rows: pages of PAGE, then the engine's cursors (PAGE made small to walk several)."""
    monkeypatch.setattr(discovery, "PAGE", 3)
    with published.uow() as uow:
        found = discovery.window(uow, published.search, SearchQuery(), start=2, rows=4)
        assert found.page.total == 7 and found.page.next_cursor is None
        assert [h.id for h in found.page.hits] == ["pub-4", "pub-3", "pub-2", "pub-1"]
        assert [d.id for d in found.descriptions] == ["pub-4", "pub-3", "pub-2", "pub-1"]
        assert discovery.window(uow, published.search, SearchQuery(), start=5, rows=10).page.hits[-1].id == "pub-0"
        counted = discovery.window(uow, published.search, SearchQuery(facets=["access.rights"]), start=0, rows=0)
        assert counted.page.total == 7 and counted.page.hits == [] and counted.page.facets["access.rights"]
