"""GET /api/v1/datasets/{id}/similar: descriptions like this one, through the search port, under the
visibility rules of the description itself (on the embedded stack and on the production one)."""

from __future__ import annotations

import copy

import pytest

from tests.conftest import corpus_records

WAREHOUSES = ("eds-aphp", "eds-chu-bordeaux", "eds-hcl")  # hospital data warehouses: alike
UNRELATED = ("anses-inca3", "spf-pnsm-mesotheliomes")  # food consumption, an occupational cancer
DRAFT = "eds-chu-toulouse"  # a warehouse too, kept a draft


def _as_ours(record: dict) -> dict:
    out = copy.deepcopy(record)
    out["producer"] = {"id": "chu-test", "name": "CHU Test", "type": "university_hospital", "country": "FR"}
    return out


@pytest.fixture
def catalogue(client, actors) -> None:
    records = {r["id"]: r for r in corpus_records()}
    for dataset_id in (*WAREHOUSES, *UNRELATED, DRAFT):
        response = client.post("/api/v1/datasets", json=_as_ours(records[dataset_id]), headers=actors["editor"])
        assert response.status_code == 201, response.text
        if dataset_id != DRAFT:
            published = client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors["editor"])
            assert published.status_code == 200, published.text


def test_similar_lists_the_alike_published_descriptions(client, catalogue):
    response = client.get("/api/v1/datasets/eds-aphp/similar")
    assert response.status_code == 200
    found = response.json()
    ids = [item["id"] for item in found]
    assert set(ids[:2]) == {"eds-chu-bordeaux", "eds-hcl"}, ids
    assert "eds-aphp" not in ids and DRAFT not in ids
    assert set(found[0]) == {"id", "title", "producer_id", "producer_name"}  # no engine score
    assert found[0]["producer_name"] == "CHU Test" and found[0]["title"]["fr"]


def test_similar_never_lists_a_draft_even_to_its_editor(client, actors, catalogue):
    for headers in ({}, actors["editor"], actors["admin"]):
        for dataset_id in (*WAREHOUSES, *UNRELATED):
            ids = [item["id"] for item in client.get(f"/api/v1/datasets/{dataset_id}/similar", params={"limit": 20},
                                                     headers=headers).json()]
            assert DRAFT not in ids and dataset_id not in ids


def test_a_draft_similar_is_not_found_to_those_who_cannot_see_it(client, actors, catalogue):
    for headers in ({}, actors["user"], actors["outsider"], actors["governance"]):
        response = client.get(f"/api/v1/datasets/{DRAFT}/similar", headers=headers)
        assert response.status_code == 404
    # its editor sees the draft, which is not in the index yet: nothing like it to show
    mine = client.get(f"/api/v1/datasets/{DRAFT}/similar", headers=actors["editor"])
    assert mine.status_code == 200 and mine.json() == []
    assert client.get("/api/v1/datasets/no-such-thing/similar").status_code == 404


def test_an_archived_description_leaves_the_lists_at_once(client, actors, catalogue):
    assert client.post("/api/v1/datasets/eds-hcl/archive", headers=actors["orgadmin"]).status_code == 200
    ids = [item["id"] for item in client.get("/api/v1/datasets/eds-aphp/similar", params={"limit": 20}).json()]
    assert "eds-hcl" not in ids and "eds-chu-bordeaux" in ids
    assert client.get("/api/v1/datasets/eds-hcl/similar").status_code == 404


def test_limit_bounds(client, catalogue):
    assert len(client.get("/api/v1/datasets/eds-aphp/similar", params={"limit": 1}).json()) == 1
    for bad in (0, 21, "x"):
        assert client.get("/api/v1/datasets/eds-aphp/similar", params={"limit": bad}).status_code == 422


def test_similar_is_documented_and_not_a_lifecycle_action(client, actors, catalogue):
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/datasets/{dataset_id}/similar"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"dataset_id", "limit"}
    assert "404" in operation["responses"]
    # a POST to the same path is still the lifecycle route, which knows no "similar" action
    response = client.post("/api/v1/datasets/eds-aphp/similar", headers=actors["editor"])
    assert response.status_code == 422
