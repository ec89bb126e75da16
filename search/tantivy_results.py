"""Reading tantivy results: hits with highlights, and facet counts over all matches."""

from __future__ import annotations

import json
from typing import Any

import tantivy

from schemas.search import FacetCount, SearchHit, SearchQuery
from search import analysis
from search.tantivy_query import QueryBuilder, facet_field


def hits(searcher: tantivy.Searcher, found: list[tuple[Any, tantivy.DocAddress]],
         plan: analysis.QueryPlan, scored: bool) -> list[SearchHit]:
    """Page hits from stored documents; highlights computed from the original text (shared code)."""
    terms = plan.highlight_terms()
    out = []
    for score, address in found:
        doc = json.loads(searcher.doc(address)["doc"][0])
        highlights = {name: fragments for name, text in doc["text"].items()
                      if plan.concepts and (fragments := analysis.highlight(text, terms))}
        out.append(SearchHit(id=doc["id"], score=float(score) if scored else 0.0, title=doc["title"],
                             summary=doc["summary"], producer_name=doc["producer_name"],
                             highlights=highlights))
    return out


def facet_counts(searcher: tantivy.Searcher, builder: QueryBuilder, query: SearchQuery,
                 text: tantivy.Query | None, main: tantivy.Query) -> dict[str, list[FacetCount]]:
    """Counts per facet value over every match. Disjunctive: a facet's own filter is ignored when
    counting that facet (so its other values stay visible and selectable), all other filters apply."""
    unfiltered = [f for f in query.facets if not query.filters.get(f)]
    results: dict[str, list[FacetCount]] = {}
    if unfiltered:
        results |= _aggregate(searcher, main, unfiltered, query.facet_limit)
    for facet in query.facets:
        if query.filters.get(facet):
            others = builder.combine(text, builder.filters(query, skip=facet))
            results |= _aggregate(searcher, others, [facet], query.facet_limit)
    return {facet: results[facet] for facet in query.facets}


def _aggregate(searcher: tantivy.Searcher, query: tantivy.Query, facets: list[str],
               limit: int) -> dict[str, list[FacetCount]]:
    spec = {facet: {"terms": {"field": facet_field(facet), "size": limit}} for facet in facets}
    raw = searcher.aggregate(query, spec)
    out = {}
    for facet in facets:
        buckets = sorted(raw.get(facet, {}).get("buckets", []), key=lambda b: (-b["doc_count"], b["key"]))
        out[facet] = [FacetCount(value=b["key"], count=b["doc_count"]) for b in buckets]
    return out
