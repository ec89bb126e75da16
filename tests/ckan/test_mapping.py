"""Package <-> description mapping: the corpus round-trips; foreign packages map with stated defaults."""

from __future__ import annotations

import json

import pytest

from catalogue.ckan.from_package import Options, from_package, slug
from catalogue.ckan.query import SearchQueryError, parse
from catalogue.ckan.to_package import to_package
from schemas.dataset import DatasetDescription
from tests.conftest import corpus_records


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def test_every_corpus_record_round_trips_through_a_package():
    for record in corpus_records():
        package = json.loads(json.dumps(to_package(record, status="published", created=None, modified=None,
                                                   base_url="http://x")))
        mapped = from_package(package, Options(lenient=False))
        assert not mapped.unmapped and not mapped.defaulted, record["id"]
        back = DatasetDescription.model_validate(mapped.record).to_record()
        assert _without_nulls(back) == _without_nulls(record), record["id"]


def test_package_shape():
    record = corpus_records()[0]
    package = to_package(record, status="draft", created=None, modified=None, base_url="http://x")
    assert package["name"] == record["id"] and package["private"] is True and package["state"] == "active"
    assert package["title_translated"] == record["title"] and package["notes"] == record["description"]["fr"]
    assert package["organization"]["name"] == record["producer"]["id"]
    keys = [e["key"] for e in package["extras"]]
    assert keys == sorted(keys) and {"summary", "typology", "access", "health_data_hub"} <= set(keys)
    assert to_package(record, status="archived", created=None, modified=None, base_url="x")["state"] == "deleted"


def test_a_foreign_ckan_package_maps_with_defaults_and_keeps_the_rest():
    package = {
        "name": "covid_19_hospital_data", "title": "COVID-19 hospital data", "notes": "Daily counts.\n\nMore.",
        "organization": {"name": "sante-gouv", "title": "Ministère de la Santé"},
        "maintainer": "Data team", "maintainer_email": "data@example.org", "license_id": "odc-odbl",
        "license_title": "Open Data Commons Open Database License", "url": "https://example.org/covid",
        "tags": [{"name": "covid"}, {"name": "hôpital", "display_name": "hôpital"}], "version": "2.1",
        "resources": [{"name": "data.csv", "url": "https://example.org/data.csv", "format": "CSV"},
                      {"name": "broken", "url": "ftp://nope"}],
        "extras": [{"key": "temporal_start", "value": "2020-03-01"}, {"key": "frequency",
                    "value": "http://publications.europa.eu/resource/authority/frequency/DAILY"},
                   {"key": "custom_rating", "value": "5"}],
        "custom_top_level": {"a": 1},
    }
    mapped = from_package(package, Options(lang="en", country="FR"))
    description = DatasetDescription.model_validate(mapped.record)
    assert description.id == "covid-19-hospital-data" and description.title == {"en": "COVID-19 hospital data"}
    assert description.summary == {"en": "Daily counts."} and description.update_frequency == "DAILY"
    assert description.temporal_coverage.start.isoformat() == "2020-03-01"
    assert description.keywords == {"en": ["covid", "hôpital"]} and len(description.documents) == 1
    assert description.access.rights == "PUBLIC" and description.producer.type == "other"
    assert mapped.unmapped == {"custom_top_level": {"a": 1}, "version": "2.1", "extras": {"custom_rating": "5"}}
    assert {"access", "typology", "health_data_hub", "producer.type", "summary"} <= set(mapped.defaulted)
    strict = from_package(package, Options(lenient=False))
    assert "access" not in strict.record and not strict.defaulted


def test_slug():
    assert slug("My_Dataset") == "my-dataset" and slug("ab") == "ab-ds" and len(slug("x" * 120)) == 80


@pytest.mark.parametrize("fq, expected", [
    ("access.rights:PUBLIC", {"access.rights": ["PUBLIC"]}),
    ('+organization:"cnam" AND typology.data_types:(claims OR registry)',
     {"producer.id": ["cnam"], "typology.data_types": ["claims", "registry"]}),
    ("+dataset_type:dataset capacity:public", {}),
])
def test_fq_forms(fq, expected):
    assert parse({"fq": fq}, []).query.filters == expected


@pytest.mark.parametrize("fq", ["NOT access.rights:PUBLIC", "-access.rights:PUBLIC", "!access.rights:PUBLIC",
                                "*:* AND NOT access.rights:(PUBLIC)"])
def test_negated_fq_terms_are_exclusions(fq):
    query = parse({"fq": fq}, []).query
    assert query.filters == {} and query.exclude == {"access.rights": ["PUBLIC"]}


@pytest.mark.parametrize("params", [{"fq": "-name:abc"}, {"fq": "metadata_modified:[2020 TO *]"},
                                    {"fq": "res_format:CSV"}, {"sort": "title_string asc"}, {"rows": "many"},
                                    {"rows": 5000}])
def test_unsupported_queries_are_search_query_errors(params):
    with pytest.raises(SearchQueryError):
        parse(params, [])


def test_q_terms_names_and_sort():
    cq = parse({"q": "diabète name:abc organization:cnam", "sort": "metadata_modified desc", "rows": "7"}, ["tags"])
    assert cq.query.q == "diabète" and cq.ids == ["abc"] and cq.query.filters == {"producer.id": ["cnam"]}
    assert cq.query.sort == "newest" and cq.rows == 7 and cq.query.facets == []
    assert parse({"q": "*:*"}, []).query.sort == "newest"


def test_name_sort_is_served_in_a_stable_order():
    cq = parse({"sort": "name asc", "fq": "organization:cnam"}, [])
    assert cq.by_name and cq.query.filters == {"producer.id": ["cnam"]}
    assert not parse({"sort": "metadata_modified desc"}, []).by_name
