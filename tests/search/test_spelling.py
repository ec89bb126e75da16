"""Did you mean (search/spelling.py): the distance, which words are checked, the choice, the rewrite."""

from __future__ import annotations

import pytest

from search import spelling
from search.spelling import CLEARLY_MORE, best, checked, clearly_more, corrected, correction, distance, near


@pytest.mark.parametrize(("a", "b", "edits"), [
    ("obesite", "obesite", 0), ("obesiet", "obesite", 1), ("obseite", "obesite", 1), ("obesit", "obesite", 1),
    ("obesitee", "obesite", 1), ("obasite", "obesite", 1), ("tranplantaton", "transplantation", 2),
    ("dyalise", "dialyse", 2), ("", "abc", 3), ("abc", "", 3), ("ca", "abc", 3),
])
def test_distance_counts_a_transposition_as_one_edit(a, b, edits):
    assert distance(a, b) == edits == distance(b, a)


def test_the_checked_words_are_long_enough_and_not_numbers_or_stop_words():
    assert checked("Quelles données sur le diabtes de type 2 depuis 20155 ?") == ["diabtes", "depuis"]
    assert checked("AVC PMSI") == [] and checked("") == []
    assert checked("cancr cancr") == ["cancr"]
    words = [f"mot{chr(97 + n % 26)}{chr(97 + n // 26)}x" for n in range(70)]  # a 490-character query
    assert checked(" ".join(words)) == words[:spelling.MAX_WORDS] and spelling.MAX_WORDS == 10


def test_near_keeps_the_typos_a_word_of_its_length_may_carry():
    assert near("cancr", ["cancer", "cancers", "cancr", "ancre"]) == ["cancer"]  # 5 letters: one edit
    assert near("tranplantaton", ["transplantation", "plantation"]) == ["transplantation"]  # 13 letters: two
    assert near("obesie", ["obesite", "obsite"]) == ["obesite"]


def test_the_nearest_then_the_most_frequent_then_the_vocabularys_wins():
    assert best("cancr", {"cancre": 50, "cancer": 1}) == "cancre"  # same distance: the more frequent
    assert best("cancr", {"cancer": 0, "cancre": 0}) == "cancer"  # a tie: the vocabulary's word
    assert best("dialse", {"dialyse": 3, "dialysis": 9}) == "dialyse"  # one edit before two
    assert best("cancr", {}) is None


def test_the_corrected_query_keeps_the_rest_as_typed():
    assert corrected("Le Diabtes, type 2 !", {"diabtes": "diabetes"}) == "Le diabetes, type 2 !"
    assert corrected("apnée du someil", {"someil": "sommeil"}) == "apnée du sommeil"


class FakeSpeller:
    """What an engine answers (the contract suite checks the engines themselves)."""

    def __init__(self, answers: dict[str, dict[str, int]]) -> None:
        self.answers, self.asked = answers, []

    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]:
        self.asked.append(words)
        return {w: self.answers[w] for w in words if w in self.answers}


def test_correction_asks_the_engine_then_adds_the_vocabulary():
    engine = FakeSpeller({"someil": {"sommeil": 3}, "diabtes": {}})
    assert correction("apnée du someil", engine) == "apnée du sommeil"
    assert correction("diabtes", engine) == "diabetes"  # no indexed word near: the vocabulary's
    assert correction("sommeil profond", FakeSpeller({})) is None  # every word found
    assert correction("AVC", engine) is None and engine.asked[-1] == ["diabtes"]  # nothing to ask


@pytest.mark.parametrize(("original", "other", "shown"), [
    (0, 1, True), (2, 3, True), (2, 2, False), (10, 14, False), (10, 15, True), (5, 0, False), (0, 0, False),
])
def test_clearly_more(original, other, shown):
    assert CLEARLY_MORE == 1.5
    assert clearly_more(original, other) is shown


def test_vocabulary_words_are_folded_words():
    words = spelling.vocabulary_words()
    assert "diabetes" in words and "sommeil" in words and all(w == w.lower() for w in words)


