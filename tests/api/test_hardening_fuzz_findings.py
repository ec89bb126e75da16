"""Server errors the fuzz suite (tests/fuzz) found in unowned code, each pinned by its request.

GET /api/v1/datasets?organisation=a%00b answered 500 on PostgreSQL (a text value cannot hold a
NUL byte, psycopg.DataError); the filter is now an organisation id (a slug), refused by name.
"""

from __future__ import annotations

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
