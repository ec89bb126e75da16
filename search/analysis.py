"""Text analysis shared by every engine: tokens, query plans and highlights.

A word of the original text becomes one or more tokens: lowercased, accents folded (NFKD), split
into runs of ``[a-z0-9]`` (letters and digits apart, so ``COVID-19``, ``covid19`` and ``covid 19``
agree), French elisions (``l'``, ``qu'``…) and French/English stop words dropped. Each token is then
stemmed twice, by the French and by the English Snowball stemmer, because documents are bilingual
and a query may be in either language: an engine indexes one stream of stems per stemmer
(``STEMMERS``), positions aligned word for word, and matches a query word in a stream by the stem of
that same stemmer. Tokens are plain ``[a-z0-9]+`` words, so an engine that only has a standard
tokenizer (Elasticsearch's ``standard`` analyzer) indexes the space-joined streams unchanged.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from search import ranking
from search.synonyms import NARROWER, NARROWER_TERMS, SYNONYMS

STEMMERS: tuple[str, ...] = ("fr", "en")
# PyStemmer: Snowball's C stemmers (the pure-Python snowballstemmer gives the same stems 100 times slower;
# tests/search/test_analysis.py checks that they agree).
_SNOWBALL = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}

_WORD = re.compile(r"[^\W_]+")
_PART = re.compile(r"[a-z]+|[0-9]+")
_APOSTROPHES = "'’ʼ"
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
# Articles and pronouns that French elides before a vowel: l'hôpital, qu'il, jusqu'à.
ELISIONS = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu".split())
STOP_WORDS = frozenset("""
    a au aux avec ce ces cet cette dans de des du elle elles en et etc eux il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne ni nos notre nous on ou par pas pour qu que quel quelle
    qui sa se ses si son sont sur ta te tes toi ton tu un une unes uns vos votre vous y est ete etre
    ont sans selon via chez dont ainsi aussi entre
    an and any are as at be been being but by can could did do does for from had has have how if
    in into is it its of on or our such than that the their them then there these they this those
    to was we were what when where which who whom why will with within would you your
""".split())
MAX_TOKEN_LENGTH = 64  # longer runs are not words (and Elasticsearch's tokenizer would cut them)
# Bump when the code of the analysis changes what it makes of a text (the tables and the stemmer's
# version are in search.index_version by themselves).
ANALYSIS_REVISION = 1

# Ranking shared by every engine, measured with search.relevance on the judged dev queries.
STICKY_DIGITS = 2  # "type 2", "covid 19", "stade 3": a number this short is matched with the word before it
FUZZY_MIN_LENGTH = 5  # a longer word found nowhere is matched, one typo away, to a word of WORDS_SOURCES
FUZZY_TWO_TYPOS_LENGTH = 8  # from this length, two typos away
WORDS_SOURCES = ("title", "keywords", "themes", "summary", "producer_name")


def typos_allowed(word: str) -> int:
    """How many typos (edits, a transposition counting one) a word found nowhere may carry."""
    return 2 if len(word) >= FUZZY_TWO_TYPOS_LENGTH else 1 if len(word) >= FUZZY_MIN_LENGTH else 0


@dataclass(frozen=True)
class Term:
    """One analysed query word: its folded form and its stem for each stemmer."""

    word: str
    stems: tuple[str, ...]  # aligned with STEMMERS

    def stem(self, stemmer: str) -> str:
        return self.stems[STEMMERS.index(stemmer)]


@dataclass(frozen=True)
class Alternative:
    """One way to express a concept: a word, or a phrase when it has several terms."""

    terms: tuple[Term, ...]
    weight: float = 1.0
    slop: int = ranking.PHRASE_SLOP  # for a phrase: how many positions its words may stand apart


@dataclass(frozen=True)
class Concept:
    """What the user asked for in one word or expression; scored by its best alternative."""

    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class QueryPlan:
    """An engine-independent analysed query: concepts to score, and the words for a phrase boost."""

    concepts: tuple[Concept, ...]
    terms: tuple[Term, ...]

    def highlight_terms(self) -> HighlightTerms:
        """What to mark: words on their own, and the words of expressions only where they stand together."""
        alternatives = [a.terms for c in self.concepts for a in c.alternatives]
        return HighlightTerms(
            words=frozenset(s for terms in alternatives if len(terms) == 1 for s in terms[0].stems),
            phrases=tuple(tuple(frozenset(t.stems) for t in terms) for terms in alternatives if len(terms) > 1),
        )


@dataclass(frozen=True)
class HighlightTerms:
    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Diabète, Œsophage' -> 'diabete, oesophage'."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=200_000)
def _stems(word: str) -> tuple[str, ...]:
    # Stemmer objects keep per-call state: concurrent calls (FastAPI's thread pool) would
    # mix words up, and the cache would keep the wrong stem, so stemming is serialised.
    with _STEMMER_LOCK:
        return tuple(_SNOWBALL[name].stemWord(word) for name in STEMMERS)


@lru_cache(maxsize=200_000)
def _parts(word: str) -> tuple[str, ...]:
    """The [a-z0-9] runs of one word of the original text (cached: words repeat)."""
    return tuple(_PART.findall(fold(word)))


def _spans(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(start, end, tokens) for each word of the original text that keeps at least one token."""
    for match in _WORD.finditer(text):
        start, end = match.span()
        parts = _parts(match.group())
        if len(parts) == 1 and parts[0] in ELISIONS and end < len(text) and text[end] in _APOSTROPHES:
            continue
        if parts == ("s",) and start > 0 and text[start - 1] in _APOSTROPHES:
            continue  # English possessive: the patient's
        tokens = [p for p in parts if p not in STOP_WORDS and len(p) <= MAX_TOKEN_LENGTH]
        if tokens:
            yield start, end, tokens


