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


# --- issue 10, finding 10: the public sees no actor ids and no internals -----------------------------

def test_public_revisions_carry_no_actor_ids(client, actors, draft_and_published):
    for headers in ({}, actors["user"], actors["outsider"], actors["governance"]):
        revisions = client.get("/api/v1/datasets/published-one/revisions", headers=headers).json()
        assert revisions and all(r["actor_id"] is None for r in revisions)
        number = revisions[-1]["number"]
        one = client.get(f"/api/v1/datasets/published-one/revisions/{number}", headers=headers).json()
        assert one["actor_id"] is None
    for member in ("editor", "orgadmin", "admin"):
        revisions = client.get("/api/v1/datasets/published-one/revisions", headers=actors[member]).json()
        assert all(isinstance(r["actor_id"], int) for r in revisions)


def test_health_shows_anonymous_callers_no_paths_hosts_or_errors(client, actors, container):
    settings = container.settings
    secrets = [str(settings.data_dir), str(settings.data_dir.resolve()), settings.s3_endpoint,
               settings.s3_bucket if settings.object_store == "s3" else None,
               settings.elasticsearch_url, settings.elasticsearch_index if settings.elasticsearch_url else None]
    for headers in ({}, actors["user"], actors["governance"], {"Authorization": "Bearer stale-token"}):
        response = client.get("/health", headers=headers)
        assert response.status_code == 200  # a stale token gets the public view, not a 401
        body = response.json()
        assert body["status"] == "ok"
        for name, engine in body["engines"].items():
            assert "status" in engine and "error" not in engine and "location" not in engine, (name, engine)
        for secret in filter(None, secrets):
            assert secret not in response.text, secret
    admin = client.get("/health", headers=actors["admin"]).json()
    assert any(set(engine) - {"status", "engine", "documents", "segments", "pending", "generation"}
               for engine in admin["engines"].values())  # admins still see where each engine is


def test_health_hides_an_engines_error_text_from_the_public():
    from catalogue.health import public_view

    report = {"status": "down", "engines": {
        "database": {"status": "down", "error": "could not connect to /var/lib/catalogue/catalogue.db"},
        "search": {"status": "ok", "engine": "tantivy", "documents": 3, "location": "/srv/var/search"},
        "objects": {"status": "down", "engine": "s3", "endpoint": "10.0.0.5:9000", "bucket": "private",
                    "error": "connection refused"},
        "search_outbox": {"status": "ok", "pending": None}}}
    shown = public_view(report)
    assert shown == {"status": "down", "engines": {
        "database": {"status": "down"}, "search": {"status": "ok", "engine": "tantivy", "documents": 3},
        "objects": {"status": "down", "engine": "s3"}, "search_outbox": {"status": "ok", "pending": None}}}
