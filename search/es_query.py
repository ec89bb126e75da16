"""Elasticsearch query DSL from an analysed QueryPlan and a SearchQuery: the Tantivy engine's ranking,
clause for clause (search/tantivy_query.py), so that both engines order results the same way.

What cannot be the same, and how close it gets:
- Tantivy scores BM25 with an extra constant factor (1 + k1) that Lucene dropped; harmless for the
  order except against a constant-score clause, so the typo fallback scores 1 / (1 + k1) here where
  Tantivy gives it 1.
- A sloppy phrase counts 1 per match in Tantivy, 1 / (1 + distance) in Lucene, so the proximity
  bonus is smaller here when the words are apart (equal when they are adjacent).
"""

from __future__ import annotations

from typing import Any

from schemas.search import SearchQuery
from search import ranking
from search.analysis import FUZZY_MIN_LENGTH, STEMMERS, Alternative, QueryPlan, Term, typos_allowed
from search.es_mapping import STREAM_FIELDS, SUGGEST_FIELD, WORDS_FIELD, facet_field, text_field
from search.similar import Like

Query = dict[str, Any]
BM25_K1 = 1.2
FUZZY_SCORE = 1 / (1 + BM25_K1)  # Tantivy's constant 1.0 on Lucene's scale
SORTS: dict[str, list[Any]] = {
    "relevance": [{"_score": "desc"}, {"id": "asc"}],
    "newest": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "volume": [{"individuals": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
}


def probe_stems(plan: QueryPlan) -> list[str]:
    """Stems whose presence in the index decides the typo fallback, as in the Tantivy engine: those
    of every one-word alternative of 5+ letters, typed or synonym (absent ones go fuzzy)."""
    return sorted({s for c in plan.concepts for a in c.alternatives if _fuzzy_candidate(a) for s in a.terms[0].stems})


def _fuzzy_candidate(alternative: Alternative) -> bool:
    return len(alternative.terms) == 1 and len(alternative.terms[0].word) >= FUZZY_MIN_LENGTH


def known_probe(stems: list[str]) -> list[dict[str, Any]]:
    """One search per stem, sent together (msearch): does it occur in any stream of any text field? Each stops
    at the first document found (`terminate_after`); a filters aggregation over every document, as before,
    took 0.2-0.7 s at 500k descriptions."""
    return [{"size": 0, "terminate_after": 1, "track_total_hits": 1,
             "query": {"bool": {"should": [{"term": {field: stem}} for field in STREAM_FIELDS]}}} for stem in stems]


def known_stems(stems: list[str], responses: list[dict[str, Any]]) -> set[str]:
    return {stem for stem, response in zip(stems, responses, strict=True) if response["hits"]["total"]["value"]}


def fuzzy_words(word: str, size: int) -> dict[str, Any]:
    """The documents with a word of the short fields within the typos `word` may carry (search/spelling.py
    reads the candidate words from their text)."""
    fuzzy = {"fuzzy": {WORDS_FIELD: {"value": word, "fuzziness": typos_allowed(word), "transpositions": True,
                                     "prefix_length": 0, "rewrite": "constant_score"}}}
    return {"query": fuzzy, "size": size, "_source": ["doc.text"], "track_total_hits": False}


def words_probe(words: list[str]) -> list[dict[str, Any]]:
    """One count per word, sent together (msearch): the documents holding it in the short fields."""
    return [{"size": 0, "track_total_hits": True, "query": {"term": {WORDS_FIELD: word}}} for word in words]


def words_counts(words: list[str], responses: list[dict[str, Any]]) -> dict[str, int]:
    return {word: response["hits"]["total"]["value"] for word, response in zip(words, responses, strict=True)}


def text(plan: QueryPlan, known: set[str]) -> Query:
    """Score every concept of the plan (OR); `known` stems exist in the index, others may go fuzzy."""
    concepts = [_concept(c.alternatives, known) for c in plan.concepts]
    should = list(concepts)
    if len(concepts) > 1 and ranking.COORD_BOOST:
        should.append({"bool": {"must": concepts, "boost": ranking.COORD_BOOST}})
    matched = {"bool": {"should": should}}
    if len(plan.terms) > 1:  # a bonus for the words close together, never a hit by itself
        proximity = [_phrase(name, plan.terms, slop=len(plan.terms) + ranking.PHRASE_SLOP)
                     for name in ranking.PROXIMITY_FIELDS]
        bonus = {"dis_max": {"queries": proximity, "boost": ranking.PROXIMITY_BOOST}}
        return {"bool": {"must": [matched], "should": [bonus]}}
    return matched


def _concept(alternatives: tuple[Alternative, ...], known: set[str]) -> Query:
    queries = [_boost(_alternative(a, known), a.weight) for a in alternatives]
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries, "tie_breaker": ranking.CONCEPT_TIE}}


