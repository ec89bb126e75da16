"""Reading Elasticsearch responses: hits with our own highlights, facet counts, the next cursor."""

from __future__ import annotations

from typing import Any

from schemas.search import FacetCount, SearchHit, SearchQuery
from search import analysis
from search.cursors import CursorCodec


def hits(raw: list[dict[str, Any]], plan: analysis.QueryPlan, scored: bool) -> list[SearchHit]:
    """Page hits from the stored display fields; highlights by search.analysis on the original text,
    so that both engines mark the same words the same way."""
    terms = plan.highlight_terms()
    out = []
    for hit in raw:
        doc = hit["_source"]["doc"]
        highlights = {name: fragments for name, text in doc["text"].items()
                      if plan.concepts and (fragments := analysis.highlight(text, terms))}
        out.append(SearchHit(id=doc["id"], score=float(hit.get("_score") or 0.0) if scored else 0.0,
                             title=doc["title"], summary=doc["summary"], producer_name=doc["producer_name"],
                             highlights=highlights))
    return out


def facet_counts(query: SearchQuery, aggregations: dict[str, Any]) -> dict[str, list[FacetCount]]:
    """The buckets of es_query.aggregations, in the order the query asked for the facets."""
    return {facet: [FacetCount(value=b["key"], count=b["doc_count"])
                    for b in aggregations[f"f{i}"]["values"]["buckets"]]
            for i, facet in enumerate(query.facets)}


def next_cursor(cursors: CursorCodec, query: SearchQuery, raw: list[dict[str, Any]], seen: int,
                total: int) -> str | None:
    """search_after from the sort values (sort key, id) of the page's last hit; None after the last page."""
    if not raw or seen >= total:
        return None
    return cursors.encode(query, seen, list(raw[-1]["sort"]))
