"""A user's language (users.lang): set at sign-up, sign-in and the language switch, and through the API and
the CLI; their notifications and e-mails are written in it, and the inbox marks one written in another."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from catalogue.accounts import service as accounts
from catalogue.cli.main import app
from catalogue.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.web.helpers import post_form, sign_in

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}


def lang_of(container, email: str) -> str | None:
    with container.uow() as uow:
        return accounts.find_user(uow, email).lang


def sent_to(container, email: str) -> list[tuple[str | None, str]]:
    with container.sessions() as session:
        rows = session.scalars(select(Notification).where(Notification.email == email).order_by(Notification.id))
        return [(n.lang, n.subject) for n in rows]


@pytest.mark.parametrize("headers,lang,subject", [(EN, "en", "Confirm your e-mail address"),
                                                  (FR, "fr", "Confirmez votre adresse e-mail")])
def test_sign_up_keeps_the_page_language_and_the_link_is_written_in_it(client, container, headers, lang, subject):
    response = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                         "password": PASSWORD}, headers=headers)
    assert response.status_code == 303
    assert lang_of(container, "ada@example.org") == lang
    assert sent_to(container, "ada@example.org") == [(lang, subject)]


def test_sign_in_and_the_switch_set_the_language_of_the_signed_in_user(client, container, actors):
    assert lang_of(container, "user@example.org") is None  # fixtures say nothing: French
    response = post_form(client, "/signin", "/signin", {"email": "user@example.org", "password": PASSWORD},
                         headers=EN)
    assert response.status_code == 303 and lang_of(container, "user@example.org") == "en"
    switched = client.get("/lang/fr?next=/me", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/me"
    assert lang_of(container, "user@example.org") == "fr"
    assert client.get("/lang/de", follow_redirects=False).status_code == 303  # not offered: nothing changes
    assert lang_of(container, "user@example.org") == "fr"


def test_the_switch_without_a_session_only_sets_the_cookie(client, container, actors):
    response = client.get("/lang/en?next=/", follow_redirects=False)
    assert response.status_code == 303 and "mmd_lang=en" in response.headers["set-cookie"]
    assert lang_of(container, "user@example.org") is None


def test_the_inbox_marks_a_notification_written_in_another_language(client, container, actors):
    with container.uow() as uow:
        user = accounts.find_user(uow, "user@example.org")
        uow.session.add_all([
            Notification(user_id=user.id, email=user.email, event="test", topic="account:1",
                         subject="Written in English", body="-", lang="en", delivery="inbox"),
            Notification(user_id=user.id, email=user.email, event="test", topic="account:1",
                         subject="Écrit en français", body="-", lang="fr", delivery="inbox")])
        uow.commit()
    sign_in(client, "user")  # from a French page
    page = client.get("/me", headers=FR).text
    assert '<span lang="en">Written in English</span>' in page
    assert "<span>Écrit en français</span>" in page


def test_the_api_sets_keeps_and_clears_the_language_and_the_requester_type(client, actors):
    me = client.patch("/api/v1/me", headers=actors["user"], json={"lang": "en", "requester_type": "startup"})
    assert me.status_code == 200 and (me.json()["lang"], me.json()["requester_type"]) == ("en", "startup")
    kept = client.patch("/api/v1/me", headers=actors["user"], json={"requester_type": None})
    assert (kept.json()["lang"], kept.json()["requester_type"]) == ("en", None)  # left out: kept; null: cleared
    assert client.get("/api/v1/me", headers=actors["user"]).json()["lang"] == "en"
    for body, field in (({"lang": "de"}, "lang"), ({"requester_type": "pirate"}, "requester_type"),
                        ({"theme": "dark"}, "theme"), ({"lang": ["en"]}, "lang")):
        refused = client.patch("/api/v1/me", headers=actors["user"], json=body)
        assert refused.status_code == 422, body
        assert [d["field"] for d in refused.json()["error"]["details"]] == [field], body
    assert client.patch("/api/v1/me", json={"lang": "en"}).status_code == 401
    assert client.get("/api/v1/me", headers=actors["user"]).json()["lang"] == "en"  # nothing refused was kept


def test_the_cli_creates_users_in_a_language_and_refuses_others(container, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(container.settings.data_dir))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    if container.settings.database_url:  # the same database as the container's (PostgreSQL on the production stack)
        monkeypatch.setenv("CATALOGUE_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()
    made = runner.invoke(app, ["users", "create", "--email", "en@example.org", "--name", "En", "--password",
                               "a long enough secret", "--lang", "en", "--verified"])
    assert made.exit_code == 0, made.output
    refused = runner.invoke(app, ["users", "create", "--email", "de@example.org", "--name", "De", "--password",
                                  "a long enough secret", "--lang", "de"])
    assert refused.exit_code == 1 and "lang" in refused.output and "fr, en" in refused.output
    with container.uow() as uow:
        assert accounts.find_user(uow, "en@example.org").lang == "en"
        assert accounts.repo.user_by_email(uow.session, "de@example.org") is None
