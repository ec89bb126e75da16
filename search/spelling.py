"""Did you mean: each word of a query found nowhere, replaced by the nearest word the catalogue holds.

The search itself already forgives a typo (a long word found nowhere matches words one or two edits away,
`analysis.typos_allowed`); this module names the correction, so that the page can offer the corrected
query as a link when it finds clearly more (synonyms of the corrected word, every text field, not only
the short ones the typo fallback looks in).

Candidates are the indexed words of the short fields (`analysis.WORDS_SOURCES`) within the same number of
edits, which each engine finds (`SearchEngine.spellings`), and the words of the health vocabulary, which
a query may name even when no description uses that spelling ("diabtes" → "diabetes", whose synonyms
the descriptions hold). The nearest wins, then the one more descriptions hold, then the vocabulary's,
then alphabetical order: the same choice on every engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Protocol

from search import analysis
from search.vocabulary import VOCABULARY

MAX_DOCS = 50  # documents an engine reads the candidate words from (the best fuzzy matches)
MAX_WORDS = 10  # words of one query checked at most (each may cost the engine a fuzzy search)
CLEARLY_MORE = 1.5  # the corrected query is offered when it finds at least this many times as many


class Speller(Protocol):
    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]: ...


def distance(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions, a transposition counting one
    (optimal string alignment, as the engines' fuzzy queries count)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def checked(q: str) -> list[str]:
    """The words of a query that may be typos: long enough to be corrected, not numbers, not stop words."""
    words = analysis.words(analysis.without_frame(q))
    return list(dict.fromkeys(w for w in words if analysis.typos_allowed(w) and not w.isdigit()
                              and w not in analysis.STOP_WORDS))[:MAX_WORDS]


def near(word: str, candidates: Iterable[str]) -> list[str]:
    """The candidates within the typos a word of its length may carry, itself excepted."""
    allowed = analysis.typos_allowed(word)
    return [c for c in candidates if c != word and abs(len(c) - len(word)) <= allowed
            and distance(word, c) <= allowed]


def words_of(texts: Iterable[Mapping[str, str]]) -> set[str]:
    """The folded words of the short fields of some documents' text (what the typo fallback matches)."""
    return {w for text in texts for w in analysis.words(" ".join(text.get(n, "") for n in analysis.WORDS_SOURCES))}


@lru_cache(maxsize=1)
def vocabulary_words() -> frozenset[str]:
    return frozenset(w for concept in VOCABULARY.concepts for term in concept.terms() for w in analysis.words(term))


def _deletions(word: str, depth: int) -> set[str]:
    """The word with up to `depth` letters deleted (itself included)."""
    found, edge = {word}, {word}
    for _ in range(depth):
        edge = {w[:i] + w[i + 1:] for w in edge for i in range(len(w))}
        found |= edge
    return found


@lru_cache(maxsize=1)
def _vocabulary_deletions() -> dict[str, tuple[str, ...]]:
    """Each vocabulary word under every form with up to two letters deleted: two words within two edits
    share such a form (a transposition too), so a lookup needs no scan of the vocabulary."""
    index: dict[str, set[str]] = {}
    for word in vocabulary_words():
        for form in _deletions(word, 2):
            index.setdefault(form, set()).add(word)
    return {form: tuple(sorted(words)) for form, words in index.items()}


@lru_cache(maxsize=10_000)
def near_vocabulary(word: str) -> tuple[str, ...]:
    """near(word, vocabulary_words()), through the deletion index (the same words, in order)."""
    index = _vocabulary_deletions()
    found = {c for form in _deletions(word, analysis.typos_allowed(word)) for c in index.get(form, ())}
    return tuple(sorted(near(word, found)))


def best(word: str, counts: Mapping[str, int]) -> str | None:
    """The nearest candidate, then the most frequent, then one of the vocabulary, then the first in order."""
    if not counts:
        return None
    vocabulary = vocabulary_words()
    return min(counts, key=lambda c: (distance(word, c), -counts[c], c not in vocabulary, c))


def corrected(q: str, fixes: Mapping[str, str]) -> str:
    """The query as typed, each corrected word replaced (the other words, punctuation and case kept)."""
    return re.sub(r"[^\W_]+", lambda m: fixes.get(analysis.fold(m.group(0)), m.group(0)), q)


def correction(q: str, engine: Speller) -> str | None:
    """The query with its words found nowhere corrected, or None when there is nothing to correct."""
    words = checked(q)
    if not words:
        return None
    found = engine.spellings(words)
    fixes = {}
    for word, counts in found.items():
        choice = best(word, {**{c: 0 for c in near_vocabulary(word)}, **counts})
        if choice:
            fixes[word] = choice
    return corrected(q, fixes) if fixes else None


def with_vocabulary(q: str, plan: analysis.QueryPlan, known: set[str],
                    probe: Callable[[analysis.QueryPlan], set[str]]) -> tuple[analysis.QueryPlan, set[str]]:
    """The typo fallback, taking the vocabulary into account: a word found nowhere that is a typo of a
    vocabulary word ("diabtes", "tuberculsoe") is read as that word, so that its synonyms are searched too
    (the fuzzy match alone only reaches the words of the short fields). The plan of the respelled query and
    its known stems (`probe`: the engine's own check), or the plan as it was."""
    vocabulary = vocabulary_words()
    fixes = {}
    for term in plan.terms:
        if term.word in vocabulary or set(term.stems) & known or not analysis.typos_allowed(term.word) \
                or term.word.isdigit():
            continue
        choice = best(term.word, {c: 0 for c in near_vocabulary(term.word)})
        if choice:
            fixes[term.word] = choice
    if not fixes:
        return plan, known
    respelled = analysis.plan(corrected(q, fixes))
    return respelled, probe(respelled)


def clearly_more(original: int, corrected_total: int) -> bool:
    return corrected_total > original and corrected_total >= original * CLEARLY_MORE