def _alternative(alternative: Alternative, known: set[str]) -> Query:
    terms = alternative.terms
    if _fuzzy_candidate(alternative) and not set(terms[0].stems) & known:
        # A word found nowhere may be a typo: one edit away from an unstemmed word of the short fields.
        fuzzy = {"fuzzy": {WORDS_FIELD: {"value": terms[0].word, "fuzziness": typos_allowed(terms[0].word),
                                         "transpositions": True,
                                         "prefix_length": 0, "rewrite": "constant_score"}}}
        return {"constant_score": {"filter": fuzzy, "boost": FUZZY_SCORE}}
    per_field = [
        _boost(_term(name, terms[0]) if len(terms) == 1 else _phrase(name, terms, slop=alternative.slop), weight)
        for name, weight in ranking.FIELD_WEIGHTS.items()
    ]
    return {"dis_max": {"queries": per_field, "tie_breaker": ranking.FIELD_TIE}}


def _term(name: str, term: Term) -> Query:
    """The word in either stem stream of a field (the best of the two)."""
    return {"dis_max": {"queries": [{"term": {text_field(name, s): term.stem(s)}} for s in STEMMERS]}}


def _phrase(name: str, terms: tuple[Term, ...], slop: int) -> Query:
    return {"dis_max": {"queries": [
        {"match_phrase": {text_field(name, s): {"query": " ".join(t.stem(s) for t in terms), "slop": slop}}}
        for s in STEMMERS
    ]}}


def _boost(query: Query, weight: float) -> Query:
    """Multiply a compound query's score (every query built here has one key with a dict body)."""
    if weight == 1.0:
        return query
    (kind, body), = query.items()
    return {kind: {**body, "boost": body.get("boost", 1.0) * weight}}


# -- filters and ranges -----------------------------------------------------------------------------

def facet_filters(query: SearchQuery, skip: str | None = None) -> list[Query]:
    """OR within a facet, AND across facets; `skip` leaves one facet out (disjunctive counts)."""
    return [{"terms": {facet_field(path): values}} for path, values in query.filters.items()
            if values and path != skip]


def ranges(query: SearchQuery) -> list[Query]:
    """Ranges and exclusions restrict hits and every facet count. A missing volume never matches a volume range;
    a missing age or date bound is open on that side (so an ongoing coverage has no end)."""
    out: list[Query] = [{"bool": {"must_not": {"terms": {facet_field(path): values}}}}
                        for path, values in query.exclude.items() if values]
    if query.individuals_min is not None or query.individuals_max is not None:
        out.append({"range": {"individuals": _bounds(query.individuals_min, query.individuals_max)}})
    if query.age_max is not None:
        out.append(_open("min_age", _bounds(None, query.age_max)))
    if query.age_min is not None:
        out.append(_open("max_age", _bounds(query.age_min, None)))
    if query.covers_to is not None:
        out.append(_open("start", _bounds(None, query.covers_to.isoformat())))
    if query.covers_from is not None:
        out.append(_open("end", _bounds(query.covers_from.isoformat(), None)))
    return out