@lru_cache(maxsize=200_000)
def _kept(word: str) -> tuple[tuple[str, ...], bool]:
    """The tokens one word of the text keeps, and whether its neighbours decide (an elision before an
    apostrophe, a possessive "s" after one)."""
    parts = _parts(word)
    tokens = tuple(p for p in parts if p not in STOP_WORDS and len(p) <= MAX_TOKEN_LENGTH)
    return tokens, len(parts) == 1 and (parts[0] in ELISIONS or parts[0] == "s")


def words(text: str) -> list[str]:
    """The folded tokens of a text, stop words and elisions removed, in order: the tokens of `_spans`
    (tests/search/test_properties.py checks they agree), 2.3 times faster without the positions."""
    out: list[str] = []
    for match in _WORD.finditer(text):
        tokens, beside = _kept(match.group())
        if not tokens:
            continue
        if beside:
            start, end = match.span()
            if tokens[0] in ELISIONS and end < len(text) and text[end] in _APOSTROPHES:
                continue
            if tokens[0] == "s" and start > 0 and text[start - 1] in _APOSTROPHES:
                continue  # English possessive: the patient's
        out.extend(tokens)
    return out


def terms(text: str) -> list[Term]:
    return [Term(word, _stems(word)) for word in words(text)]


def streams(text: str) -> dict[str, str]:
    """What an engine indexes for a text: per stemmer, its stems joined by spaces, aligned."""
    stems = [_stems(word) for word in words(text)]  # cached: a corpus has a small vocabulary
    return {name: " ".join(s[i] for s in stems) for i, name in enumerate(STEMMERS)}


def completion(prefix: str) -> tuple[list[str], str]:
    """What a user is typing: the folded words already complete, and the partial last one ('' if none)."""
    folded = fold(prefix)
    parts = _PART.findall(folded)
    # A last character outside [a-z0-9] (a space, or a letter of another script) ends the last word.
    if not parts or not folded.endswith(parts[-1]):
        return words(folded), ""
    return words(folded[: folded.rindex(parts[-1])]), parts[-1]


def _same(a: Term, b: Term) -> bool:
    return any(x == y for x, y in zip(a.stems, b.stems, strict=True))  # both aligned with STEMMERS


def _find(needle: tuple[Term, ...], haystack: list[Term]) -> int:
    for i in range(len(haystack) - len(needle) + 1):
        if all(_same(n, h) for n, h in zip(needle, haystack[i:], strict=False)):  # the needle's length
            return i
    return -1


