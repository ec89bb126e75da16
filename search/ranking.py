"""Every weight and bonus of the ranking, in one place, each with what it does and why.

Both engines read these values (search/tantivy_query.py and search/es_query.py build the same query
from them), so a change here moves both alike. What each rule is worth is measured by
`benchmarks/relevance/ablation.py` (each rule switched off in turn, on the dev and held-out sets,
both engines) and written in docs/search.md; tests/search/test_ranking.py pins the values, so that a
change is a decision, made with its figures.

Matching rules (which words match: stems, typos, sticky numbers, expressions) live in
search/analysis.py; this module only says how much a match counts.
"""

from __future__ import annotations

from types import MappingProxyType

from schemas.search import TEXT_FIELDS

# -- where a word is found ---------------------------------------------------------------------------
# BM25 per field, times the field's weight. Every field weighs the same: BM25 already favours a word in
# a short field (a title of eight words) over the same word in a long description, and weights on top
# (title 5, keywords 3, themes 2, producer and summary 1.5, population 0.8, procedure 0.5, until issue
# 12) counted that twice: with them, dev nDCG@10 0.879, without 0.898 (Tantivy; Elasticsearch 0.879 →
# 0.896). Measured on the dev set; of the alternatives tried there (title 1.5 to 3, procedure 0.5, the
# square roots of the old weights), none came closer than 0.008. The table stays so that a field can be
# weighed again, with its figures.
FIELD_WEIGHTS = MappingProxyType({
    "title": 1.0,  # what the description is (short: BM25 already lifts a word found there)
    "keywords": 1.0,  # chosen by the producer to be found
    "themes": 1.0,  # therapeutic areas and health categories, in words
    "producer_name": 1.0,  # "CHU de Nantes", "Santé publique France": users search producers by name
    "summary": 1.0,  # two sentences on what is in it
    "collaboration": 1.0,  # what the producer seeks (partners, use cases)
    "description": 1.0,  # the full text: everything is mentioned there once
    "population": 1.0,  # who is covered
    "procedure": 1.0,  # how to get access ("accessible aux startups", "sans autorisation CNIL" are asked)
})
# A word in several fields scores its best field plus this share of the others (Lucene's dis_max
# tie_breaker): presence in many fields is a sign, but one field must not be counted many times.
FIELD_TIE = 0.5

# -- which form of the words ---------------------------------------------------------------------------
SYNONYM_WEIGHT = 0.7  # a synonym of the vocabulary counts a little less than the words the user typed
NARROWER_WEIGHT = 0.5  # a narrower concept's name ("tuberculose" for "maladies infectieuses"); 0: not searched
# A concept scores its best expression plus this share of the others it matches (the words typed, a
# synonym, the other language's term, its head word alone): several ways of saying it are more evidence
# than one. 0 (the best expression only, until issue 12) let "dépenses de santé" score half of what
# "dépenses" alone scores on a record with the phrase in one field and the word in its title. Dev: 0 →
# 0.898, 0.1 → 0.915, 0.2 → 0.920, 0.3 → 0.919, 0.5 → 0.919 (Tantivy); the middle of the plateau.
CONCEPT_TIE = 0.3
PART_WEIGHT = 0.5  # one word of a multi-word expression ("cancer" of "cancer du sein") when the whole is absent

# -- how the words stand -----------------------------------------------------------------------------
PHRASE_SLOP = 2  # the words of an expression may stand this many positions apart ("cancer du sein" in
#                  "cancer invasif du sein")
PROXIMITY_FIELDS = ("title", "summary", "keywords", "description")  # where all query words close by count
PROXIMITY_BOOST = 1.0  # added, never required: all the query's words within a window of its length + PHRASE_SLOP
COORD_BOOST = 0.5  # a description matching every concept of the query scores half its score again

# -- what the words name besides a subject -----------------------------------------------------------
# A kind of data named in the query ("registre", "imaging"): a description of that kind scores this
# share more (search/understanding.py), a share and not a constant so that the lift is the same at
# every scale of scores.
PREFER_BOOST = 0.5

# -- more like this (search/similar.py) ----------------------------------------------------------------
# Where a description says what it is about, and how much a word there counts when choosing the words
# that find its neighbours (the administrative text, access procedure and producer name, is left out:
# it would find the same producer's descriptions, not the same subject).
LIKE_FIELDS = MappingProxyType({
    "title": 3.0,
    "keywords": 3.0,
    "themes": 2.0,
    "summary": 1.5,
    "description": 1.0,
    "population": 1.0,
})
MAX_LIKE_TERMS = 25  # the words of the query: enough for a topic, few enough to stay on it

if set(FIELD_WEIGHTS) != set(TEXT_FIELDS):  # every text field of the document is weighted, no other
    raise ValueError(f"FIELD_WEIGHTS must weigh exactly the text fields {TEXT_FIELDS}")
if not set(LIKE_FIELDS) <= set(TEXT_FIELDS) or not set(PROXIMITY_FIELDS) <= set(TEXT_FIELDS):
    raise ValueError("LIKE_FIELDS and PROXIMITY_FIELDS name text fields of the document")
