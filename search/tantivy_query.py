"""Tantivy schema and query building: an analysed QueryPlan and SearchQuery filters as tantivy queries."""

from __future__ import annotations

import datetime as dt

import tantivy

from schemas.search import FACETS, TEXT_FIELDS, SearchQuery
from search import ranking
from search.analysis import FUZZY_MIN_LENGTH, STEMMERS, Alternative, QueryPlan, Term, typos_allowed
from search.similar import Like

SCHEMA_VERSION = 1
OPEN_LOW, OPEN_HIGH = -(2**62), 2**62  # stored for a missing bound, so that ranges stay open
WORDS_FIELD = "words"  # unstemmed folded words of WORDS_SOURCES, for typo matching

_M, _S = tantivy.Occur.Must, tantivy.Occur.Should
_Q = tantivy.Query


def facet_field(path: str) -> str:
    return "facet_" + path.replace(".", "_")


def text_field(name: str, stemmer: str) -> str:
    return f"{name}_{stemmer}"


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_bytes_field("doc", stored=True)
    for name in TEXT_FIELDS:
        for stemmer in STEMMERS:
            sb.add_text_field(text_field(name, stemmer), tokenizer_name="whitespace")
    sb.add_text_field("suggest", tokenizer_name="whitespace")
    sb.add_text_field(WORDS_FIELD, tokenizer_name="whitespace")
    for path in FACETS:
        sb.add_text_field(facet_field(path), tokenizer_name="raw", fast=True)
    for name in ("individuals", "min_age", "max_age", "start", "end", "published"):
        sb.add_integer_field(name, indexed=True, fast=True)
    return sb.build()


def day(value: dt.date) -> int:
    return value.toordinal()


def timestamp(value: dt.datetime) -> int:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return int(aware.timestamp() * 1_000_000)  # microseconds: two publications in one second still order


