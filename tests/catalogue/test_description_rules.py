"""What a draft may lack and what publishing needs (catalogue/datasets/rules.py), pinned literally."""

from __future__ import annotations

import copy
import json

import pytest
from pydantic import ValidationError

from catalogue.datasets import rules
from catalogue.datasets.rules import Problem
from schemas.dataset import DatasetDescription
from tests.shared_data import CORPUS, require_shared

PRODUCER = {"id": "chu-test", "name": "CHU Test", "type": "university_hospital", "country": "FR"}
# Everything publishing needs, in the order the problems are reported: the exchange format's required
# fields (the producer block is the catalogue's), then what the HealthDCAT-AP R8 shapes need.
PUBLISHING_NEEDS = [
    "id", "title", "summary", "description", "contact.name", "contact.email", "typology.data_types",
    "typology.structured", "population.geography", "temporal_coverage.start", "volume.individuals",
    "access.rights", "access.modalities", "access.audiences.academic", "access.audiences.public_agency",
    "access.audiences.hospital", "access.audiences.startup", "access.audiences.industry", "access.procedure",
    "health_data_hub.relationship", "health_data_hub.snds_linkable", "health_data_hub.on_hdh_platform",
    "typology.health_categories", "keywords",
]


def draft(**fields) -> dict:
    return {"id": "registre-test", "title": {"fr": "Registre"}, "producer": PRODUCER, **fields}


def test_publishing_needs_exactly_these_fields():
    assert rules.required_for_publication() == PUBLISHING_NEEDS
    assert rules.PUBLICATION_NEEDS.keys() == {"typology.health_categories", "keywords"}


def test_a_draft_with_an_id_and_a_title_is_kept_and_says_what_publishing_still_needs():
    missing = rules.check_draft(draft())
    assert [p.field for p in missing] == [f for f in PUBLISHING_NEEDS if f not in ("id", "title")]
    assert {p.code for p in missing} == {"missing"}


def test_a_complete_corpus_record_needs_nothing(record):
    assert rules.publication_problems(record) == [] and rules.check_draft(record) == []


@pytest.mark.parametrize("path", ["typology.health_categories", "keywords"])
def test_publishing_needs_what_the_healthdcat_shapes_need(record, path):
    block, _, leaf = path.rpartition(".")
    (record[block] if block else record).pop(leaf)
    assert rules.publication_problems(record) == [Problem(path, "missing")]
    with pytest.raises(rules.NotPublishable) as refused:
        rules.check_publishable(record)
    assert [(d["field"], d["code"]) for d in refused.value.details] == [(path, "missing")]


@pytest.mark.parametrize(("coverage", "expected"), [
    ({"end": "2020-12-31"}, [Problem("temporal_coverage.start", "missing")]),  # was reported on the end date
    (None, [Problem("temporal_coverage.start", "missing")]),  # the whole block missing: its required field
    ({"start": "2021-01-01", "end": "2020-12-31"}, [Problem("temporal_coverage.end", "dates_order")]),
])
def test_each_coverage_problem_is_on_the_date_to_fix(record, coverage, expected):
    record = copy.deepcopy(record)
    if coverage is None:
        record.pop("temporal_coverage")
    else:
        record["temporal_coverage"] = coverage
    assert rules.publication_problems(record) == expected


def test_the_age_order_is_on_the_maximum_age_and_found_in_an_incomplete_draft():
    with pytest.raises(rules.DraftRefused) as refused:
        rules.check_draft(draft(population={"min_age": 90, "max_age": 10}))  # no geography yet
    assert [(d["field"], d["code"], d["params"]) for d in refused.value.details] == [
        ("population.max_age", "ages_order", {"min_age": 90, "max_age": 10})]


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"id": "Bad Id"}, "id", "slug"),
    ({"id": "../etc"}, "id", "slug"),
    ({"title": None}, "title", "invalid"),
    ({"summary": {"fr": "a" * 10_000_000}}, "summary.fr", "too_long"),
    ({"landing_page": "javascript:alert(1)"}, "landing_page", "url"),
    ({"contact": {"email": "nope"}}, "contact.email", "email"),
    ({"volume": {"individuals": 10**30}}, "volume.individuals", "max"),
    ({"volume": {"individuals": "many"}}, "volume.individuals", "integer"),
    ({"access": {"rights": "WIDE_OPEN"}}, "access.rights", "choice"),
    ({"temporal_coverage": {"start": "2020-13-45"}}, "temporal_coverage.start", "date"),
    ({"access": {"data_use_conditions": ["DUO:12"]}}, "access.data_use_conditions", "pattern"),
])
def test_a_draft_still_refuses_malformed_values(fields, field, code):
    with pytest.raises(rules.DraftRefused) as refused:
        rules.check_draft(draft(**fields))
    assert (field, code) in [(d["field"], d["code"]) for d in refused.value.details]
    assert {d["code"] for d in refused.value.details} != {"missing"}


@pytest.mark.parametrize("lacking", ["id", "title"])
def test_a_draft_needs_an_id_and_a_title(lacking):
    record = draft()
    record.pop(lacking)
    with pytest.raises(rules.DraftRefused) as refused:
        rules.check_draft(record)
    assert [(d["field"], d["code"]) for d in refused.value.details] == [(lacking, "missing")]


def test_a_draft_is_stored_as_the_exchange_format_writes_it():
    given = draft(typology={"structured": "true"}, volume={"individuals": "12000"},
                  temporal_coverage={"start": "2015-01-01"})
    rules.check_draft(given)
    stored = rules.as_stored(given)
    assert stored["typology"] == {"structured": True} and stored["volume"] == {"individuals": 12000}
    assert stored["temporal_coverage"] == {"start": "2015-01-01"} and stored["title"] == {"fr": "Registre"}


def test_the_models_errors_become_problems_pinned():
    """One problem per input and rule, the model's English kept for the API (its 'Value error, ' prefix
    dropped), a missing block spread over its required fields."""
    record = copy.deepcopy(json.loads(require_shared(CORPUS).read_text(encoding="utf-8").splitlines()[0]))
    record["id"] = "X"
    record["typology"]["data_types"] = []
    record["population"]["min_age"] = -3
    record["contact"]["email"] = "not-an-address"
    del record["temporal_coverage"]
    with pytest.raises(ValidationError) as caught:
        DatasetDescription.model_validate(record)
    found = [(p.field, p.code, p.params, p.message) for p in rules.problems_of(caught.value)]
    assert found == [
        ("id", "slug", {}, "must be 3-80 characters of lowercase letters, digits and hyphens"),
        ("contact.email", "email", {}, "is not a valid email address (An email address must have an @-sign.)"),
        ("typology.data_types", "missing", {}, "List should have at least 1 item after validation, not 0"),
        ("population.min_age", "min", {"ge": 0}, "Input should be greater than or equal to 0"),
        ("temporal_coverage.start", "missing", {}, "Field required"),
    ]
    assert rules.Problem("title", "missing").detail() == {"field": "title", "code": "missing", "params": {},
                                                          "message": "missing"}
    assert rules.Problem("a.b", "too_long", {"max_length": 3}, "").detail()["message"] == "too long"
