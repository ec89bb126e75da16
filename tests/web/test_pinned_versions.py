"""Web request actions honour the version of the page they were taken on: issue 11, item 5.

Each action form carries the request's version (hidden `version` field). The last mutation check let
the web handler ignore it unnoticed: acting on a page that is out of date must be a conflict (409) that
changes nothing, never a success; acting on the current page is done.
"""

from __future__ import annotations

import re

import pytest

from tests.access_requests.helpers import PDF, attach, setup_datasets, submitted, version_of
from tests.web.helpers import csrf_of, sign_in

URL = "/api/v1/access-requests"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def form_version(page: str, request_id: int, action: str) -> str:
    match = re.search(rf'action="/requests/{request_id}/act/{action}".*?name="version" value="(\d+)"', page, re.S)
    assert match, f"no {action} form with a version on the page"
    return match.group(1)


def status(client, actors, request_id: int) -> str:
    return client.get(f"{URL}/{request_id}", headers=actors["user"]).json()["status"]


def act_on(client, page_url: str, request_id: int, action: str, *, stale_by_then: bool, actors, **fields):
    """Open the page, let the requester change the request meanwhile if told, then send the page's form."""
    page = client.get(page_url).text
    version = form_version(page, request_id, action)
    assert int(version) == version_of(client, actors, request_id)
    if stale_by_then:  # someone changes the request after the page was shown
        assert attach(client, actors, request_id, "dpia", content=PDF).status_code == 201
        assert version_of(client, actors, request_id) > int(version)
    return client.post(f"/requests/{request_id}/act/{action}", follow_redirects=False,
                       data={"csrf_token": csrf_of(page), "version": version, **fields})


def test_a_governance_action_on_an_out_of_date_page_is_a_conflict(client, actors):
    request_id = submitted(client, actors)
    sign_in(client, "governance")
    page_url = f"/governance/requests/{request_id}"
    stale = act_on(client, page_url, request_id, "start_review", stale_by_then=True, actors=actors)
    assert stale.status_code == 409, stale.text[:2000]
    assert status(client, actors, request_id) == "submitted"
    done = act_on(client, page_url, request_id, "start_review", stale_by_then=False, actors=actors)
    assert done.status_code == 303 and status(client, actors, request_id) == "under_review"


def test_a_requester_action_on_an_out_of_date_page_is_a_conflict(client, actors):
    request_id = submitted(client, actors)
    sign_in(client, "user")
    page_url = f"/requests/{request_id}"
    stale = act_on(client, page_url, request_id, "withdraw", stale_by_then=True, actors=actors, reason="changed plans")
    assert stale.status_code == 409, stale.text[:2000]
    assert status(client, actors, request_id) == "submitted"
    done = act_on(client, page_url, request_id, "withdraw", stale_by_then=False, actors=actors, reason="changed plans")
    assert done.status_code == 303 and status(client, actors, request_id) == "withdrawn"
