"""Issue 10, findings 10 and 14 on the web: a server-side session behind the cookie (not an API token),
a tolerant Cookie header parser, throttled sign-in, verification and invitations through the pages."""

from __future__ import annotations

from sqlalchemy import select

from api.web.security import COOKIE, _serializer
from tests.api.test_hardening_identity import verification_links
from tests.conftest import PASSWORD
from tests.web.helpers import csrf_of, post_form, sign_in

EN = {"Accept-Language": "en"}


def test_the_session_cookie_is_not_an_api_token(client, actors):
    sign_in(client, "editor")
    value = client.cookies.get(COOKIE)
    content = _serializer(client.app).loads(value)  # signed, not encrypted: anyone holding it reads this
    for candidate in [value, *(v for v in content.values() if isinstance(v, str))]:
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {candidate}"})
        assert response.status_code == 401, candidate
    assert set(content) >= {"sid", "csrf"} and "token" not in content


def test_a_malformed_neighbour_cookie_neither_signs_out_nor_breaks_csrf(client, actors):
    sign_in(client, "user")
    value = client.cookies.get(COOKIE)
    client.cookies.clear()
    header = {"Cookie": f'prefs={{"a": 1}}; {COOKIE}={value}; theme=dark mode', **EN}
    page = client.get("/me", headers=header, follow_redirects=False)
    assert page.status_code == 200 and "user@example.org" in page.text
    out = client.post("/signout", data={"csrf_token": csrf_of(page.text)}, headers=header, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/"  # the CSRF check passed


def test_sign_out_revokes_the_server_side_session(client, actors, container):
    from catalogue.accounts.models import WebSession  # imported here: this module also runs on the old code

    sign_in(client, "user")
    token = csrf_of(client.get("/me").text)
    assert client.post("/signout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    with container.sessions() as session:
        rows = list(session.scalars(select(WebSession)))
    assert len(rows) == 1 and rows[0].revoked_at is not None


def test_web_sign_in_is_throttled(client, actors):
    for _ in range(5):
        wrong = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": "not my password"})
        assert wrong.status_code == 401
    blocked = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": PASSWORD},
                        headers=EN)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in blocked.text


def test_web_sign_up_refuses_a_weak_password(client):
    response = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                        "password": "1234567890"}, headers=EN)
    assert response.status_code == 422 and 'id="password-error"' in response.text
    assert "too easy to guess" in response.text


def test_verify_then_accept_an_invitation_through_the_pages(client, actors, container):
    signup = post_form(client, "/signup", "/signup", {"name": "Newhire", "email": "newhire@example.org",
                                                      "password": PASSWORD})
    assert signup.status_code == 303
    sign_in(client, "orgadmin")
    sent = post_form(client, "/workspace", "/workspace/chu-test/members",
                     {"email": "newhire@example.org", "role": "editor"})
    assert sent.status_code == 303
    assert "Invitation sent to newhire@example.org" in client.get("/workspace", headers=EN).text
    client.cookies.clear()
    sign_in(client, "newhire")
    me = client.get("/me", headers=EN).text
    assert "is not confirmed yet" in me and "Invitations to join" not in me
    [token] = verification_links(container, "newhire@example.org")
    form = client.get(f"/verify?token={token}", headers=EN)
    assert form.status_code == 200 and "Confirm my address" in form.text
    confirmed = client.post("/verify", data={"csrf_token": csrf_of(form.text), "token": token},
                            follow_redirects=False)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/me"
    me = client.get("/me", headers=EN).text
    assert "Invitations to join" in me and "is not confirmed yet" not in me
    invitation_id = me.split("/me/invitations/", 1)[1].split("/", 1)[0]
    accepted = post_form(client, "/me", f"/me/invitations/{invitation_id}/accept")
    assert accepted.status_code == 303
    assert "Member of chu-test" in client.get("/me", headers=EN).text
    reused = client.post("/verify", data={"csrf_token": csrf_of(form.text), "token": token}, headers=EN)
    assert reused.status_code == 422 and "already used or expired" in reused.text
