"""The CKAN facade in-process on every engine: envelope, status codes, tokens, policies."""

from __future__ import annotations

from catalogue.ckan.to_package import to_package

ACTION = "/api/3/action"


def package(record, **changes):
    body = to_package(record, status="published", created=None, modified=None, base_url="http://x")
    for key in ("organization", "metadata_created", "metadata_modified"):
        body.pop(key)
    return {**body, **changes}


def test_envelope_on_success_and_errors(client):
    ok = client.get(f"{ACTION}/status_show")
    assert ok.status_code == 200 and ok.json()["success"] is True and ok.json()["help"].endswith("status_show")
    missing = client.get(f"{ACTION}/package_show", params={"id": "nope"})
    assert missing.status_code == 404
    assert missing.json()["error"]["__type"] == "Not Found Error" and missing.json()["success"] is False
    unknown = client.get(f"{ACTION}/frobnicate")
    assert unknown.status_code == 400 and "Action name not known" in unknown.json()["error"]["message"]
    bad_json = client.post(f"{ACTION}/package_search", content=b"{nope", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 400 and bad_json.json()["error"]["__type"] == "Bad request"
    query = client.get(f"{ACTION}/package_search", params={"fq": "res_format:CSV"})
    assert query.status_code == 400 and query.json()["error"]["__type"] == "Search Query Error"
    assert client.get(f"{ACTION}/package_create").status_code == 400
    assert client.get("/api/action/status_show").json()["success"] is True  # the path ckanapi uses


def test_writes_need_a_producer_token(client, actors, record):
    assert client.post(f"{ACTION}/package_create", json=package(record)).status_code == 403
    bad = client.post(f"{ACTION}/package_create", json=package(record), headers={"Authorization": "mmd_nope"})
    assert bad.status_code == 403 and bad.json()["error"]["__type"] == "Authorization Error"
    outsider = client.post(f"{ACTION}/package_create", json=package(record), headers=actors["outsider"])
    assert outsider.status_code == 403
    token = actors["editor"]["Authorization"].removeprefix("Bearer ")
    created = client.post(f"{ACTION}/package_create", json=package(record, private=True),
                          headers={"X-CKAN-API-Key": token})
    assert created.status_code == 200, created.text
    assert created.json()["result"]["private"] is True
    again = client.post(f"{ACTION}/package_create", json=package(record), headers={"Authorization": token})
    assert again.status_code == 409 and again.json()["error"]["name"] == ["That URL is already in use."]
    assert client.get(f"{ACTION}/package_show", params={"id": record["id"]}).status_code == 404
    seen = client.get(f"{ACTION}/package_show", params={"id": record["id"]}, headers=actors["editor"])
    assert seen.json()["result"]["private"] is True


def test_patch_publishes_and_records_a_revision(client, actors, record):
    client.post(f"{ACTION}/package_create", json=package(record, private=True), headers=actors["editor"])
    patched = client.post(f"{ACTION}/package_patch", json={"id": record["id"], "private": False,
                                                           "notes": "Nouvelle description."},
                          headers=actors["editor"])
    assert patched.status_code == 200, patched.text
    result = patched.json()["result"]
    assert result["private"] is False and result["notes_translated"]["fr"] == "Nouvelle description."
    assert result["notes_translated"].get("en") == record["description"].get("en")
    revisions = client.get(f"/api/v1/datasets/{record['id']}/revisions", headers=actors["editor"]).json()
    assert [r["action"] for r in revisions] == ["ckan_create", "ckan_update", "publish"]
    found = client.get(f"{ACTION}/package_search", params={"fq": f"name:{record['id']}"}).json()["result"]
    assert found["count"] == 1
    moved = client.post(f"{ACTION}/package_update", json=package(record, owner_org="other-org"),
                        headers=actors["admin"])
    assert moved.status_code == 409 and "producer.id" in moved.json()["error"]


def test_name_asc_lists_published_then_own_drafts_in_id_order(client, actors, record):
    other = {**record, "id": "aaa-premier"}
    for body, private in ((record, False), (other, True)):
        client.post(f"{ACTION}/package_create", json=package(body, private=private), headers=actors["editor"])
    public = client.get(f"{ACTION}/package_search", params={"sort": "name asc", "rows": 10}).json()["result"]
    assert [p["name"] for p in public["results"]] == [record["id"]]
    own = client.post(f"{ACTION}/package_search", json={"sort": "name asc", "include_private": True},
                      headers=actors["editor"]).json()["result"]
    assert [p["name"] for p in own["results"]] == ["aaa-premier", record["id"]] and own["count"] == 2
