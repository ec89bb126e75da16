"""The health vocabulary (search/vocabulary/): the shape of its data, and a loader that fails loudly on bad files.

The shape tests read the real files: they are what a contributor breaks when adding a concept.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from search import analysis
from search.synonyms import SYNONYMS
from search.vocabulary import HERE, INDEX, VOCABULARY, Concept, VocabularyError, linked, load


def _analysed(term: str) -> tuple[analysis.Term, ...]:
    return tuple(analysis.terms(term))


def test_every_concept_has_both_languages_and_every_term_keeps_words():
    for concept in VOCABULARY.concepts:
        assert concept.fr.strip() and concept.en.strip(), concept.id
        for term in concept.terms():
            # A term of stop words only ("de la", "the") would be an empty expression the analysis drops.
            assert _analysed(term), f"{concept.id}: {term!r} has no word the analysis keeps"


def test_no_term_shrinks_to_one_word_once_stop_words_are_dropped():
    """`bien-être` keeps only `bien`, `sans domicile` only `domicile`: the concept would then be expanded for
    every query holding that one ordinary word."""
    shrunk = [f"{c.id}: {t!r}" for c in VOCABULARY.concepts for t in c.terms()
              if len(re.findall(r"[^\W_]+", t)) > 1 and len(_analysed(t)) == 1 and "'" not in t and "’" not in t]
    assert not shrunk, shrunk


def test_ids_are_unique_and_the_analysis_gets_one_group_per_concept():
    ids = [c.id for c in VOCABULARY.concepts]
    assert len(ids) == len(set(ids))
    assert SYNONYMS == tuple(c.terms() for c in VOCABULARY.concepts)
    assert all(len(group) >= 2 for group in SYNONYMS), "a group of one expression expands nothing"


def test_acronyms_are_written_upper_case_in_the_files():
    for file in VOCABULARY.files:
        for concept_id, table in tomllib.loads((HERE / file).read_text(encoding="utf-8")).items():
            for acronym in table.get("acronyms", []):
                assert acronym == acronym.upper(), f"{file} {concept_id}: {acronym}"


def test_every_file_is_listed_in_the_index_and_every_listed_file_exists():
    listed = set(tomllib.loads((HERE / INDEX).read_text(encoding="utf-8"))["files"])
    present = {p.name for p in HERE.glob("*.toml")} - {INDEX}
    assert listed == present
    assert VOCABULARY.version


def test_no_term_is_in_two_unrelated_concepts_once_analysed():
    """Two terms that the analysis cannot tell apart (same stems, in either language) make only the first
    concept's group reachable: unless the concepts are linked, that is a mistake in the data."""
    by_first_word: dict[str, list[tuple[tuple[analysis.Term, ...], Concept, str]]] = defaultdict(list)
    clashes = []
    for concept in VOCABULARY.concepts:
        for term in concept.terms():
            words = _analysed(term)
            candidates = {entry for stem in words[0].stems for entry in by_first_word[stem]}
            for other_words, other, other_term in candidates:
                same = len(other_words) == len(words) and all(
                    set(a.stems) & set(b.stems) for a, b in zip(words, other_words, strict=True))
                if same and other is not concept and not linked(other, concept):
                    clashes.append(f"{term!r} ({concept.id}) ~ {other_term!r} ({other.id})")
            for stem in set(words[0].stems):
                by_first_word[stem].append((words, concept, term))
    assert not clashes, clashes


def test_hiv_does_not_reach_the_french_word_aides():
    """`AIDS` stems to `aid`, as does the French `aides` (help): the HIV concept keeps only acronyms the
    stemmers leave whole, so a query about help is not read as a query about HIV."""
    hiv = VOCABULARY["hiv"]
    assert "AIDS" not in hiv.acronyms
    for query in ("aides", "aide à domicile", "financial aid"):
        expanded = {t.word for c in analysis.plan(query).concepts for a in c.alternatives for t in a.terms}
        assert not expanded & {"hiv", "vih", "sida"}, query


# The loader, on broken copies of a small vocabulary.

GOOD = """
[diabetes]
fr = "diabète"
en = "diabetes"
acronyms = ["DT2"]
source = "ICD-10 E10-E14"

[type-2-diabetes]
fr = "diabète de type 2"
en = "type 2 diabetes"
broader = ["diabetes"]
"""


OTHER = '[asthma]\nfr = "asthme"\nen = "asthma"\n'


