"""Sign-up, sign-in, tokens, user administration."""

from __future__ import annotations

import datetime as dt

from catalogue.accounts.models import ApiToken
from tests.conftest import PASSWORD


def test_register_sign_in_and_me(client):
    response = client.post("/api/v1/auth/register",
                           json={"email": "Startup@Example.org", "name": "Startup", "password": PASSWORD})
    assert response.status_code == 202 and "Check your e-mail" in response.json()["message"]
    token = client.post("/api/v1/auth/token", json={"email": "startup@example.org", "password": PASSWORD}).json()
    assert token["token"].startswith("mmd_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token['token']}"}).json()
    assert me["name"] == "Startup" and me["email"] == "startup@example.org"
    assert me["is_platform_admin"] is False and me["email_verified"] is False


def test_register_rejects_bad_input(client):
    short = client.post("/api/v1/auth/register", json={"email": "a@example.org", "name": "A", "password": "short"})
    assert short.status_code == 422 and short.json()["error"]["details"][0]["field"] == "password"
    bad = client.post("/api/v1/auth/register", json={"email": "nope", "name": "A", "password": PASSWORD})
    assert bad.status_code == 422 and "email" in bad.json()["error"]["message"]
    extra = client.post("/api/v1/auth/register",
                        json={"email": "b@example.org", "name": "B", "password": PASSWORD, "is_platform_admin": True})
    assert extra.status_code == 422
    first = client.post("/api/v1/auth/register", json={"email": "c@example.org", "name": "C", "password": PASSWORD})
    again = client.post("/api/v1/auth/register", json={"email": "C@example.org", "name": "C", "password": PASSWORD})
    assert again.status_code == first.status_code == 202 and again.json() == first.json()  # reveals nothing


def test_wrong_password_is_401_without_saying_which(client, actors):
    for email in ("editor@example.org", "nobody@example.org"):
        response = client.post("/api/v1/auth/token", json={"email": email, "password": "wrong password!"})
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "wrong email or password"


def test_revoked_and_expired_tokens_stop_working(client, container):
    client.post("/api/v1/auth/register", json={"email": "t@example.org", "name": "T", "password": PASSWORD})
    raw = client.post("/api/v1/auth/token", json={"email": "t@example.org", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {raw['token']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    with container.sessions() as session, session.begin():
        session.get(ApiToken, raw["id"]).expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401 and "expired" in response.json()["error"]["message"]
    raw = client.post("/api/v1/auth/token", json={"email": "t@example.org", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {raw['token']}"}
    assert client.delete(f"/api/v1/me/tokens/{raw['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_only_platform_admins_manage_users_and_organisations(client, actors):
    new_user = {"email": "staff@example.org", "name": "Staff", "password": PASSWORD, "is_governance": True}
    assert client.post("/api/v1/users", json=new_user, headers=actors["orgadmin"]).status_code == 403
    created = client.post("/api/v1/users", json=new_user, headers=actors["admin"])
    assert created.status_code == 201 and created.json()["is_governance"] is True
    assert client.get("/api/v1/users", headers=actors["editor"]).status_code == 403
    org = {"id": "new-org", "name": "New", "type": "startup"}
    assert client.post("/api/v1/organisations", json=org, headers=actors["editor"]).status_code == 403
    assert client.post("/api/v1/organisations", json=org, headers=actors["admin"]).status_code == 201
    alien = client.post("/api/v1/organisations", json={**org, "type": "alien"}, headers=actors["admin"])
    assert alien.status_code == 422


def test_org_admin_manages_members(client, actors):
    body = {"email": "new@example.org", "role": "editor"}
    assert client.post("/api/v1/organisations/chu-test/members", json=body, headers=actors["editor"]).status_code == 403
    invited = client.post("/api/v1/organisations/chu-test/members", json=body, headers=actors["orgadmin"])
    assert invited.status_code == 202 and invited.json()["status"] == "pending"
    pending = client.get("/api/v1/organisations/chu-test/invitations", headers=actors["orgadmin"]).json()
    assert [i["email"] for i in pending] == ["new@example.org"]
    members = client.get("/api/v1/organisations/chu-test/members", headers=actors["orgadmin"]).json()
    assert {m["role"] for m in members} == {"editor", "admin"}
    promoted = client.post("/api/v1/organisations/chu-test/members", json={"email": "editor@example.org",
                                                                          "role": "admin"}, headers=actors["orgadmin"])
    assert promoted.status_code == 200 and promoted.json()["role"] == "admin"  # a member's role changes at once
    assert client.delete(f"/api/v1/organisations/chu-test/invitations/{invited.json()['id']}",
                         headers=actors["orgadmin"]).status_code == 204
    assert client.get("/api/v1/organisations/chu-test/invitations", headers=actors["orgadmin"]).json() == []
