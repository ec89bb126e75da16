"""REST v1 descriptions: create, edit, lifecycle, revisions, with good and bad input."""

from __future__ import annotations

import copy


def create(client, actors, record, who="editor"):
    return client.post("/api/v1/datasets", json=record, headers=actors[who])


def test_anonymous_cannot_write(client, actors, record):
    response = client.post("/api/v1/datasets", json=record)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_bad_token_is_rejected(client, record):
    response = client.post("/api/v1/datasets", json=record, headers={"Authorization": "Bearer mmd_nope"})
    assert response.status_code == 401
    assert "invalid" in response.json()["error"]["message"]


def test_editor_creates_a_draft_with_completeness(client, actors, record):
    response = create(client, actors, record)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "draft" and body["version"] >= 1
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert "publish" in body["actions"]
    assert 0 < body["completeness"]["score"] < 100
    assert {"field": "documents", "why": "a data dictionary or protocol"} in body["completeness"]["missing"]
    assert body["record"]["title"] == record["title"]


def test_producer_writes_only_its_own_organisation(client, actors, record):
    response = create(client, actors, record, who="outsider")
    assert response.status_code == 403
    assert "chu-test" in response.json()["error"]["message"]
    record["producer"]["id"] = "no-such-org"
    response = create(client, actors, record, who="admin")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "producer.id"


def test_invalid_payload_names_each_field(client, actors, record):
    bad = copy.deepcopy(record)
    bad["id"] = "Not A Slug"
    bad["volume"]["individuals"] = -5
    bad["population"]["min_age"], bad["population"]["max_age"] = 80, 18
    bad["temporal_coverage"] = {"start": "2020-01-01", "end": "2010-01-01"}
    bad["access"]["rights"] = "OPEN"
    bad["contact"]["email"] = "not-an-email"
    bad["landing_page"] = "ftp://example.org"
    bad["summary"] = {}
    response = create(client, actors, bad)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    fields = {d["field"] for d in error["details"]}
    assert {"id", "volume.individuals", "population.max_age", "temporal_coverage.end", "access.rights",
            "contact.email", "landing_page", "summary"} <= fields
    assert client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).status_code == 404


def test_duplicate_id_is_a_conflict(client, actors, record):
    assert create(client, actors, record).status_code == 201
    response = create(client, actors, record)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "dataset_exists"


def test_update_records_revisions_that_read_back(client, actors, record):
    first = create(client, actors, record).json()
    changed = copy.deepcopy(record)
    changed["title"]["fr"] = "Nouveau titre"
    changed["volume"]["individuals"] = 1234
    response = client.put("/api/v1/datasets/registre-test", json=changed, headers=actors["editor"])
    assert response.status_code == 200
    assert response.json()["version"] > first["version"]
    revisions = client.get("/api/v1/datasets/registre-test/revisions", headers=actors["editor"]).json()
    assert [r["number"] for r in revisions] == [1, 2]
    assert set(revisions[1]["changes"]) == {"title.fr", "volume.individuals", "modified"}
    old = client.get("/api/v1/datasets/registre-test/revisions/1", headers=actors["editor"]).json()
    assert old["record"]["title"]["fr"] == record["title"]["fr"]
    assert client.get("/api/v1/datasets/registre-test/revisions/9", headers=actors["editor"]).status_code == 404


def test_stale_if_match_is_a_conflict(client, actors, record):
    version = create(client, actors, record).json()["version"]
    changed = copy.deepcopy(record)
    changed["title"]["fr"] = "A"
    ok = client.put("/api/v1/datasets/registre-test", json=changed,
                    headers={**actors["editor"], "If-Match": f'"{version}"'})
    assert ok.status_code == 200
    changed["title"]["fr"] = "B"
    stale = client.put("/api/v1/datasets/registre-test", json=changed,
                       headers={**actors["editor"], "If-Match": f'"{version}"'})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]["title"]["fr"] == "A"


def test_update_cannot_move_a_description_to_another_producer(client, actors, record):
    create(client, actors, record)
    moved = copy.deepcopy(record)
    moved["producer"]["id"] = "other-org"
    response = client.put("/api/v1/datasets/registre-test", json=moved, headers=actors["admin"])
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "producer.id"


def test_lifecycle_and_invalid_transitions(client, actors, record):
    create(client, actors, record)
    url = "/api/v1/datasets/registre-test"
    response = client.post(f"{url}/restore", headers=actors["orgadmin"])
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    published = client.post(f"{url}/publish", headers=actors["editor"]).json()
    assert published["status"] == "published" and published["published_at"]
    assert published["record"]["issued"]
    assert client.post(f"{url}/archive", headers=actors["editor"]).status_code == 403  # admins archive
    assert client.post(f"{url}/archive", headers=actors["orgadmin"]).json()["status"] == "archived"
    assert client.post(f"{url}/restore", headers=actors["orgadmin"]).json()["status"] == "draft"
    assert client.post(f"{url}/frobnicate", headers=actors["orgadmin"]).status_code == 422


def test_each_one_is_offered_what_the_domain_allows_them(client, actors, record):
    """Editors are not offered archive/restore (the policy refuses them): the answer once listed every move."""
    url = "/api/v1/datasets/registre-test"
    assert create(client, actors, record).json()["actions"] == ["publish", "update"]
    assert client.get(url, headers=actors["orgadmin"]).json()["actions"] == ["publish", "archive", "update"]
    published = client.post(f"{url}/publish", headers=actors["editor"]).json()
    assert published["actions"] == ["unpublish", "update"]
    assert client.get(url, headers=actors["admin"]).json()["actions"] == ["unpublish", "archive", "update"]
    assert client.get(url, headers=actors["outsider"]).json()["actions"] == []
    archived = client.post(f"{url}/archive", headers=actors["orgadmin"]).json()
    assert archived["actions"] == ["restore", "update"]
    assert client.get(url, headers=actors["editor"]).json()["actions"] == ["update"]


def test_completeness_is_for_the_producer_only(client, actors, record):
    create(client, actors, record)
    client.post("/api/v1/datasets/registre-test/publish", headers=actors["editor"])
    assert client.get("/api/v1/datasets/registre-test/completeness", headers=actors["editor"]).status_code == 200
    assert client.get("/api/v1/datasets/registre-test/completeness", headers=actors["user"]).status_code == 403
    public = client.get("/api/v1/datasets/registre-test").json()
    assert public["completeness"] is None and public["actions"] == []


def test_json_schema_is_served(client):
    schema = client.get("/api/v1/schemas/dataset").json()
    assert "producer" in schema["required"] and schema["properties"]["id"]["pattern"]
    assert client.get("/api/v1/schemas/nope").status_code == 404


def test_health_reports_each_engine(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert {"database", "search", "objects", "search_outbox"} <= set(body["engines"])
