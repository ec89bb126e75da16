"""Issue 10, the CKAN facade: wrong types, huge numbers and deep JSON are CKAN errors, never a 500
(finding 3); negated filters exclude (finding 17); a hit gone since the engine answered is left out
of the page, never a 404 for the whole page (finding 21)."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import update

from catalogue.datasets.models import Dataset
from schemas.search import MAX_RESULT_WINDOW

ACTION = "/api/3/action"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def published(client, actors, record):
    """Four published descriptions of chu-test, two of them open data."""
    for i in range(4):
        item = copy.deepcopy(record)
        item["id"] = f"registre-{i}"
        item["access"]["rights"] = "PUBLIC" if i < 2 else "RESTRICTED"
        assert client.post("/api/v1/datasets", json=item, headers=actors["editor"]).status_code == 201
        assert client.post(f"/api/v1/datasets/{item['id']}/publish", headers=actors["editor"]).status_code == 200
    return client


def ckan_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and body["help"].startswith("http")
    if field is not None:
        assert field in body["error"], body["error"]
    return body["error"]


WRONG = [
    ({"sort": 5}, "sort"),
    ({"sort": ["name asc", "score desc"]}, "sort"),
    ({"q": {"a": 1}}, "q"),
    ({"q": ["a", "b"]}, "q"),
    ({"fq": 7}, "fq"),
    ({"fq_list": [1, 2]}, "fq_list"),
    ({"facet.field": 5}, "facet.field"),
    ({"facet.field": [{"a": 1}]}, "facet.field"),
    ({"rows": -1}, "rows"),
    ({"start": -5}, "start"),
    ({"rows": 2.5}, "rows"),
    ({"rows": True}, "rows"),
    ({"rows": "9" * 5000}, "rows"),
    ({"facet.limit": [1]}, "facet.limit"),
    ({"start": MAX_RESULT_WINDOW, "rows": 10}, "start"),
    ({"q": "x" * 501}, "q"),
    ({"q": "cancer\x00"}, "q"),
    ({"fq": "access.rights:PUB\x07LIC"}, "fq"),
]


def test_package_search_wrong_types_and_ranges_are_search_query_errors(client):
    for body, field in WRONG:
        error = ckan_error(client.post(f"{ACTION}/package_search", json=body), 400, field)
        assert error["__type"] == "Search Query Error"


def test_non_finite_numbers_are_refused(client):
    for content in ['{"rows": 1e400}', '{"rows": -1e400}', '{"rows": NaN}', '{"start": Infinity}',
                    '{"facet.limit": 1e400}']:
        ckan_error(client.post(f"{ACTION}/package_search", content=content, headers=JSON), 400)


def test_repeated_parameters_in_the_query_string(client):
    error = ckan_error(client.get(f"{ACTION}/package_search?sort=a&sort=b"), 400, "sort")
    assert "once" in error["message"]
    ckan_error(client.get(f"{ACTION}/package_search?q=a&q=b"), 400, "q")


def test_deeply_nested_json_is_a_bad_request(client):
    for depth in (40, 100_000):
        content = '{"q": ' + "[" * depth + "]" * depth + "}"
        error = ckan_error(client.post(f"{ACTION}/package_search", content=content, headers=JSON), 400)
        assert error["__type"] == "Bad request"


def test_lone_surrogates_are_a_bad_request(client):
    for action, content in [("package_search", '{"q": "\\ud800"}'), ("package_show", '{"id": "\\udfff"}'),
                            ("help_show", '{"name": "\\ud800"}'),
                            ("package_search", '{"fq": "access.rights:\\ud800"}')]:
        error = ckan_error(client.post(f"{ACTION}/{action}", content=content, headers=JSON), 400)
        assert error["__type"] == "Bad request"


def test_list_paging_parameters_are_validation_errors(client):
    for content in ['{"limit": 1e400}', '{"limit": -1}', '{"offset": "x"}', '{"offset": [1]}',
                    '{"limit": 1000000000000000000000000000000}', '{"offset": NaN}']:
        for action in ("package_list", "organization_list"):
            error = ckan_error(client.post(f"{ACTION}/{action}", content=content, headers=JSON), 409)
            assert error["__type"] == "Validation Error" and set(error) & {"limit", "offset"}, content


def test_show_ids_of_the_wrong_kind_are_validation_errors(client):
    for ident in [5, ["a"], {"a": 1}, "a\x00b", "x" * 300]:
        for action in ("package_show", "organization_show"):
            error = ckan_error(client.post(f"{ACTION}/{action}", json={"id": ident}), 409, "id")
            assert error["__type"] == "Validation Error"


def test_negated_filters_exclude(published):
    """Finding 17: `NOT field:value` is an exclusion, not the positive filter plus the word NOT."""
    for fq in ["NOT access.rights:PUBLIC", "-access.rights:PUBLIC", "!access.rights:PUBLIC",
               "*:* AND NOT access.rights:PUBLIC"]:
        result = published.get(f"{ACTION}/package_search", params={"fq": fq, "facet.field": '["access.rights"]'})
        assert result.status_code == 200, result.text
        body = result.json()["result"]
        assert sorted(p["name"] for p in body["results"]) == ["registre-2", "registre-3"], fq
        assert body["count"] == 2 and body["facets"]["access.rights"] == {"RESTRICTED": 2}
        named = published.get(f"{ACTION}/package_search", params={"fq": fq, "sort": "name asc"}).json()["result"]
        assert [p["name"] for p in named["results"]] == ["registre-2", "registre-3"]


def test_negations_the_facade_cannot_apply_are_refused(client):
    for params, field in [({"q": "NOT cancer"}, "q"), ({"q": "-cancer"}, "q"), ({"fq": "NOT cancer"}, "fq"),
                          ({"fq": "-name:registre-1"}, "fq"), ({"fq": "access.rights:(PUBLIC AND RESTRICTED)"}, "fq")]:
        ckan_error(client.get(f"{ACTION}/package_search", params=params), 400, field)


def test_a_hit_gone_since_the_engine_answered_is_left_out(published, container, actors):
    """Finding 21: archived in the database, still in the index (the outbox not drained)."""
    with container.sessions() as session, session.begin():
        session.execute(update(Dataset).where(Dataset.id == "registre-1").values(status="archived"))
        session.execute(update(Dataset).where(Dataset.id == "registre-2").values(status="draft"))
    assert "registre-1" in container.search.ids()  # the engine still answers with it
    for headers in ({}, actors["editor"]):
        for params in ({}, {"q": "datamart"}, {"include_private": "true"}):
            response = published.get(f"{ACTION}/package_search", params=params, headers=headers)
            assert response.status_code == 200, response.text
            names = [p["name"] for p in response.json()["result"]["results"]]
            assert "registre-1" not in names and {"registre-0", "registre-3"} <= set(names)
            assert names.count("registre-2") == (1 if headers and params.get("include_private") else 0)
    page = published.get("/search", params={"q": "datamart"})
    assert page.status_code == 200