def _write(directory: Path, files: dict[str, str], listed: list[str] | None = None) -> Path:
    directory.mkdir(exist_ok=True)
    names = list(files) if listed is None else listed
    (directory / INDEX).write_text(f'version = "0.1"\nfiles = {names!r}\n'.replace("'", '"'), encoding="utf-8")
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_good_vocabulary_loads_with_its_groups(tmp_path):
    vocabulary = load(_write(tmp_path / "v", {"diseases.toml": GOOD}))
    assert vocabulary.version == "0.1" and vocabulary.files == ("diseases.toml",)
    assert vocabulary.groups() == (("diabète", "diabetes", "DT2"), ("diabète de type 2", "type 2 diabetes"))
    assert vocabulary["diabetes"].source == "ICD-10 E10-E14"


@pytest.mark.parametrize(("text", "concept", "message"), [
    ('[diabetes]\nfr = "diabète"\nen = \n', None, "not valid TOML"),
    ('[diabetes]\nfr = "diabète"\n', "diabetes", "'en', the preferred English term, is required"),
    ('[diabetes]\nfr = "diabète"\nen = "  "\n', "diabetes", "'en', the preferred English term, is required"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nacronyms = ["Dt2"]\n', "diabetes", "upper-case"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nsynonyms = ["x"]\n', "diabetes", "unknown keys"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nlay_fr = "sucre"\n', "diabetes", "'lay_fr' is a list"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nfr_variants = [""]\n', "diabetes", "'fr_variants' is a list"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nen_variants = ["Diabète"]\n', "diabetes", "listed twice"),
    ('[Diabetes]\nfr = "diabète"\nen = "diabetes"\n', "Diabetes", "lowercase words"),
    ('[diabetes]\nfr = "diabète"\nen = "diabetes"\nbroader = ["endocrine"]\n', "diabetes", "unknown concept"),
    ('[a]\nfr = "diabète"\nen = "diabetes"\n[b]\nfr = "sucre"\nen = "Diabetes"\n', "b", "also in 'a'"),
    ('[registry]\nfr = "registre"\nen = "registry"\ndata_type = "registries"\n', "registry",
     "'data_type' is one of the exchange format's data types"),
])
def test_a_broken_file_fails_at_load_naming_the_file_and_the_concept(tmp_path, text, concept, message):
    directory = _write(tmp_path / "v", {"other.toml": OTHER, "bad.toml": text})
    with pytest.raises(VocabularyError) as error:
        load(directory)
    assert "vocabulary bad.toml" in str(error.value)
    assert (f"concept {concept!r}" in str(error.value)) if concept else "concept" not in str(error.value)
    assert message in str(error.value)


def test_linked_concepts_may_share_a_term(tmp_path):
    text = GOOD + '\n[diabetes-mellitus]\nfr = "diabète sucré"\nen = "Diabetes"\nrelated = ["diabetes"]\n'
    assert len(load(_write(tmp_path / "v", {"d.toml": text})).concepts) == 3


def test_the_index_names_every_file_and_ids_are_unique_across_files(tmp_path):
    with pytest.raises(VocabularyError, match=r"index.toml: files not listed in 'files': \['extra.toml'\]"):
        load(_write(tmp_path / "a", {"d.toml": GOOD, "extra.toml": ""}, listed=["d.toml"]))
    with pytest.raises(VocabularyError, match="vocabulary gone.toml: listed in index.toml but missing"):
        load(_write(tmp_path / "b", {"d.toml": GOOD}, listed=["d.toml", "gone.toml"]))
    with pytest.raises(VocabularyError, match="vocabulary e.toml, concept 'diabetes': id already used in d.toml"):
        load(_write(tmp_path / "c", {"d.toml": GOOD, "e.toml": '[diabetes]\nfr = "x"\nen = "y"\n'}))
    with pytest.raises(VocabularyError, match="index.toml: 'version' is required"):
        directory = _write(tmp_path / "d", {"d.toml": GOOD})
        (directory / INDEX).write_text('files = ["d.toml"]\n', encoding="utf-8")
        load(directory)


def test_the_real_vocabulary_is_what_the_module_loaded():
    assert load(HERE) == VOCABULARY


def test_ordinal_suffixes_are_no_acronyms():
    """"1er", "2e", "3rd" are read as a number and a suffix: no suffix may be a vocabulary term ("ER" for
    emergency room made every "1er janvier" an emergency)."""
    from search.analysis import plan

    for q in ("le 1er janvier", "2e trimestre", "3rd wave", "21st century", "1st line"):
        assert all(len(c.alternatives) == 1 for c in plan(q).concepts), q
