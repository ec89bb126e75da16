"""The index version (search/index_version.py): every part of the text analysis moves the fingerprint.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version

import pytest

from search import analysis, index_version
from search.synonyms import SYNONYMS

compute = index_version.analysis_fingerprint.__wrapped__


def test_the_fingerprint_is_the_hash_of_the_parts_in_order():
    parts = [
        str(analysis.ANALYSIS_REVISION), version("snowballstemmer"), version("PyStemmer"), ",".join(analysis.STEMMERS),
        analysis._WORD.pattern, analysis._PART.pattern, analysis._APOSTROPHES,  # noqa: SLF001
        repr(sorted(analysis._LIGATURES.items())), str(analysis.MAX_TOKEN_LENGTH),  # noqa: SLF001
        " ".join(sorted(analysis.ELISIONS)), " ".join(sorted(analysis.STOP_WORDS)), repr(SYNONYMS),
    ]
    assert compute() == hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]
    assert re.fullmatch(r"[0-9a-f]{8}", compute())
    assert index_version.index_version(7) == f"7-{compute()}"
    assert index_version.analysis_fingerprint.cache_info().maxsize == 1


@pytest.mark.parametrize(("name", "changed"), [
    ("ANALYSIS_REVISION", lambda a: a.ANALYSIS_REVISION + 1),
    ("STEMMERS", lambda a: (*a.STEMMERS, "de")),
    ("_WORD", lambda a: re.compile(a._WORD.pattern + "?")),  # noqa: SLF001
    ("_PART", lambda a: re.compile(a._PART.pattern + "|_")),  # noqa: SLF001
    ("_APOSTROPHES", lambda a: a._APOSTROPHES + "`"),  # noqa: SLF001
    ("_LIGATURES", lambda a: {**a._LIGATURES, ord("ĳ"): "ij"}),  # noqa: SLF001
    ("MAX_TOKEN_LENGTH", lambda a: a.MAX_TOKEN_LENGTH + 1),
    ("ELISIONS", lambda a: a.ELISIONS | {"zz"}),
    ("STOP_WORDS", lambda a: a.STOP_WORDS | {"cohorte"}),
])
def test_each_analysis_table_moves_the_fingerprint(monkeypatch, name, changed):
    today = compute()
    monkeypatch.setattr(analysis, name, changed(analysis))
    assert compute() != today


def test_the_stemmer_version_and_the_synonyms_move_it(monkeypatch):
    today = compute()
    monkeypatch.setattr(index_version, "version", lambda name: "0.0.1" if name == "snowballstemmer" else "?")
    assert compute() != today
    monkeypatch.undo()
    monkeypatch.setattr(index_version, "SYNONYMS", (*SYNONYMS, ("AVC", "attaque")))
    assert compute() != today
