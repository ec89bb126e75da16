"""Notifications: e-mailed through a real local SMTP server (aiosmtpd), else kept in the inbox;
retries with backoff when the server is down, then parked; reminders for requests waiting too long."""

from __future__ import annotations

import datetime as dt
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update

from catalogue.access_requests import schedule
from catalogue.notifications.models import Notification
from catalogue.notifications.service import MAX_ATTEMPTS, deliver_pending
from tests.access_requests.helpers import act, opinion, reviewed, setup_datasets, submitted


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(container):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    container.settings = container.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": controller.port, "smtp_from": "catalogue@meetmydata.test"})
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def inbox(client, actors, who: str, **params) -> list[dict]:
    return client.get("/api/v1/notifications", headers=actors[who], params=params).json()


def test_events_are_emailed_over_smtp_in_each_recipients_language(client, actors, smtp):
    """The requester reads English (set through the API); the others said nothing: French, the default."""
    me = client.patch("/api/v1/me", headers=actors["user"], json={"lang": "en"})
    assert me.status_code == 200 and me.json()["lang"] == "en"
    request_id = submitted(client, actors)
    mail = smtp.to("user@example.org")
    assert len(mail) == 1
    assert mail[0]["Subject"] == f"Your access request #{request_id} “Parcours de soins après AVC” was submitted"
    assert (mail[0]["From"], mail[0]["Content-Language"]) == ("catalogue@meetmydata.test", "en")
    body = mail[0].get_content()
    assert "public register will show" in body and body.split()[-1] == f"http://127.0.0.1:8000/requests/{request_id}"
    staff = smtp.to("governance@example.org")[0]
    assert staff["Subject"] == f"Nouvelle demande d’accès n° {request_id} « Parcours de soins après AVC »"
    assert staff["Content-Language"] == "fr"
    act(client, actors, request_id, "start_review", "governance")
    for producer in ("editor@example.org", "orgadmin@example.org", "outsider@example.org"):
        assert smtp.to(producer)[0]["Subject"].startswith("Votre avis est attendu sur la demande d’accès"), producer
        assert smtp.to(producer)[0].get_content().startswith(
            f"L’examen de la demande d’accès n° {request_id} « Parcours de soins après AVC » a commencé. Merci "
            "d’enregistrer votre avis pour vos jeux de données ("), producer
    opinion(client, actors, request_id, "registre-test", "orgadmin")
    opinion(client, actors, request_id, "cohorte-autre", "outsider")
    assert smtp.to("governance@example.org")[-1]["Subject"].startswith("Tous les avis sont arrivés")
    act(client, actors, request_id, "request_changes", "governance", reason="Précisez la durée")
    changes = smtp.to("user@example.org")[-1]
    assert changes["Subject"].startswith("Changes requested on access request")
    paragraphs = changes.get_content().replace("\r\n", "\n").split("\n\n")
    assert paragraphs[1:3] == ["Précisez la durée", "Edit the request, then resubmit it."]
    assert not smtp.to("teammate@example.org")  # a team member without an account is not mailed
    # The inbox keeps them all, marked as e-mailed, with the language they are written in.
    rows = inbox(client, actors, "user")
    assert [(n["event"], n["delivery"], n["lang"]) for n in rows] == [
        ("changes_requested", "email", "en"), ("submitted", "email", "en")]


def test_decision_reaches_requester_and_producers(client, actors, smtp):
    request_id = reviewed(client, actors)
    act(client, actors, request_id, "approve", "governance", reason="ok")
    for who in ("user@example.org", "editor@example.org", "outsider@example.org"):
        assert smtp.to(who)[-1]["Subject"].endswith(" : approuvée"), who
    assert "L’accès prend fin le " in smtp.to("user@example.org")[-1].get_content()
    assert "Motif : ok" in smtp.to("user@example.org")[-1].get_content()
    assert all("Décision" not in m["Subject"] for m in smtp.to("governance@example.org"))  # the decider


def test_without_smtp_notifications_land_in_the_inbox(client, actors):
    request_id = submitted(client, actors)
    rows = inbox(client, actors, "governance")
    assert [(n["event"], n["delivery"], n["read"]) for n in rows] == [("submitted", "inbox", False)]
    assert rows[0]["link"] == f"/api/v1/access-requests/{request_id}"
    assert client.post(f"/api/v1/notifications/{rows[0]['id']}/read", headers=actors["user"]).status_code == 404
    read = client.post(f"/api/v1/notifications/{rows[0]['id']}/read", headers=actors["governance"])
    assert read.status_code == 200 and read.json()["read"] is True
    assert inbox(client, actors, "governance", unread="true") == []
    assert client.get("/api/v1/notifications").status_code == 401


def make_due(container) -> None:
    """What waiting out every backoff would do, without waiting."""
    with container.sessions() as session, session.begin():
        session.execute(update(Notification).where(Notification.delivery == "pending")
                        .values(next_attempt_at=None))


def test_an_unreachable_server_is_retried_with_backoff_then_parked(client, actors, container):
    container.settings = container.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    submitted(client, actors)  # delivery fails after the request: the request itself succeeded
    with container.sessions() as session:
        rows = session.query(Notification).order_by(Notification.id).all()
        # The server is down: the first message is tried and waits; the others wait for the next drain, untried.
        assert [(r.delivery, r.attempts, r.next_attempt_at is not None) for r in rows] == \
            [("pending", 1, True), ("pending", 0, False)]
        assert "Connection refused" in rows[0].last_error
    assert deliver_pending(container.sessions, container.settings).retrying == 1  # only the untried one is due
    assert deliver_pending(container.sessions, container.settings).retrying == 0  # both wait now
    for _ in range(2 * MAX_ATTEMPTS):
        make_due(container)
        deliver_pending(container.sessions, container.settings)
    with container.sessions() as session:
        assert {(r.delivery, r.attempts) for r in session.query(Notification).all()} == {("failed", MAX_ATTEMPTS)}


def test_reminders_for_requests_waiting_too_long(client, actors, container):
    waiting = submitted(client, actors)
    in_review = submitted(client, actors)
    act(client, actors, in_review, "start_review", "governance")
    opinion(client, actors, in_review, "registre-test", "orgadmin")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    with container.uow() as uow:
        assert schedule.remind(uow, days=10, now=later) == []
        done = {(r.request_id, r.status) for r in schedule.remind(uow, days=7, now=later)}
        uow.commit()
    assert done == {(waiting, "submitted"), (in_review, "under_review")}
    with container.uow() as uow:  # once per wait: not again the same week
        assert schedule.remind(uow, days=7, now=later + dt.timedelta(days=1)) == []
        assert len(schedule.remind(uow, days=7, now=later + dt.timedelta(days=8))) == 2
    gov = [n for n in inbox(client, actors, "governance") if n["event"] == "reminder"]
    assert len(gov) == 1 and gov[0]["subject"] == (
        f"Rappel : la demande d’accès n° {waiting} « Parcours de soins après AVC » est « déposée » depuis plus de "
        "7 jours")
    assert gov[0]["body"].endswith("depuis plus de 7 jours : son examen n’a pas commencé.")
    outsider = [n for n in inbox(client, actors, "outsider") if n["event"] == "reminder"]
    assert len(outsider) == 1 and outsider[0]["body"].endswith(": des avis sont encore attendus sur cohorte-autre.")
    assert not [n for n in inbox(client, actors, "orgadmin") if n["event"] == "reminder"]  # gave its opinion