def test_with_vocabulary_respells_only_unknown_typos_of_vocabulary_words():
    from search import analysis
    from search.spelling import with_vocabulary

    probed = []

    def probe(plan):
        probed.append(" ".join(t.word for t in plan.terms))
        return {"diabet"}

    plan = analysis.plan("diabtes sévère")
    respelled, known = with_vocabulary("diabtes sévère", plan, set(), probe)
    assert [t.word for t in respelled.terms] == ["diabetes", "severe"] and known == {"diabet"}
    assert probed == ["diabetes severe"]
    assert len(respelled.concepts[0].alternatives) > 1  # the synonyms of the vocabulary's word
    same, kept = with_vocabulary("diabtes", analysis.plan("diabtes"), {"diabt"}, probe)  # found as typed
    assert [t.word for t in same.terms] == ["diabtes"] and kept == {"diabt"}
    far, _ = with_vocabulary("qwxzqwxz", analysis.plan("qwxzqwxz"), set(), probe)  # near no vocabulary word
    assert [t.word for t in far.terms] == ["qwxzqwxz"] and len(probed) == 1


def _osa(a: str, b: str) -> int:
    """Optimal string alignment by its definition (slow, recursive): the reference for `distance`."""
    if not a or not b:
        return len(a) + len(b)
    best_ = min(_osa(a[:-1], b) + 1, _osa(a, b[:-1]) + 1, _osa(a[:-1], b[:-1]) + (a[-1] != b[-1]))
    if len(a) > 1 and len(b) > 1 and a[-1] == b[-2] and a[-2] == b[-1]:
        best_ = min(best_, _osa(a[:-2], b[:-2]) + 1)
    return best_


def test_distance_is_the_optimal_string_alignment_on_every_short_pair():
    import itertools

    words = ["".join(p) for n in range(4) for p in itertools.product("abc", repeat=n)]
    for a, b in itertools.product(words, repeat=2):
        assert distance(a, b) == _osa(a, b), (a, b)
    assert distance("ab", "ba") == 1 and distance("xab", "xba") == 1 and distance("abx", "bax") == 1


def test_words_of_reads_only_the_short_fields_and_missing_ones_add_nothing():
    assert spelling.words_of([{"title": "Sommeil", "description": "Ronflement"}, {}]) == {"sommeil"}


def test_an_indexed_word_beats_a_vocabulary_word_no_description_holds():
    """At the same distance, "cancre" (held by one description) wins over the vocabulary's "cancer" (held by
    none here): the correction must find something."""
    assert correction("cancr", FakeSpeller({"cancr": {"cancre": 1}})) == "cancre"


def test_with_vocabulary_respells_a_typo_after_a_word_found_as_typed():
    from search import analysis
    from search.spelling import with_vocabulary

    plan = analysis.plan("sévère diabtes")
    known = {s for t in plan.terms[:1] for s in t.stems}
    respelled, _ = with_vocabulary("sévère diabtes", plan, known, lambda p: set())
    assert [t.word for t in respelled.terms] == ["severe", "diabetes"]


def test_the_vocabulary_deletion_index_finds_what_a_full_scan_finds():
    import random

    words = sorted(spelling.vocabulary_words())
    rng = random.Random(5)

    def typo(word: str) -> str:
        letters = list(word)
        for _ in range(rng.randrange(1, 3)):
            i = rng.randrange(max(1, len(letters)))
            kind = rng.randrange(4)
            if kind == 0 and letters:
                del letters[i]
            elif kind == 1:
                letters.insert(i, rng.choice("aeiousnt"))
            elif kind == 2 and letters:
                letters[i] = rng.choice("aeiousnt")
            elif i < len(letters) - 1:
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
        return "".join(letters)

    for word in [typo(rng.choice(words)) for _ in range(400)] + words[:100] + ["diabtes", "tuberculsoe", "x"]:
        assert spelling.near_vocabulary(word) == tuple(sorted(near(word, words))), word
