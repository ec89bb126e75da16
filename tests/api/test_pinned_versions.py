"""REST dataset writes honour the version the writer saw (If-Match, as given in ETag): issue 11, item 5.

The last mutation check let the lifecycle actions ignore the version unnoticed. Each write sent with a
stale version is a 409 `stale_version` that changes nothing; sent with the current one it is done.
"""

from __future__ import annotations

import copy

import pytest

URL = "/api/v1/datasets"


@pytest.fixture
def draft(client, actors, record) -> str:
    body = copy.deepcopy(record)
    body["id"] = "versioned"
    response = client.post(URL, json=body, headers=actors["editor"])
    assert response.status_code == 201 and response.headers["ETag"] == f'"{response.json()["version"]}"'
    return "versioned"


def current(client, actors, dataset_id: str) -> tuple[int, dict]:
    response = client.get(f"{URL}/{dataset_id}", headers=actors["orgadmin"])
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'
    return response.json()["version"], response.json()


def edit(client, actors, dataset_id: str, title: str, version: int | None = None):
    body = copy.deepcopy(current(client, actors, dataset_id)[1])
    body = body.get("record", body)
    body["title"] = {"fr": title, "en": title}
    headers = {**actors["editor"], **({"If-Match": f'"{version}"'} if version is not None else {})}
    return client.put(f"{URL}/{dataset_id}", json=body, headers=headers)


def stale_then_current(client, actors, dataset_id: str, action: str, who: str, before: str, after: str) -> None:
    """`action` with the version before a colleague's edit is refused; with the version after, done."""
    seen, _ = current(client, actors, dataset_id)
    assert edit(client, actors, dataset_id, f"Edited before {action}").status_code == 200  # a colleague's change
    stale = client.post(f"{URL}/{dataset_id}/{action}", headers={**actors[who], "If-Match": f'"{seen}"'})
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"]["code"] == "stale_version"
    now, shown = current(client, actors, dataset_id)
    assert (now, shown["status"]) == (seen + 1, before)
    done = client.post(f"{URL}/{dataset_id}/{action}", headers={**actors[who], "If-Match": f'"{now}"'})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == after and done.headers["ETag"] == f'"{done.json()["version"]}"'


def test_each_lifecycle_action_refuses_a_stale_version(client, actors, draft):
    stale_then_current(client, actors, draft, "publish", "editor", "draft", "published")
    stale_then_current(client, actors, draft, "unpublish", "editor", "published", "draft")
    stale_then_current(client, actors, draft, "archive", "orgadmin", "draft", "archived")
    stale_then_current(client, actors, draft, "restore", "orgadmin", "archived", "draft")


def test_a_weak_or_quoted_current_version_is_accepted(client, actors, draft):
    version, _ = current(client, actors, draft)
    response = client.post(f"{URL}/{draft}/publish", headers={**actors["editor"], "If-Match": f'W/"{version}"'})
    assert response.status_code == 200 and response.json()["status"] == "published"


def test_an_edit_refuses_a_stale_version(client, actors, draft):
    seen, _ = current(client, actors, draft)
    assert edit(client, actors, draft, "First edit", seen).status_code == 200
    stale = edit(client, actors, draft, "Second edit on an old copy", seen)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert current(client, actors, draft)[1]["record"]["title"]["fr"] == "First edit"


def test_without_if_match_the_action_applies_to_the_current_version(client, actors, draft):
    """If-Match is optional: a client that sends none takes the description as it is now."""
    assert edit(client, actors, draft, "Edited").status_code == 200
    assert client.post(f"{URL}/{draft}/publish", headers=actors["editor"]).status_code == 200