@lru_cache(maxsize=1)
def _expressions() -> tuple[tuple[tuple[Term, ...], int], ...]:
    """Every expression of the synonym table with its group, longest first."""
    pairs = [(tuple(terms(phrase)), g) for g, group in enumerate(SYNONYMS) for phrase in group]
    return tuple(sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _groups() -> dict[int, tuple[tuple[Term, ...], ...]]:
    """The expressions of each group of the synonym table."""
    groups: dict[int, list[tuple[Term, ...]]] = {}
    for expression, g in _expressions():
        groups.setdefault(g, []).append(expression)
    return {g: tuple(expressions) for g, expressions in groups.items()}


@lru_cache(maxsize=1)
def _by_first_stem() -> dict[tuple[int, str], tuple[int, ...]]:
    """(stemmer, stem) -> the positions in _expressions() of the expressions whose first word has that stem
    for that stemmer: only those can start where a query word with that stem stands."""
    index: dict[tuple[int, str], list[int]] = {}
    for i, (expression, _) in enumerate(_expressions()):
        for k, stem in enumerate(expression[0].stems):
            index.setdefault((k, stem), []).append(i)
    return {key: tuple(positions) for key, positions in index.items()}


@lru_cache(maxsize=None)
def _narrower(g: int) -> tuple[tuple[Term, ...], ...]:
    """The analysed names of the concepts one level below group g (analysed once, not at every query)."""
    return tuple(expression for n in NARROWER[g] for name in NARROWER_TERMS[n] if (expression := tuple(terms(name))))


# How people frame a question around what they look for ("quelles données existe-t-il sur…", "is there any
# data about…"): in a query, the frame says nothing of the subject and is dropped before analysis.
_DATA = r"(?:donnees|bases?(?: de donnees)?|sources?(?: de donnees)?|jeux de donnees|jeu de donnees|fichiers?" \
        r"|data(?: ?sets?)?|databases?|sources?)"
_ON = r"(?:\s+(?:sur|pour|concernant|relatives? a|a propos d[eu]|de|des|du|d|on|about|for|regarding|of))?"
QUESTION_FRAMES = tuple(re.compile(p) for p in (
    rf"^(?:quel(?:le)?s?|que(?:lles?)?) (?:sont les |sont |)(?:{_DATA})(?: (?:existe[ -]t[ -]il|existent|"
    rf"y a[ -]t[ -]il|disponibles?|avez[ -]vous|peut[ -]on (?:obtenir|trouver|utiliser)))?{_ON}\b",
    rf"^(?:existe[ -]t[ -]il|y a[ -]t[ -]il|est[ -]ce qu ?il existe|est[ -]ce qu ?il y a|avez[ -]vous)"
    rf"(?: des?| une?| du)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:je|nous|on) (?:cherche|cherchons|recherche|recherchons|voudrais|voudrions|veux|souhaite|souhaitons)"
    rf"(?: (?:trouver|obtenir|acceder a))?(?: des?| une?| du)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:ou|comment) (?:trouver|obtenir|acceder a)(?: des?| une?| du)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:what|which) (?:kind of |kinds of |)(?:{_DATA})(?: (?:is there|are there|exists?|do you have|"
    rf"is available|are available|can i (?:get|find|use)))?{_ON}\b",
    rf"^(?:is there|are there|do you have|have you got)(?: any)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:i(?: a| )?m|we(?: a| )?re) (?:looking|searching) for(?: any)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:looking|searching) for(?: any)? ?(?:{_DATA})?{_ON}\b",
    rf"^(?:where|how) (?:can|could|do) (?:i|we) (?:find|get|access)(?: any)? ?(?:{_DATA})?{_ON}\b",
))


def without_frame(q: str) -> str:
    """The query less the question framing it, when something is left (else the query as typed)."""
    text = re.sub(r"[\s'’?¿!.,;:]+", " ", fold(q)).strip()
    for frame in QUESTION_FRAMES:
        match = frame.match(text)
        if match and text[match.end():].strip():
            return text[match.end():].strip()
    return q


def _matched(typed: list[Term]) -> Iterator[tuple[int, int, int]]:
    """(position, length, group) of each expression of the synonym table found in the words, longest
    first, none overlapping an earlier one."""
    index, expressions = _by_first_stem(), _expressions()
    # Only the expressions whose first word a query word may be, in the table's order (longest first).
    candidates = sorted({i for term in typed for k, stem in enumerate(term.stems) for i in index.get((k, stem), ())})
    hidden: set[int] = set()
    for expression, g in (expressions[i] for i in candidates):
        at = _find(expression, typed)
        span = set(range(at, at + len(expression)))
        if at < 0 or span & hidden:
            continue
        hidden |= span
        yield at, len(expression), g


def named(q: str) -> list[tuple[int, str]]:
    """The vocabulary concepts a query names (their index in the synonym table) with the words naming each,
    in the order of the query."""
    typed = terms(without_frame(q))
    found = sorted(_matched(typed))
    return [(g, " ".join(t.word for t in typed[at:at + length])) for at, length, g in found]


def plan(q: str) -> QueryPlan:
    """Analyse a user query: the question frame dropped, one concept per word, expressions of the synonym
    table merged."""
    typed = terms(without_frame(q))
    groups = _groups()
    covered: dict[int, Concept] = {}  # first position of a matched expression -> its concept
    hidden: set[int] = set()
    for at, length, g in _matched(typed):
        span = set(range(at, at + length))
        own = tuple(typed[at:at + length])
        alternatives = [Alternative(own)]
        alternatives += [Alternative(other, ranking.SYNONYM_WEIGHT) for other in groups[g]
                         if len(other) != len(own) or _find(other, list(own)) < 0]
        if ranking.NARROWER_WEIGHT:
            alternatives += [Alternative(expression, ranking.NARROWER_WEIGHT) for expression in _narrower(g)]
        if len(own) > 1:  # its words alone, except those that mean nothing alone ("2" of "type 2", "dt" of DT2)
            alternatives += [Alternative((t,), ranking.PART_WEIGHT) for t in own if len(t.word) > STICKY_DIGITS]
        covered[at] = Concept(tuple(alternatives))
        hidden |= span
    concepts: list[Concept] = []
    for i, term in enumerate(typed):
        if i in covered:
            concepts.append(covered[i])
        elif i in hidden:
            continue
        elif _sticks(typed, i, hidden) and concepts and len(concepts[-1].alternatives) == 1:
            # "type 2", "covid 19", "stade 3": a short number qualifies the word before it, never on its own
            word = concepts.pop().alternatives[0].terms
            concepts.append(Concept((Alternative((*word, term), slop=0),)))
        else:
            concepts.append(Concept((Alternative((term,)),)))
    return QueryPlan(tuple(concepts), tuple(typed))


def _sticks(typed: list[Term], i: int, hidden: set[int]) -> bool:
    """A number of one or two digits right after a plain word (not part of an expression) sticks to it."""
    return (i > 0 and typed[i].word.isdigit() and len(typed[i].word) <= STICKY_DIGITS
            and i - 1 not in hidden and not typed[i - 1].word.isdigit())


@lru_cache(maxsize=200_000)
def _stem_set(token: str) -> frozenset[str]:
    return frozenset(_stems(token))


@dataclass(frozen=True)
class _Analysed:
    spans: tuple[tuple[int, int], ...]  # (start, end) of each word kept in the original text
    flat: tuple[tuple[int, frozenset[str]], ...]  # per token: its word's span index, its stems
    where: dict[str, tuple[int, ...]]  # per stem: the positions in `flat` of the tokens having it


@lru_cache(maxsize=4096)
def _analysed(text: str) -> _Analysed:
    """A text's words and stems (cached: the same descriptions are shown again and again, and
    analysing their text was most of a search's time)."""
    spans = list(_spans(text))
    flat = tuple((i, _stem_set(token)) for i, (_, _, tokens) in enumerate(spans) for token in tokens)
    where: dict[str, list[int]] = {}
    for at, (_, stems) in enumerate(flat):
        for stem in stems:
            where.setdefault(stem, []).append(at)
    return _Analysed(tuple((start, end) for start, end, _ in spans), flat,
                     {stem: tuple(positions) for stem, positions in where.items()})


def _marked(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Spans of the original words matching a query word, or within a run matching an expression
    (looked up by stem: only the tokens having a stem of the query are visited)."""
    analysed = _analysed(text)
    spans, flat, where = analysed.spans, analysed.flat, analysed.where
    marked = {flat[at][0] for stem in terms.words for at in where.get(stem, ())}
    for phrase in terms.phrases:
        starts = sorted({at for stem in phrase[0] for at in where.get(stem, ())})
        for at in starts:
            run = flat[at:at + len(phrase)]
            if len(run) == len(phrase) and all(stems & word for (_, stems), word in zip(run, phrase, strict=True)):
                marked.update(j for j, _ in run)
    return [spans[i] for i in sorted(marked)]


def highlight(text: str, terms: HighlightTerms, fragment_chars: int = 160,
              max_fragments: int = 3) -> list[str]:
    """Short HTML-escaped fragments of the original text around the words matching the query terms
    (QueryPlan.highlight_terms), each wrapped in <mark>…</mark>; empty when nothing matches."""
    marks = _marked(text, terms)
    fragments: list[str] = []
    i = floor = 0
    while i < len(marks) and len(fragments) < max_fragments:
        start = max(floor, _word_boundary(text, max(0, marks[i][0] - fragment_chars // 4), backwards=True))
        end = _word_boundary(text, min(len(text), start + fragment_chars), backwards=False)
        end = max(end, marks[i][1])
        inside = [m for m in marks[i:] if m[1] <= end]
        fragments.append(_render(text, start, end, inside))
        i += len(inside)
        floor = end
    return fragments


def _word_boundary(text: str, at: int, backwards: bool) -> int:
    """Move `at` off the middle of a word (to its start going backwards, its end going forwards)."""
    step = -1 if backwards else 1
    while 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
        at += step
    return at


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out = ["…" if start > 0 else ""]
    cursor = start
    for m_start, m_end in marks:
        out += [html.escape(text[cursor:m_start]), "<mark>", html.escape(text[m_start:m_end]), "</mark>"]
        cursor = m_end
    out += [html.escape(text[cursor:end]), "…" if end < len(text) else ""]
    return " ".join("".join(out).split())
