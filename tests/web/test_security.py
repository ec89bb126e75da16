"""Sessions and CSRF: signed HttpOnly cookies, a token in every form, refusals without it."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.web.helpers import csrf_of, post_form, sign_in


def test_sign_in_sets_a_signed_http_only_lax_cookie(client, actors):
    response = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": PASSWORD,
                                                        "next": "/me"})
    assert response.status_code == 303 and response.headers["location"] == "/me"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("mmd_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # base_url is http in tests
    page = client.get("/me", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "user@example.org" in page.text


def test_wrong_password_and_open_redirects(client, actors):
    bad = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": "nope nope nope"})
    assert bad.status_code == 401
    away = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": PASSWORD,
                                                    "next": "https://evil.example/"})
    assert away.headers["location"] == "/me"


def test_forms_without_the_session_token_are_refused(client, actors):
    no_token = client.post("/signin", data={"email": "user@example.org", "password": PASSWORD},
                           follow_redirects=False)
    assert no_token.status_code == 403
    client.get("/signin")  # a session with a token exists now, but this one is forged
    forged = client.post("/signin", data={"email": "user@example.org", "password": PASSWORD,
                                          "csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403 and "<html" in forged.text
    cross = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": PASSWORD},
                      headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403


def test_a_tampered_cookie_is_ignored(client, actors):
    sign_in(client, "user")
    value = client.cookies.get("mmd_session")
    client.cookies.set("mmd_session", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert client.get("/me", follow_redirects=False).status_code == 303  # back to sign-in


def test_sign_out_revokes_the_session_server_side(client, actors):
    sign_in(client, "user")
    stolen = client.cookies.get("mmd_session")
    token = csrf_of(client.get("/me").text)
    out = client.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/me", follow_redirects=False).status_code == 303  # the new session is anonymous
    client.cookies.set("mmd_session", stolen)  # replaying the old cookie no longer works
    assert client.get("/me", follow_redirects=False).headers["location"].startswith("/signin")


def test_sign_up_validates_and_answers_the_same_for_a_known_address(client):
    bad = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "not-an-email", "password": "short"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    good = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                    "password": "long enough password"})
    assert good.status_code == 303 and good.headers["location"].startswith("/signin")
    page = client.get(good.headers["location"], headers={"Accept-Language": "en"}).text
    assert "Check your e-mail (ada@example.org)" in page
    client.cookies.clear()
    again = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                     "password": "another long passphrase"})
    assert again.status_code == 303 and again.headers["location"] == good.headers["location"]
    sign_in_as = post_form(client, "/signin", "/signin", {"email": "ada@example.org",
                                                          "password": "long enough password"})
    assert sign_in_as.status_code == 303  # the first password still holds: nothing changed by the second


def test_pages_needing_an_account_send_to_sign_in(client):
    response = client.get("/me", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin?next=%2Fme"


def test_the_api_ignores_the_session_cookie(client, actors, record):
    sign_in(client, "editor")
    response = client.post("/api/v1/datasets", json=record)
    assert response.status_code == 401  # cookies never authenticate API calls (no CSRF there)
