"""The CKAN facade shows one's drafts only when asked (include_private): issue 11, item 5.

The last mutation check let package_search by id (`q=id:…`, `fq=name:…`) return the caller's drafts
without include_private, unnoticed. Pinned here with the rest of what a search by id returns to whom.
"""

from __future__ import annotations

import copy

import pytest

ACTION = "/api/3/action"


@pytest.fixture
def three(client, actors, record) -> None:
    """chu-test's descriptions: 'pin-published', 'pin-draft' and 'pin-archived'."""
    for dataset_id in ("pin-published", "pin-draft", "pin-archived"):
        body = copy.deepcopy(record)
        body["id"] = dataset_id
        assert client.post("/api/v1/datasets", json=body, headers=actors["editor"]).status_code == 201
    for dataset_id, action in (("pin-published", "publish"), ("pin-archived", "archive")):
        response = client.post(f"/api/v1/datasets/{dataset_id}/{action}", headers=actors["orgadmin"])
        assert response.status_code == 200


def names(client, headers: dict, **params) -> list[str]:
    response = client.post(f"{ACTION}/package_search", json=params, headers=headers)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["count"] == len(result["results"])
    return sorted(p["name"] for p in result["results"])


@pytest.mark.parametrize("by", [
    lambda ids: {"q": " ".join(f"id:{i}" for i in ids)},
    lambda ids: {"fq": " ".join(f"name:{i}" for i in ids)},
], ids=["q-id", "fq-name"])
def test_a_search_by_id_shows_ones_drafts_only_with_include_private(client, actors, three, by):
    wanted = by(["pin-published", "pin-draft", "pin-archived"])
    for who in ("editor", "orgadmin", "admin"):  # they may read the draft…
        assert names(client, actors[who], **wanted) == ["pin-published"], who  # …but did not ask for it
        assert names(client, actors[who], **wanted, include_private=False) == ["pin-published"], who
        assert names(client, actors[who], **wanted, include_private=True) == ["pin-draft", "pin-published"], who
    for headers in ({}, actors["user"], actors["outsider"], actors["governance"]):  # not theirs to see
        assert names(client, headers, **wanted) == ["pin-published"]
        assert names(client, headers, **wanted, include_private=True) == ["pin-published"]


def test_package_show_by_id_shows_a_draft_to_its_producer_only(client, actors, three):
    for who in ("editor", "orgadmin", "admin"):
        shown = client.get(f"{ACTION}/package_show", params={"id": "pin-draft"}, headers=actors[who])
        assert shown.status_code == 200 and shown.json()["result"]["private"] is True, who
    for headers in ({}, actors["user"], actors["outsider"], actors["governance"]):
        hidden = client.get(f"{ACTION}/package_show", params={"id": "pin-draft"}, headers=headers)
        assert hidden.status_code == 404 and hidden.json()["success"] is False
