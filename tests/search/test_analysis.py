"""Text analysis: folding, elision, stop words, bilingual stems, synonyms, completion, highlights."""

from __future__ import annotations

from search import analysis, ranking
from search.analysis import fold, highlight, plan, streams, words


def test_fold_lowercases_and_strips_accents_and_ligatures() -> None:
    assert fold("Diabète, ŒSOPHAGE, Ærosol, Straße") == "diabete, oesophage, aerosol, strasse"


def test_words_drop_elisions_stop_words_and_possessives() -> None:
    assert words("L'hôpital qu'il dit, jusqu'à l'État") == ["hopital", "dit", "etat"]
    assert words("The patient's records of the cohort") == ["patient", "records", "cohort"]
    assert words("de la et du les des") == []


def test_single_letters_that_are_not_elided_are_kept() -> None:
    assert words("hépatite C, vitamine D") == ["hepatite", "c", "vitamine", "d"]


def test_letters_and_digits_are_split_so_spellings_agree() -> None:
    assert words("COVID-19") == words("covid19") == words("Covid 19") == ["covid", "19"]
    assert words("ICD-10, CIM10") == ["icd", "10", "cim", "10"]


def test_tokens_are_plain_ascii_alphanumerics() -> None:
    for stream in streams("Ça coûte 1 000 € — naïveté, µg/L, 東京, l’œil").values():
        assert all(token.isascii() and token.isalnum() for token in stream.split())


def test_streams_hold_one_stem_per_word_per_stemmer() -> None:
    out = streams("Cohortes de patients diabétiques")
    assert set(out) == set(analysis.STEMMERS)
    assert out["fr"] == "cohort patient diabet"
    assert out["en"].split()[0] == "cohort" and len(out["en"].split()) == 3


def test_plural_and_accents_share_stems() -> None:
    assert streams("cohortes") == streams("cohorte")
    assert streams("diabete") == streams("diabète")
    # the French stem of one language meets the English stem of the other
    assert set(streams("psychiatrie").values()) & set(streams("psychiatric").values())


def test_plan_has_one_concept_per_word() -> None:
    p = plan("cohortes de naissance")
    assert [[a.terms[0].word for a in c.alternatives][0] for c in p.concepts][0] == "cohortes"
    assert [t.word for t in p.terms] == ["cohortes", "naissance"]


def test_plan_expands_acronyms_and_expressions() -> None:
    (concept,) = plan("EDS").concepts
    expressions = [" ".join(t.word for t in a.terms) for a in concept.alternatives]
    assert expressions[0] == "eds"
    assert "clinical data warehouse" in expressions
    assert all(a.weight < 1 for a in concept.alternatives[1:])
    (stroke,) = plan("accidents vasculaires cérébraux").concepts  # plural and accents still match
    assert "avc" in [" ".join(t.word for t in a.terms) for a in stroke.alternatives]


def test_a_short_number_sticks_to_the_word_before_it() -> None:
    def shape(q: str) -> list[list[str]]:
        return [[" ".join(t.word for t in c.alternatives[0].terms)] for c in plan(q).concepts]

    assert shape("type 2") == [["type 2"]]
    assert shape("cancer stade 3 adultes") == [["cancer"], ["stade 3"], ["adultes"]]
    assert shape("hospitalisations 2020") == [["hospitalisations"], ["2020"]]  # a year is not a qualifier
    assert shape("2 doses") == [["2"], ["doses"]]  # nothing before it
    assert shape("12 34") == [["12"], ["34"]]  # a number does not qualify a number
    assert analysis.STICKY_DIGITS == 2


def test_the_question_framing_a_query_is_dropped() -> None:
    frames = {
        "Quelles données existe-t-il sur le diabète ?": "le diabete",
        "Y a-t-il des données sur la santé des étudiants": "la sante des etudiants",
        "Je cherche des données de santé mentale": "sante mentale",
        "Existe-t-il une cohorte de naissance ?": "cohorte de naissance",
        "What data is there on air pollution?": "air pollution",
        "Is there any dataset about HIV?": "hiv",
        "I'm looking for data on pregnancy": "pregnancy",
        "where can I find data about hospital stays": "hospital stays",
    }
    for question, subject in frames.items():
        assert analysis.without_frame(question) == subject, question
        assert [t.word for t in plan(question).terms] == [t.word for t in plan(subject).terms]
    for kept in ("données hospitalières accessibles à une startup", "what data", "quelles données ?",
                 "open data on air quality"):
        assert analysis.without_frame(kept) == kept  # no frame, or nothing left without it


def test_plan_of_stop_words_only_is_empty() -> None:
    assert plan("de la").concepts == () and plan("").concepts == ()


def test_completion_splits_complete_words_and_the_partial_one() -> None:
    assert analysis.completion("Entrepôt de donn") == (["entrepot"], "donn")
    assert analysis.completion("cancer du ") == (["cancer"], "")
    assert analysis.completion("de") == ([], "de")  # may be the start of "dépenses"
    assert analysis.completion("") == ([], "")