def _bounds(low: object, high: object) -> dict[str, object]:
    return {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}


def _open(field: str, bounds: dict[str, object]) -> Query:
    """In range, or no value at all."""
    return {"bool": {"should": [{"range": {field: bounds}}, {"bool": {"must_not": {"exists": {"field": field}}}}]}}


def preferred(text_query: Query, query: SearchQuery) -> Query:
    """tantivy_query.QueryBuilder.preferred: the text's score, times 1 + ranking.PREFER_BOOST for each preferred facet a
    hit has a value of."""
    bonuses = [{"bool": {"must": [text_query], "filter": [{"terms": {facet_field(path): values}}],
                         "boost": ranking.PREFER_BOOST}} for path, values in query.prefer.items() if values]
    return {"bool": {"must": [text_query], "should": bonuses}} if bonuses else text_query


def main(text_query: Query | None, query: SearchQuery) -> Query:
    """Text scores; ranges only restrict. Facet filters go to post_filter so facets can ignore them."""
    filters = ranges(query)
    if text_query is None:
        return {"bool": {"filter": filters}} if filters else {"match_all": {}}
    return {"bool": {"must": [text_query], "filter": filters}} if filters else text_query


def aggregations(query: SearchQuery) -> dict[str, Any]:
    """One filter aggregation per facet: every facet filter but its own, wrapping a terms aggregation
    sorted by count then value (one shard: counts are exact)."""
    return {
        f"f{i}": {"filter": {"bool": {"filter": facet_filters(query, skip=facet)}},
                  "aggs": {"values": {"terms": {"field": facet_field(facet), "size": query.facet_limit,
                                                "order": [{"_count": "desc"}, {"_key": "asc"}]}}}}
        for i, facet in enumerate(query.facets)
    }


def suggestion(complete: list[str], partial: str) -> Query | None:
    """Titles with every complete word and a word starting with the partial one (None: nothing typed)."""
    must: list[Query] = [{"term": {SUGGEST_FIELD: word}} for word in complete]
    if partial:
        must.append({"prefix": {SUGGEST_FIELD: partial}})
    return {"bool": {"must": must}} if must else None


# -- more like this (search/similar.py chooses the words) --------------------------------------------

def like_probe(words: list[Term]) -> dict[str, Any]:
    """A size-0 search counting every document, and per word those with it in any stream of ranking.LIKE_FIELDS
    (its document frequency there, as the Tantivy engine counts it)."""
    fields = [(text_field(name, s), s) for name in ranking.LIKE_FIELDS for s in STEMMERS]
    filters = {str(i): {"bool": {"should": [{"term": {field: word.stem(s)}} for field, s in fields]}}
               for i, word in enumerate(words)}
    return {"size": 0, "track_total_hits": True, "query": {"match_all": {}},
            "aggs": {"like": {"filters": {"filters": filters}}}}


def like_counts(words: list[Term], response: dict[str, Any]) -> tuple[dict[Term, int], int]:
    """Each word's document frequency, and the number of documents."""
    buckets = response["aggregations"]["like"]["buckets"] if words else {}
    return {word: buckets[str(i)]["doc_count"] for i, word in enumerate(words)}, response["hits"]["total"]["value"]


def more_like(likes: list[Like], exclude_id: str) -> Query:
    """Any of the words, each boosted by its weight and scored in its best field (as a query word is), the
    document itself excluded: tantivy_query.more_like, clause for clause."""
    words = [_boost({"dis_max": {"queries": [_boost(_term(name, like.term), weight)
                                             for name, weight in ranking.LIKE_FIELDS.items()],
                                 "tie_breaker": ranking.FIELD_TIE}}, like.boost) for like in likes]
    return {"bool": {"should": words, "minimum_should_match": 1, "must_not": [{"ids": {"values": [exclude_id]}}]}}
