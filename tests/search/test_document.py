"""The search document is a projection of a description."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from schemas.dataset import DatasetDescription
from schemas.search import FACETS, TEXT_FIELDS
from search.document import facet_values, project
from tests.shared_data import CORPUS, require_shared



@pytest.fixture
def raw() -> dict:
    records = [json.loads(line) for line in require_shared(CORPUS).read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return copy.deepcopy(next(r for r in records if r.get("collaboration") and r["title"].get("en")))


def test_projection_joins_languages_and_keeps_display_fields(raw: dict) -> None:
    published = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    out = project(DatasetDescription.model_validate(raw), published)
    assert out.id == raw["id"] and out.title == raw["title"] and out.summary == raw["summary"]
    assert out.producer_name == raw["producer"]["name"]
    assert set(out.text) == set(TEXT_FIELDS)
    assert raw["title"]["fr"] in out.text["title"] and raw["title"]["en"] in out.text["title"]
    assert out.published == published


def test_collaboration_needs_are_searchable_text(raw: dict) -> None:
    raw["collaboration"] = {"seeking": ["algorithm_validation", "industrial_partnership"],
                            "description": {"fr": "Nous cherchons des partenaires", "en": "Looking for partners"}}
    text = project(DatasetDescription.model_validate(raw)).text["collaboration"]
    assert "algorithm validation" in text and "industrial partnership" in text
    assert "Nous cherchons des partenaires" in text and "Looking for partners" in text


def test_facets_follow_dotted_paths_with_booleans_as_strings(raw: dict) -> None:
    raw["health_data_hub"]["snds_linkable"] = True
    raw["update_frequency"] = None
    out = project(DatasetDescription.model_validate(raw))
    assert set(out.facets) == set(FACETS)
    assert out.facets["health_data_hub.snds_linkable"] == ["true"]
    assert out.facets["health_data_hub.on_hdh_platform"] == [str(raw["health_data_hub"]["on_hdh_platform"]).lower()]
    assert out.facets["typology.data_types"] == raw["typology"]["data_types"]
    assert out.facets["access.audiences.startup"] == [raw["access"]["audiences"]["startup"]]
    assert out.facets["update_frequency"] == []


def test_ranges_come_from_volume_population_and_coverage(raw: dict) -> None:
    raw["volume"]["individuals"] = None
    raw["population"].update(min_age=18, max_age=None)
    raw["temporal_coverage"] = {"start": "2010-01-01", "end": None}
    out = project(DatasetDescription.model_validate(raw))
    assert (out.individuals, out.min_age, out.max_age) == (None, 18, None)
    assert (out.start, out.end) == (dt.date(2010, 1, 1), None)


def test_facet_values_of_missing_paths_are_empty() -> None:
    assert facet_values({"a": {"b": None}}, "a.b") == []
    assert facet_values({}, "a.b.c") == []
    assert facet_values({"a": [True, False]}, "a") == ["true", "false"]
