"""The exchange-format model: the corpus validates and round-trips; bad values are refused by name."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from schemas.dataset import DatasetDescription
from schemas.errors import describe
from tests.conftest import corpus_records


def fields_of(record: dict) -> set[str]:
    with pytest.raises(ValidationError) as info:
        DatasetDescription.model_validate(record)
    return {item["field"] for item in describe(info.value)}


def test_every_corpus_record_validates_and_dumps_unchanged():
    for record in corpus_records():
        assert DatasetDescription.model_validate(record).to_record() == record


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("id",), "ab", "id"),
        (("id",), "Has Spaces", "id"),
        (("title",), {}, "title"),
        (("title",), {"fr": "  "}, "title"),
        (("title",), {"french": "x"}, "title"),
        (("producer", "type"), "pharma", "producer.type"),
        (("typology", "data_types"), [], "typology.data_types"),
        (("typology", "health_categories"), ["XXXX"], "typology.health_categories[0]"),
        (("volume", "individuals"), -1, "volume.individuals"),
        (("volume", "records"), -3, "volume.records"),
        (("population", "geography"), ["France"], "population.geography[0]"),
        (("access", "rights"), "OPEN", "access.rights"),
        (("access", "modalities"), [], "access.modalities"),
        (("access", "audiences", "startup"), "maybe", "access.audiences.startup"),
        (("access", "request_url"), "not a url", "access.request_url"),
        (("access", "data_use_conditions"), ["DUO:12"], "access.data_use_conditions[0]"),
        (("contact", "email"), "nobody", "contact.email"),
        (("landing_page",), "javascript:alert(1)", "landing_page"),
        (("health_data_hub", "relationship"), "friends", "health_data_hub.relationship"),
        (("update_frequency",), "SOMETIMES", "update_frequency"),
        (("languages",), ["french"], "languages[0]"),
        (("unexpected",), 1, "unexpected"),
    ],
)
def test_bad_values_are_refused_naming_the_field(path, value, field):
    record = copy.deepcopy(corpus_records()[0])
    node = record
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert field in fields_of(record)


def test_missing_required_field():
    record = copy.deepcopy(corpus_records()[0])
    del record["access"]["procedure"]
    assert "access.procedure" in fields_of(record)


def test_cross_field_rules():
    record = copy.deepcopy(corpus_records()[0])
    record["population"]["min_age"], record["population"]["max_age"] = 65, 18
    assert fields_of(record) == {"population.max_age"}  # on the field to fix, not the whole block
    record = copy.deepcopy(corpus_records()[0])
    record["temporal_coverage"] = {"start": "2020-01-02", "end": "2020-01-01"}
    assert fields_of(record) == {"temporal_coverage.end"}
    record["temporal_coverage"] = {"start": "2020-01-01", "end": "2020-01-01"}
    DatasetDescription.model_validate(record)
