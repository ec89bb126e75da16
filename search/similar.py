"""More like this, the same on every engine: the words that make one description distinctive, as a query.

An engine's own "more like this" picks its words by its own rules (Elasticsearch per field, from
``_source``; Tantivy only from stored fields, which our stem streams are not), so the two engines
would disagree. Here the choice is shared: the description's words are read again from its stored
text (``SearchDocument.text``), weighted by the field they stand in, and kept by tf-idf, with the
document frequency each engine counts the same way (documents having the word in any stream of
ranking.LIKE_FIELDS). Each engine then scores those words as an OR query (BM25, the word in its best field),
the document itself excluded. The administrative text (access procedure, producer name) is left
out: two descriptions are not alike because the same body answers requests for both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from search import ranking
from search.analysis import Term, terms

MIN_WORD_LENGTH = 3  # shorter tokens are mostly pieces of codes and units
MIN_DOC_FREQ = 2  # a word no other description has cannot bring one


@dataclass(frozen=True)
class Like:
    """One word of a more-like-this query and its boost (the best word has 1)."""

    term: Term
    boost: float


def candidates(text: Mapping[str, str]) -> dict[Term, float]:
    """The words of a description's ranking.LIKE_FIELDS with their field-weighted frequency. A word is kept by its
    stems (two spellings that stem alike are one word); numbers are left out (years, counts and codes
    make descriptions look alike that are not)."""
    out: dict[tuple[str, ...], tuple[Term, float]] = {}
    for name, weight in ranking.LIKE_FIELDS.items():
        for term in terms(text.get(name, "")):
            if len(term.word) < MIN_WORD_LENGTH or term.word.isdigit():
                continue
            first, count = out.get(term.stems, (term, 0.0))
            out[term.stems] = (first, count + weight)
    return dict(out.values())


def select(frequencies: Mapping[Term, float], doc_freq: Mapping[Term, int], total: int) -> list[Like]:
    """The ranking.MAX_LIKE_TERMS most distinctive words by tf-idf: a damped frequency (a long description repeats
    its words) times BM25's idf over `total` documents, `doc_freq` giving each word's document count."""
    scored = []
    for term, frequency in frequencies.items():
        df = doc_freq.get(term, 0)
        if df < MIN_DOC_FREQ:  # common words need no ceiling: their idf is already small
            continue
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        scored.append((term, (1 + math.log(frequency)) * idf))
    scored.sort(key=lambda pair: (-pair[1], pair[0].stems))
    kept = scored[:ranking.MAX_LIKE_TERMS]
    if not kept:
        return []
    best = kept[0][1]
    return [Like(term, round(weight / best, 4)) for term, weight in kept]