class QueryBuilder:
    """Turns plans and filters into tantivy queries for one schema."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def text(self, plan: QueryPlan, known: set[str] | None = None) -> tantivy.Query:
        """Score every concept of the plan (OR); `known` stems exist in the index, others go fuzzy."""
        concepts = [self._concept(c.alternatives, known) for c in plan.concepts]
        clauses = [(_S, q) for q in concepts]
        if len(concepts) > 1 and ranking.COORD_BOOST:
            clauses.append((_S, _Q.boost_query(_Q.boolean_query([(_M, q) for q in concepts]), ranking.COORD_BOOST)))
        matched = _Q.boolean_query(clauses)
        if len(plan.terms) > 1:  # a bonus for the words close together, never a hit by itself
            proximity = [self._phrase(name, plan.terms, slop=len(plan.terms) + ranking.PHRASE_SLOP)
                         for name in ranking.PROXIMITY_FIELDS]
            bonus = _Q.boost_query(_Q.disjunction_max_query(proximity), ranking.PROXIMITY_BOOST)
            return _Q.boolean_query([(_M, matched), (_S, bonus)])
        return matched

    def preferred(self, text: tantivy.Query, query: SearchQuery) -> tantivy.Query:
        """The text's score, times 1 + ranking.PREFER_BOOST for each preferred facet a hit has one of the values of
        (a share of its own score: the same lift at every scale of scores)."""
        bonuses = [(_S, _Q.boost_query(_Q.boolean_query([
            (_M, text), (_M, _Q.const_score_query(_Q.term_set_query(self.schema, facet_field(path), values), 0.0))]),
            ranking.PREFER_BOOST)) for path, values in query.prefer.items() if values]
        return _Q.boolean_query([(_M, text), *bonuses]) if bonuses else text

    def _concept(self, alternatives: tuple[Alternative, ...], known: set[str] | None) -> tantivy.Query:
        queries = [_Q.boost_query(self._alternative(a.terms, known, a.slop), a.weight) for a in alternatives]
        if len(queries) == 1:
            return queries[0]
        return _Q.disjunction_max_query(queries, tie_breaker=ranking.CONCEPT_TIE)

    def matching(self, plan: QueryPlan, known: set[str] | None = None) -> tantivy.Query:
        """The documents `text(plan, known)` matches, nothing scored: every word of the plan in one term set
        per field and stem stream, each expression as its phrases, any of them (the union `text` ranks). What
        facet counts need: the same documents for half the work (no coordination or proximity clauses)."""
        words: dict[str, set[str]] = {}
        clauses: list[tantivy.Query] = []
        for alternative in (a for c in plan.concepts for a in c.alternatives):
            terms = alternative.terms
            if self._fuzzy(terms, known):
                clauses.append(_Q.fuzzy_term_query(self.schema, WORDS_FIELD, terms[0].word,
                                                   distance=typos_allowed(terms[0].word)))
                continue
            for name in ranking.FIELD_WEIGHTS:
                for s in STEMMERS:
                    if len(terms) == 1:
                        words.setdefault(text_field(name, s), set()).add(terms[0].stem(s))
                    else:
                        clauses.append(_Q.phrase_query(self.schema, text_field(name, s), [t.stem(s) for t in terms],
                                                       slop=alternative.slop))
        clauses += [_Q.term_query(self.schema, field, stem) for field, stems in words.items() for stem in sorted(stems)]
        return _Q.boolean_query([(_S, q) for q in clauses])

    @staticmethod
    def _fuzzy(terms: tuple[Term, ...], known: set[str] | None) -> bool:
        """A word found nowhere may be a typo: one edit away from an unstemmed word of the short fields."""
        return len(terms) == 1 and known is not None and len(terms[0].word) >= FUZZY_MIN_LENGTH \
            and not set(terms[0].stems) & known

    def _alternative(self, terms: tuple[Term, ...], known: set[str] | None, slop: int) -> tantivy.Query:
        if self._fuzzy(terms, known):
            return _Q.fuzzy_term_query(self.schema, WORDS_FIELD, terms[0].word,
                                       distance=typos_allowed(terms[0].word))
        per_field = []
        for name, weight in ranking.FIELD_WEIGHTS.items():
            if len(terms) == 1:
                query = self._term(name, terms[0])
            else:
                query = self._phrase(name, terms, slop=slop)
            per_field.append(_Q.boost_query(query, weight))
        return _Q.disjunction_max_query(per_field, tie_breaker=ranking.FIELD_TIE)

    def _term(self, name: str, term: Term) -> tantivy.Query:
        """The word in either stem stream of a field (the best of the two)."""
        return _Q.disjunction_max_query([
            _Q.term_query(self.schema, text_field(name, s), term.stem(s)) for s in STEMMERS
        ])

    def _phrase(self, name: str, terms: tuple[Term, ...], slop: int) -> tantivy.Query:
        return _Q.disjunction_max_query([
            _Q.phrase_query(self.schema, text_field(name, s), [t.stem(s) for t in terms], slop=slop)
            for s in STEMMERS
        ])

    def filters(self, query: SearchQuery, skip: str | None = None) -> list[tantivy.Query]:
        """Facet filters (OR within a facet, AND across facets), exclusions and ranges; `skip` leaves one
        facet's filter out."""
        out = [_Q.term_set_query(self.schema, facet_field(path), values)
               for path, values in query.filters.items() if values and path != skip]
        # Exclusions restrict every count, the facet's own too (what is excluded is not there to pick).
        out += [_Q.boolean_query([(_M, _Q.all_query()),
                                  (tantivy.Occur.MustNot, _Q.term_set_query(self.schema, facet_field(path), values))])
                for path, values in query.exclude.items() if values]
        if query.individuals_min is not None or query.individuals_max is not None:
            out.append(self._range("individuals", query.individuals_min, query.individuals_max))
        if query.age_max is not None:
            out.append(self._range("min_age", None, query.age_max))
        if query.age_min is not None:
            out.append(self._range("max_age", query.age_min, None))
        if query.covers_to is not None:
            out.append(self._range("start", None, day(query.covers_to)))
        if query.covers_from is not None:
            out.append(self._range("end", day(query.covers_from), None))
        return out

    def _range(self, field: str, low: int | None, high: int | None) -> tantivy.Query:
        return _Q.range_query(self.schema, field, tantivy.FieldType.Integer,
                              OPEN_LOW if low is None else low, OPEN_HIGH if high is None else high)

    @staticmethod
    def combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
        """Text scores, filters only restrict (constant zero score)."""
        clauses = [(_M, text)] if text is not None else []
        clauses += [(_M, _Q.const_score_query(f, 0.0)) for f in filters]
        if not clauses:
            return _Q.all_query()
        return clauses[0][1] if len(clauses) == 1 and text is not None else _Q.boolean_query(clauses)


# -- more like this (search/similar.py chooses the words) --------------------------------------------

def like_presence(schema: tantivy.Schema, term: Term) -> tantivy.Query:
    """Documents with the word in any stream of a ranking.LIKE_FIELDS field (its document frequency there)."""
    return _Q.boolean_query([(_S, _Q.term_query(schema, text_field(name, s), term.stem(s)))
                             for name in ranking.LIKE_FIELDS for s in STEMMERS])


def more_like(schema: tantivy.Schema, likes: list[Like], exclude_id: str) -> tantivy.Query:
    """Any of the words, each boosted by its weight and scored in its best field (as a query word is), the
    document itself excluded."""
    words = []
    for like in likes:
        per_field = [_Q.boost_query(_Q.disjunction_max_query([
            _Q.term_query(schema, text_field(name, s), like.term.stem(s)) for s in STEMMERS]), weight)
            for name, weight in ranking.LIKE_FIELDS.items()]
        best = _Q.disjunction_max_query(per_field, tie_breaker=ranking.FIELD_TIE)
        words.append((_S, _Q.boost_query(best, like.boost)))
    return _Q.boolean_query([(_M, _Q.boolean_query(words)),
                             (tantivy.Occur.MustNot, _Q.term_query(schema, "id", exclude_id))])
