"""Server errors the fuzz suite (tests/fuzz) found in unowned code, each pinned by its request.

GET /api/v1/datasets?organisation=a%00b answered 500 on PostgreSQL (a text value cannot hold a
NUL byte, psycopg.DataError); the filter is now an organisation id (a slug), refused by name.

POST /api/3/action/package_patch (and package_update) {"id": "a\u0000b"} answered 500 on PostgreSQL:
the CKAN facade looked the id up as it came. A key holding a NUL names no description, so the
datasets repository answers "none" without asking the database, whatever the front door.
"""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("value", ["a%00b", "chu-test%0A", "%ED%A0%80", "x" * 200])
def test_an_organisation_filter_that_names_no_organisation_is_422_naming_it(client, value):
    response = client.get(f"/api/v1/datasets?organisation={value}")
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert [d["field"] for d in error["details"]] == ["organisation"]


def test_the_organisation_filter_still_filters(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    mine = client.get("/api/v1/datasets?organisation=chu-test", headers=actors["editor"]).json()
    other = client.get("/api/v1/datasets?organisation=other-org", headers=actors["editor"]).json()
    assert [d["id"] for d in mine["items"]] == ["registre-test"] and other["items"] == []


@pytest.mark.parametrize("action", ["package_patch", "package_update"])
@pytest.mark.parametrize("key", ["id", "name"])
def test_a_ckan_write_naming_a_nul_id_finds_nothing(client, actors, action, key):
    response = client.post(f"/api/3/action/{action}", content=json.dumps({key: "a\x00b", "title": "x"}),
                           headers={**actors["editor"], "Content-Type": "application/json"})
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["success"] is False and body["error"]["__type"] == "Not Found Error"
