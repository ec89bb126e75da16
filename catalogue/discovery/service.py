"""Search of the published catalogue: the one entry point of every front door.

REST v1, the web search page and CKAN's package_search each translate their own parameters into a
SearchQuery and shape the answer; what a query means when it leaves the sort open is decided here,
once, and every door gets the same hits with the same published descriptions behind them. Page sizes
stay the doors' own (their documented defaults differ: 20 in REST and on the web, 10 rows in CKAN,
bounded by SearchQuery for one engine page and walked here for CKAN's larger windows).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from catalogue.datasets import service as datasets
from catalogue.datasets.models import Dataset
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.search import SearchHit, SearchPage, SearchQuery, Sort, Understood
from search import spelling, understanding
from search.port import SearchEngine

DEFAULT_SORT: Sort = "relevance"  # what every door asks for when its caller names no order
PAGE = 100  # the engine page while walking to a window deeper or longer than one page
LOOK = 60  # how far down the newest a home page looks for descriptions written in its language


class Found:
    """The engine's answer (total, hits, facets, next cursor) and the published descriptions behind its
    hits, in the hits' order: a hit unpublished since the engine answered has none (see published_among).
    The descriptions are read from the database when first asked for (the REST search answers with the
    engine's page alone and never reads them)."""

    def __init__(self, page: SearchPage, uow: UnitOfWork, hits: list[SearchHit] | None = None) -> None:
        self.page = page
        self._uow, self._hits = uow, page.hits if hits is None else hits

    @cached_property
    def descriptions(self) -> list[Dataset]:
        return _behind(self._uow, self._hits)


def sort_for(q: str, sort: Sort = DEFAULT_SORT) -> Sort:
    """The order a search is served in: without text there is nothing to rank by relevance, so newest first.

    Decided before the engine is asked, so that a cursor made for a page carries the sort the next
    page is asked with (the same request plus the cursor is the next page)."""
    return "newest" if sort == "relevance" and not q.strip() else sort


def resolved(query: SearchQuery) -> SearchQuery:
    """The query as the engine is asked it: the sort decided (see sort_for)."""
    sort = sort_for(query.q, query.sort)
    return query if sort == query.sort else query.model_copy(update={"sort": sort})


def search(uow: UnitOfWork, engine: SearchEngine, query: SearchQuery) -> Found:
    """One page of published descriptions (drafts are never indexed), as the engine ranks them; the
    constraints the text states are applied and said (`understood`) unless the query turns that off."""
    asked, understood = understanding.apply(query)
    page = engine.search(resolved(asked))
    if understood:
        page = page.model_copy(update={"understood": [
            Understood(facet=u.facet, value=",".join(u.values), from_text=u.from_text, effect=u.effect)
            for u in understood]})
    if query.page == 1 and query.cursor is None and (better := did_you_mean(engine, query, page.total)):
        page = page.model_copy(update={"did_you_mean": better})
    return Found(page, uow)


def did_you_mean(engine: SearchEngine, query: SearchQuery, total: int) -> str | None:
    """The query with its words found nowhere corrected, if that finds clearly more (search/spelling.py),
    asked with the same filters and the same reading of the words."""
    better = spelling.correction(query.q, engine)
    if better is None:
        return None
    other = query.model_copy(update={"q": better, "page_size": 0, "facets": []})
    other, _ = understanding.apply(other)
    return better if spelling.clearly_more(total, engine.search(resolved(other)).total) else None


def every_hit(uow: UnitOfWork, engine: SearchEngine, query: SearchQuery, limit: int) -> Found:
    """The first `limit` hits of a search as `search` reads it (the constraints its text states applied),
    in its order, without facets: what an export of the current results holds."""
    asked, _ = understanding.apply(query)
    return window(uow, engine, asked.model_copy(update={"facets": []}), 0, limit)


def window(uow: UnitOfWork, engine: SearchEngine, query: SearchQuery, start: int, rows: int) -> Found:
    """Hits [start, start + rows) of the ranking at any offset and length (CKAN's start/rows, whose q is
    taken literally: no constraint is read in its words): engine
    pages of PAGE, then the engine's cursors. The page answered holds the window's hits, the total
    and the facets of the whole search, the engine page the window starts in, and no cursor (the
    window's caller pages by offset)."""
    query = resolved(query)
    first = start // PAGE + 1
    skip = start - (first - 1) * PAGE
    step = query.model_copy(update={"page": first, "page_size": PAGE if rows else 0})
    result = engine.search(step)
    total, facets, hits = result.total, result.facets, list(result.hits)
    while rows and len(hits) - skip < rows and result.next_cursor:
        result = engine.search(step.model_copy(update={"cursor": result.next_cursor, "facets": []}))
        hits.extend(result.hits)
    hits = hits[skip:skip + rows]
    page = SearchPage(total=total, page=first, page_size=rows, hits=hits, facets=facets)
    return Found(page, uow, hits)


def _behind(uow: UnitOfWork, hits: list[SearchHit]) -> list[Dataset]:
    return datasets.published_among(uow, [hit.id for hit in hits])


def similar(uow: UnitOfWork, engine: SearchEngine, actor: Principal, dataset_id: str, k: int = 5) -> list[Dataset]:
    """The published descriptions most like this one (more like this through the search port), best first.

    The description must be visible to the actor (not found otherwise, as on its own page). A draft the
    actor may see has no entry in the index, so it has no similar descriptions; the hits go through
    published_among like any search hit, so only published descriptions are ever listed."""
    datasets.get(uow, actor, dataset_id)
    return datasets.published_among(uow, [hit.id for hit in engine.similar(dataset_id, k)])


def written_in(record: dict[str, Any], lang: str) -> bool:
    """Whether a description can be read in `lang`: its title and its summary are written in it (a text
    given as a plain string is of no stated language)."""
    return all(isinstance(record.get(name), dict) and str(record[name].get(lang) or "").strip()
               for name in ("title", "summary"))


def newest_in(uow: UnitOfWork, engine: SearchEngine, query: SearchQuery, lang: str, n: int) -> Found:
    """The newest published descriptions, those written in `lang` first (see written_in), `n` of them: a
    home page shows its visitors what they can read. The engine's page answers the newest LOOK, with the
    facets and the total of the whole catalogue; its hits are the `n` shown."""
    page = engine.search(query.model_copy(update={"sort": "newest", "page": 1, "page_size": max(n, LOOK)}))
    described = {d.id: d for d in _behind(uow, page.hits)}
    readable = [h for h in page.hits if h.id in described and written_in(described[h.id].record, lang)]
    others = [h for h in page.hits if h.id in described and h not in readable]
    hits = (readable + others)[:n]
    return Found(page.model_copy(update={"hits": hits, "page_size": n}), uow, hits)