def test_highlight_marks_original_words_and_escapes_html() -> None:
    terms = plan("diabete").highlight_terms()
    out = highlight("<b>Diabète</b> & patients diabétiques", terms)
    assert out == ["&lt;b&gt;<mark>Diabète</mark>&lt;/b&gt; &amp; patients <mark>diabétiques</mark>"]


def test_highlight_returns_short_fragments_around_matches() -> None:
    text = ("Lorem ipsum dolor sit amet. " * 20) + "Registre du cancer. " + ("Consectetur elit. " * 20)
    (fragment,) = highlight(text, plan("cancer").highlight_terms(), fragment_chars=80)
    assert "<mark>cancer</mark>" in fragment
    assert fragment.startswith("…") and fragment.endswith("…") and len(fragment) < 120
    assert highlight(text, plan("absent").highlight_terms()) == []


def test_highlight_fragments_do_not_overlap_and_are_capped() -> None:
    text = " ".join((["cancer"] + ["mot"] * 60) * 6)
    fragments = highlight(text, plan("cancer").highlight_terms(), fragment_chars=60, max_fragments=3)
    assert len(fragments) == 3
    assert all(f.count("<mark>") >= 1 for f in fragments)


def test_highlight_marks_expressions_only_where_their_words_stand_together() -> None:
    terms = plan("EDS").highlight_terms()  # also means "entrepôt de données de santé"
    text = "Un entrepôt de données de santé. Des données de santé publique."
    (fragment,) = highlight(text, terms)
    assert fragment == ("Un <mark>entrepôt</mark> de <mark>données</mark> de <mark>santé</mark>. "
                        "Des données de santé publique.")


def test_stemming_is_thread_safe() -> None:
    """FastAPI analyses queries in a thread pool: stems must not mix words up across threads."""
    import threading

    from search.analysis import _stems

    words = [f"{base}{suffix}" for base in ("diabétique", "transplantation", "cohorte", "hospitalier",
                                             "psychiatrique", "médicament") for suffix in ("", "s", "ment", "ions")]
    _stems.cache_clear()
    expected = {w: _stems.__wrapped__(w) for w in words}
    _stems.cache_clear()
    errors: list[str] = []

    def work() -> None:
        for _ in range(30):
            for word in words:
                if _stems.__wrapped__(word) != expected[word]:
                    errors.append(word)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_typos_allowed_grow_with_the_word() -> None:
    assert [analysis.typos_allowed("x" * n) for n in (1, 4, 5, 7, 8, 15)] == [0, 0, 1, 1, 2, 2]
    assert (analysis.FUZZY_MIN_LENGTH, analysis.FUZZY_TWO_TYPOS_LENGTH) == (5, 8)


def test_the_words_of_an_expression_that_mean_nothing_alone_are_not_matched_alone() -> None:
    """DT2 (an acronym of the diabetes concept) is the words "dt" and "2": neither is looked for alone."""
    concept = plan("DT2").concepts[0]
    alone = [a.terms[0].word for a in concept.alternatives if len(a.terms) == 1]
    assert "2" not in alone and "dt" not in alone and "diabete" in alone
    parts = [a for a in plan("cancer du sein").concepts[0].alternatives if a.weight == ranking.PART_WEIGHT]
    assert [a.terms[0].word for a in parts] == ["cancer", "sein"]


def test_the_c_stemmers_agree_with_snowballs_reference_on_every_word_we_hold():
    """PyStemmer (C) must give the stems of the pure-Python Snowball stemmers it replaced, word for word, on
    the corpus, the vocabulary and the judged queries (stems are part of the index)."""
    from pathlib import Path

    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    from search.vocabulary import HERE
    from tests.shared_data import CORPUS, require_shared

    texts = [require_shared(CORPUS).read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(HERE.glob("*.toml"))]
    root = Path(__file__).resolve().parents[2]
    texts += [p.read_text(encoding="utf-8") for p in root.glob("benchmarks/relevance/*.jsonl")]
    held = sorted({w for text in texts for w in words(text)})
    assert len(held) > 5000
    reference = {"fr": FrenchStemmer(), "en": EnglishStemmer()}
    for word in held:
        assert analysis._stems(word) == tuple(reference[s].stemWord(word) for s in analysis.STEMMERS), word  # noqa: SLF001


def _matched_by_scanning(typed):
    """The definition of analysis._matched: every expression of the table, longest first, first place found."""
    hidden = set()
    for expression, g in analysis._expressions():  # noqa: SLF001
        at = analysis._find(expression, typed)  # noqa: SLF001
        span = set(range(at, at + len(expression)))
        if at < 0 or span & hidden:
            continue
        hidden |= span
        yield at, len(expression), g


def test_the_expressions_found_through_the_first_stem_index_are_those_of_a_full_scan():
    import random

    from search.vocabulary import VOCABULARY

    expressions = [t for c in VOCABULARY.concepts for t in c.terms()]
    rng = random.Random(12)
    queries = expressions + [" ".join(rng.sample(expressions, 3)) for _ in range(500)]
    queries += ["le 1er janvier", "diabète de type 2 chez l'enfant", "cancer du sein et maladies infectieuses"]
    for q in queries:
        typed = analysis.terms(q)
        assert list(analysis._matched(typed)) == list(_matched_by_scanning(typed)), q  # noqa: SLF001
