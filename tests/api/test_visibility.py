"""Drafts and archived descriptions never leak: not by id, listing, search, facets or revisions."""

from __future__ import annotations

import copy

import pytest

DRAFT_WORD = "zorglubtest"


@pytest.fixture
def draft_and_published(client, actors, record):
    published = copy.deepcopy(record)
    published["id"] = "published-one"
    published["title"] = {"fr": f"Registre public {DRAFT_WORD}"}
    draft = copy.deepcopy(record)
    draft["id"] = "draft-one"
    draft["title"] = {"fr": f"Brouillon secret {DRAFT_WORD}"}
    draft["typology"]["data_types"] = ["imaging"]
    for item in (published, draft):
        assert client.post("/api/v1/datasets", json=item, headers=actors["editor"]).status_code == 201
    assert client.post("/api/v1/datasets/published-one/publish", headers=actors["editor"]).status_code == 200
    return published, draft


def test_draft_is_not_found_by_id_for_others(client, actors, draft_and_published):
    for headers in ({}, actors["user"], actors["outsider"], actors["governance"]):
        response = client.get("/api/v1/datasets/draft-one", headers=headers)
        assert response.status_code == 404
        assert client.get("/api/v1/datasets/draft-one/revisions", headers=headers).status_code == 404
    assert client.get("/api/v1/datasets/draft-one", headers=actors["editor"]).status_code == 200
    assert client.get("/api/v1/datasets/draft-one", headers=actors["admin"]).status_code == 200


def test_draft_is_not_listed_for_others(client, actors, draft_and_published):
    ids = {d["id"] for d in client.get("/api/v1/datasets").json()["items"]}
    assert ids == {"published-one"}
    ids = {d["id"] for d in client.get("/api/v1/datasets?status=draft", headers=actors["outsider"]).json()["items"]}
    assert ids == set()
    mine = client.get("/api/v1/datasets?status=draft", headers=actors["editor"]).json()
    assert {d["id"] for d in mine["items"]} == {"draft-one"} and mine["total"] == 1


def test_draft_never_reaches_search_or_facets(client, actors, draft_and_published):
    for headers in ({}, actors["editor"]):
        page = client.get("/api/v1/search", params={"q": DRAFT_WORD}, headers=headers).json()
        assert [h["id"] for h in page["hits"]] == ["published-one"]
        types = {f["value"]: f["count"] for f in page["facets"]["typology.data_types"]}
        assert "imaging" not in types
        page = client.get("/api/v1/search", params={"filter": "typology.data_types:imaging"}).json()
        assert page["total"] == 0
    suggestions = client.get("/api/v1/suggest", params={"prefix": "Brouillon"}).json()
    assert suggestions == []


def test_archiving_removes_from_search_immediately(client, actors, draft_and_published):
    assert client.get("/api/v1/search", params={"q": DRAFT_WORD}).json()["total"] == 1
    client.post("/api/v1/datasets/published-one/archive", headers=actors["orgadmin"])
    assert client.get("/api/v1/search", params={"q": DRAFT_WORD}).json()["total"] == 0
    assert client.get("/api/v1/datasets/published-one").status_code == 404


def test_public_revisions_hide_draft_content(client, actors, draft_and_published):
    revisions = client.get("/api/v1/datasets/published-one/revisions").json()
    assert revisions and all(r["status"] == "published" for r in revisions)
    assert client.get("/api/v1/datasets/published-one/revisions/1").status_code == 404
