"""The ranking's weights and bonuses (search/ranking.py), pinned: changing one is a decision, made with its
figures (benchmarks/relevance/ablation.py, docs/search.md), and this test is changed with it."""

from __future__ import annotations

import pytest

from schemas.search import TEXT_FIELDS
from search import ranking


def test_every_weight_and_bonus_as_measured():
    assert dict(ranking.FIELD_WEIGHTS) == {
        "title": 1.0, "keywords": 1.0, "themes": 1.0, "producer_name": 1.0, "summary": 1.0, "collaboration": 1.0,
        "description": 1.0, "population": 1.0, "procedure": 1.0,
    }
    assert (ranking.FIELD_TIE, ranking.SYNONYM_WEIGHT, ranking.PART_WEIGHT) == (0.5, 0.7, 0.5)
    assert (ranking.NARROWER_WEIGHT, ranking.CONCEPT_TIE) == (0.5, 0.3)
    assert (ranking.PHRASE_SLOP, ranking.PROXIMITY_BOOST) == (2, 1.0)
    assert (ranking.COORD_BOOST, ranking.PREFER_BOOST) == (0.5, 0.5)
    assert ranking.PROXIMITY_FIELDS == ("title", "summary", "keywords", "description")
    assert dict(ranking.LIKE_FIELDS) == {"title": 3.0, "keywords": 3.0, "themes": 2.0, "summary": 1.5,
                                         "description": 1.0, "population": 1.0}
    assert ranking.MAX_LIKE_TERMS == 25


def test_every_text_field_is_weighted_and_the_tables_cannot_be_changed_in_place():
    assert list(ranking.FIELD_WEIGHTS) == list(TEXT_FIELDS)
    with pytest.raises(TypeError):
        ranking.FIELD_WEIGHTS["title"] = 5.0  # type: ignore[index]
    with pytest.raises(TypeError):
        ranking.LIKE_FIELDS["title"] = 1.0  # type: ignore[index]


def test_the_ablation_switches_off_rules_that_exist():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "relevance" / "ablation.py"
    spec = importlib.util.spec_from_file_location("ablation", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = [name for _, name, _ in module.RULES]
    assert all(hasattr(ranking, name) for name in names) and len(set(names)) == len(names) == 9
    for _, name, neutral in module.RULES:
        assert neutral != getattr(ranking, name)  # each row changes something
