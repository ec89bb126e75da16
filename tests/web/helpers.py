"""Helpers for web-page tests through the TestClient: forms with their CSRF token, sign-in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict | None = None, **kwargs):
    """GET `page` for its CSRF token, then POST `data` to `action` as a browser would (no redirects)."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **(data or {})}, follow_redirects=False, **kwargs)


def sign_in(client: TestClient, who: str) -> None:
    """Sign `who`@example.org in through the form; the session cookie stays in the client."""
    response = post_form(client, "/signin", "/signin", {"email": f"{who}@example.org", "password": PASSWORD})
    assert response.status_code == 303, response.text[:500]


def publish(client: TestClient, headers: dict, record: dict) -> None:
    """Create and publish a description through the REST API."""
    assert client.post("/api/v1/datasets", json=record, headers=headers).status_code == 201
    assert client.post(f"/api/v1/datasets/{record['id']}/publish", headers=headers).status_code == 200
