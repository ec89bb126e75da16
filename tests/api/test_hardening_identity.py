"""Issue 10, findings 5, 9 and 10: verified addresses, membership by invitation, the last-admin rule,
sign-in throttling, password strength, and a registration that reveals no account."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from catalogue.accounts import service as accounts_service
from catalogue.accounts.models import User
from catalogue.notifications.models import Notification
from tests.conftest import PASSWORD

SQUATTER_PASSWORD = "squatter owns this mailbox not"


def error(response) -> dict:
    return response.json()["error"]


def register(client, email: str, password: str = PASSWORD, name: str = "Someone", **more):
    return client.post("/api/v1/auth/register", json={"email": email, "name": name, "password": password, **more})


def token_for(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def verification_links(container, email: str) -> list[str]:
    """The tokens of the verification e-mails queued for an address, oldest first (read from the outbox)."""
    with container.sessions() as session:
        rows = session.scalars(select(Notification).where(Notification.email == email,
                                                          Notification.event == "verify_email")
                               .order_by(Notification.id))
        return [row.link.split("token=", 1)[1] for row in rows]


def invite(client, actors, email: str, role: str = "editor", org: str = "chu-test"):
    return client.post(f"/api/v1/organisations/{org}/members", json={"email": email, "role": role},
                       headers=actors["orgadmin"])


# --- Finding 5: an address grants nothing until its owner proved it --------------------------------------

def test_pre_registering_a_newcomers_address_gives_nothing(client, actors, record):
    assert register(client, "newhire@example.org", SQUATTER_PASSWORD).status_code == 202
    squatter = token_for(client, "newhire@example.org", SQUATTER_PASSWORD)
    invited = invite(client, actors, "newhire@example.org")
    assert invited.status_code == 202 and invited.json()["status"] == "pending"
    assert client.get("/api/v1/me", headers=squatter).json()["organisations"] == {}
    assert client.get("/api/v1/me/invitations", headers=squatter).json() == []  # not even shown
    refused = client.post(f"/api/v1/invitations/{invited.json()['id']}/accept", headers=squatter)
    assert refused.status_code == 403 and error(refused)["code"] == "email_not_verified"
    assert client.post("/api/v1/datasets", json=record, headers=squatter).status_code == 403
    inbox = client.get("/api/v1/notifications", headers=squatter).json()
    assert all(n["event"] not in ("verify_email", "invitation") for n in inbox)


def test_the_verified_owner_accepts_and_becomes_a_member(client, actors, container, record):
    assert register(client, "newhire@example.org").status_code == 202
    headers = token_for(client, "newhire@example.org")
    invitation = invite(client, actors, "newhire@example.org").json()
    [token] = verification_links(container, "newhire@example.org")
    verified = client.post("/api/v1/auth/verify", json={"token": token})
    assert verified.status_code == 200 and verified.json()["email"] == "newhire@example.org"
    again = client.post("/api/v1/auth/verify", json={"token": token})  # single use
    assert again.status_code == 422 and error(again)["details"][0]["field"] == "token"
    assert client.get("/api/v1/me", headers=headers).json()["email_verified"] is True
    assert [i["id"] for i in client.get("/api/v1/me/invitations", headers=headers).json()] == [invitation["id"]]
    accepted = client.post(f"/api/v1/invitations/{invitation['id']}/accept", headers=headers)
    assert accepted.status_code == 200 and accepted.json() == {"user_id": accepted.json()["user_id"],
                                                               "organisation_id": "chu-test", "role": "editor"}
    assert client.post("/api/v1/datasets", json=record, headers=headers).status_code == 201
    twice = client.post(f"/api/v1/invitations/{invitation['id']}/accept", headers=headers)
    assert twice.status_code == 422 and error(twice)["details"][0]["field"] == "invitation"


def test_an_invitation_is_only_for_its_address_and_can_be_declined(client, actors):
    first = invite(client, actors, "user@example.org").json()
    other = client.post(f"/api/v1/invitations/{first['id']}/accept", headers=actors["outsider"])
    assert other.status_code == 404 and error(other)["code"] == "not_found"
    declined = client.post(f"/api/v1/invitations/{first['id']}/decline", headers=actors["user"])
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert client.get("/api/v1/me/invitations", headers=actors["user"]).json() == []
    assert client.get("/api/v1/me", headers=actors["user"]).json()["organisations"] == {}


def test_inviting_answers_the_same_with_or_without_an_account(client, actors):
    known, unknown = invite(client, actors, "user@example.org"), invite(client, actors, "ghost@example.org")
    assert known.status_code == unknown.status_code == 202
    assert set(known.json()) == set(unknown.json())
    bad = invite(client, actors, "not an address")
    assert bad.status_code == 422 and error(bad)["details"][0]["field"] == "email"


def test_bad_verification_tokens_are_refused_naming_the_field(client):
    for token in ("forged", "x" * 200):
        response = client.post("/api/v1/auth/verify", json={"token": token})
        assert response.status_code == 422 and error(response)["details"][0]["field"] == "token"
    empty = client.post("/api/v1/auth/verify", json={"token": ""})
    assert empty.status_code == 422 and error(empty)["details"][0]["field"] == "token"


def test_the_verification_link_never_shows_in_the_inbox(client, container):
    register(client, "someone@example.org")
    headers = token_for(client, "someone@example.org")
    assert verification_links(container, "someone@example.org")  # queued for e-mail
    assert client.get("/api/v1/notifications", headers=headers).json() == []
    with container.sessions() as session:
        row_id = session.scalar(select(Notification.id).where(Notification.event == "verify_email"))
    assert client.post(f"/api/v1/notifications/{row_id}/read", headers=headers).status_code == 404


def test_the_owner_reclaims_an_address_someone_else_registered(client, container):
    register(client, "victim@example.org", SQUATTER_PASSWORD)
    squatter = token_for(client, "victim@example.org", SQUATTER_PASSWORD)
    assert register(client, "victim@example.org", "owner picks a passphrase").status_code == 202
    squatters_link, owners_link = verification_links(container, "victim@example.org")
    assert client.post("/api/v1/auth/verify", json={"token": owners_link}).status_code == 200
    assert client.get("/api/v1/me", headers=squatter).status_code == 401  # their token is revoked
    failed = client.post("/api/v1/auth/token", json={"email": "victim@example.org", "password": SQUATTER_PASSWORD})
    assert failed.status_code == 401
    assert client.post("/api/v1/auth/verify", json={"token": squatters_link}).status_code == 422
    owner = token_for(client, "victim@example.org", "owner picks a passphrase")
    assert client.get("/api/v1/me", headers=owner).json()["email_verified"] is True


def test_accounts_made_by_an_admin_verify_their_address_too(client, actors, container):
    body = {"email": "staff@example.org", "name": "Staff", "password": PASSWORD, "is_governance": True}
    created = client.post("/api/v1/users", json=body, headers=actors["admin"])
    assert created.status_code == 201 and created.json()["email_verified"] is False
    assert len(verification_links(container, "staff@example.org")) == 1
    resend = client.post("/api/v1/me/verification", headers=token_for(client, "staff@example.org"))
    assert resend.status_code == 202 and len(verification_links(container, "staff@example.org")) == 2
    done = client.post("/api/v1/me/verification", headers=actors["user"])  # verified already: nothing sent
    assert done.status_code == 202 and "verified already" in done.json()["message"]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp(container):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    container.settings = container.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    yield mailbox
    controller.stop()


def test_the_link_arrives_by_e_mail_and_proves_the_address(client, smtp):
    assert register(client, "mailed@example.org", lang="en").status_code == 202
    [(to, message)] = smtp.messages
    assert to == ["mailed@example.org"] and message["Subject"] == "Confirm your e-mail address"
    content = message.get_content().replace("\r\n", "\n")
    assert content.startswith("Hello Someone,\n\nplease confirm that mailed@example.org is your address by following "
                              "the link below (valid 2 days, once).")
    link = next(line for line in message.get_content().splitlines() if "/verify?token=" in line)
    assert client.post("/api/v1/auth/verify", json={"token": link.split("token=", 1)[1]}).status_code == 200


def test_the_link_is_written_in_french_unless_the_user_said_otherwise(client, smtp):
    assert register(client, "courriel@example.org", requester_type="startup").status_code == 202
    [(_, message)] = smtp.messages
    assert (message["Subject"], message["Content-Language"]) == ("Confirmez votre adresse e-mail", "fr")
    content = message.get_content().replace("\r\n", "\n")
    assert content.startswith("Bonjour Someone,\n\nmerci de confirmer que courriel@example.org est bien votre "
                              "adresse en suivant le lien ci-dessous (valable 2 jours, une fois).")
    assert content.split("\n\n")[2] == "Si vous ne vous êtes pas inscrit(e), ignorez cet e-mail."


@pytest.mark.parametrize("field,value", [("lang", "de"), ("lang", "FR"), ("lang", 1), ("requester_type", "pirate")])
def test_registration_refuses_an_unknown_language_or_requester_type(client, smtp, field, value):
    response = register(client, "refus@example.org", **{field: value})
    assert response.status_code == 422
    assert [d["field"] for d in error(response)["details"]] == [field]
    assert smtp.messages == []


# --- Finding 10: registration reveals no account; weak passwords; throttled sign-in -------------------------

def test_registration_does_not_reveal_an_existing_account(client, actors, smtp):
    new, existing = register(client, "fresh@example.org"), register(client, "user@example.org")
    assert new.status_code == existing.status_code == 202 and new.json() == existing.json()
    notice = [m for to, m in smtp.messages if to == ["user@example.org"]]
    assert [m["Subject"] for m in notice] == ["Vous avez déjà un compte"]  # the account's language: not said
    token = client.post("/api/v1/auth/token", json={"email": "user@example.org", "password": PASSWORD})
    assert token.status_code == 201


@pytest.mark.parametrize("password", ["          ", "1234567890", "weakling@example.org", "azertyuiop"])
def test_weak_passwords_are_refused_naming_the_field(client, password):
    response = register(client, "weakling@example.org", password, name="Weakling")
    assert response.status_code == 422, password
    detail = error(response)["details"][0]
    assert detail["field"] == "password" and "too easy to guess" in detail["message"]


def test_the_test_password_is_strong_enough():
    assert accounts_service.weakness(PASSWORD, user_inputs=["user@example.org", "user"]) is None


def test_failed_sign_ins_are_throttled_per_account(client, actors):
    for _ in range(5):
        wrong = client.post("/api/v1/auth/token", json={"email": "user@example.org", "password": "not my password"})
        assert wrong.status_code == 401
    blocked = client.post("/api/v1/auth/token", json={"email": "user@example.org", "password": "not my password"})
    assert blocked.status_code == 429 and error(blocked)["code"] == "too_many_attempts"
    assert int(blocked.headers["Retry-After"]) >= 1
    right = client.post("/api/v1/auth/token", json={"email": "user@example.org", "password": PASSWORD})
    assert right.status_code == 429  # checked before the password: a guess right now proves nothing
    assert client.post("/api/v1/auth/token", json={"email": "editor@example.org",
                                                   "password": PASSWORD}).status_code == 201


def test_failed_sign_ins_are_throttled_per_client(client, actors):
    for n in range(20):  # one guess per address, many addresses: the account limit never trips
        response = client.post("/api/v1/auth/token", json={"email": f"guess{n}@example.org", "password": "guess"})
        assert response.status_code == 401
    blocked = client.post("/api/v1/auth/token", json={"email": "editor@example.org", "password": PASSWORD})
    assert blocked.status_code == 429 and error(blocked)["code"] == "too_many_attempts"


def test_a_blocked_sign_in_costs_no_password_hash(client, actors, monkeypatch):
    for _ in range(5):
        client.post("/api/v1/auth/token", json={"email": "user@example.org", "password": "not my password"})
    hashes = []
    original = accounts_service.verify_password
    monkeypatch.setattr(accounts_service, "verify_password", lambda *a: hashes.append(1) or original(*a))
    assert client.post("/api/v1/auth/token", json={"email": "user@example.org",
                                                   "password": "x"}).status_code == 429
    assert hashes == []


# --- Finding 9: an organisation always keeps an admin ---------------------------------------------------

def test_the_last_admin_cannot_demote_themself(client, actors):
    response = client.post("/api/v1/organisations/chu-test/members",
                           json={"email": "orgadmin@example.org", "role": "editor"}, headers=actors["orgadmin"])
    assert response.status_code == 409 and error(response)["code"] == "last_admin"
    assert error(response)["details"][0]["field"] == "role" and "last admin" in error(response)["message"]
    assert client.get("/api/v1/me", headers=actors["orgadmin"]).json()["organisations"] == {"chu-test": "admin"}


def test_the_last_admin_cannot_be_removed_even_by_a_platform_admin(client, actors, container):
    with container.sessions() as session:
        orgadmin = session.scalar(select(User.id).where(User.email == "orgadmin@example.org"))
    for who in ("orgadmin", "admin"):
        response = client.delete(f"/api/v1/organisations/chu-test/members/{orgadmin}", headers=actors[who])
        assert response.status_code == 409 and error(response)["code"] == "last_admin", who


def test_with_a_second_admin_the_first_may_step_down(client, actors, container):
    promoted = client.post("/api/v1/organisations/chu-test/members",
                           json={"email": "editor@example.org", "role": "admin"}, headers=actors["orgadmin"])
    assert promoted.status_code == 200
    down = client.post("/api/v1/organisations/chu-test/members",
                       json={"email": "orgadmin@example.org", "role": "editor"}, headers=actors["orgadmin"])
    assert down.status_code == 200 and down.json()["role"] == "editor"
    with container.sessions() as session:
        editor = session.scalar(select(User.id).where(User.email == "editor@example.org"))
    last = client.delete(f"/api/v1/organisations/chu-test/members/{editor}", headers=actors["editor"])
    assert last.status_code == 409 and error(last)["code"] == "last_admin"
