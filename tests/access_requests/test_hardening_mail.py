"""Issue 10, findings 12 and 15: one bad e-mail never blocks the others; TLS is verified; messages
carry Date and Message-ID; failed sends wait out an exponential backoff, then are parked.

Delivery goes to a real local SMTP server (aiosmtpd), refusing some recipients on demand.
"""

from __future__ import annotations

import datetime as dt
import shutil
import smtplib
import ssl
import subprocess
from email.utils import parsedate_to_datetime

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from typer.testing import CliRunner

from catalogue.accounts.models import User
from catalogue.db import as_utc, utcnow
from catalogue.notifications import smtp as mail
from catalogue.notifications.models import Notification
from catalogue.notifications.service import MAX_ATTEMPTS, backoff, deliver_pending
from catalogue.settings import Settings
from tests.access_requests.helpers import setup_datasets
from tests.access_requests.test_notifications import Inbox, free_port, make_due


class Refusing(Inbox):
    """Accepts mail, except for the recipients given a reply in `refuse` (e.g. "550 no such user")."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802, ANN001
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


def start(container, handler, **server) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **server)
    controller.start()
    container.settings = container.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": controller.port, "smtp_from": "Catalogue <catalogue@meetmydata.test>"})
    return controller


@pytest.fixture
def server(container):
    handler = Refusing()
    controller = start(container, handler)
    yield handler
    controller.stop()


def queue(container, *rows: tuple[str, str]) -> list[int]:
    """Notifications as stored rows (also what older versions may have left: any subject text)."""
    with container.sessions() as session, session.begin():
        users = {u.email: u for u in session.scalars(select(User))}
        items = [Notification(user_id=users[email].id, email=email, event="test", topic="test:1", subject=subject,
                              body="Bonjour.", delivery="pending") for email, subject in rows]
        session.add_all(items)
        session.flush()
        return [n.id for n in items]


def states(container, ids: list[int]) -> list[tuple[str, int]]:
    with container.sessions() as session:
        return [(n.delivery, n.attempts) for n in (session.get(Notification, i) for i in ids)]


def test_a_line_break_in_an_enquiry_subject_is_refused_at_input(client, actors, record):
    setup_datasets(client, actors, record)
    for subject in ("Coût\r\nBcc: everyone@evil.example", "Coût\nd'accès", "Coût\x1b[31m"):
        response = client.post("/api/v1/enquiries", headers=actors["user"],
                               json={"dataset_id": "registre-test", "subject": subject, "message": "Quel coût ?"})
        assert response.status_code == 422, subject
        error = response.json()["error"]
        assert error["code"] == "validation_failed"
        assert [d["field"] for d in error["details"]] == ["subject"]


def test_a_stored_subject_with_line_breaks_is_sent_on_one_line_and_blocks_nothing(container, actors, server):
    ids = queue(container, ("user@example.org", "Avant"),
                ("editor@example.org", "Coût\r\nBcc: everyone@evil.example\x1b\u2028fin"),
                ("orgadmin@example.org", "Après"))
    sent = deliver_pending(container.sessions, container.settings)
    assert (sent.emailed, sent.retrying, sent.parked) == (3, 0, 0)
    assert states(container, ids) == [("email", 1)] * 3
    [message] = server.to("editor@example.org")
    assert message["Subject"] == "Coût Bcc: everyone@evil.example fin" and message["Bcc"] is None
    assert [rcpt for rcpt, _ in server.messages] == [["user@example.org"], ["editor@example.org"],
                                                     ["orgadmin@example.org"]]


def test_one_refused_message_is_parked_and_the_others_are_delivered(client, container, actors, server,
                                                                    monkeypatch):
    server.refuse["editor@example.org"] = "550 5.1.1 no such mailbox"
    server.refuse["orgadmin@example.org"] = "451 4.7.1 greylisted, try later"
    ids = queue(container, *[(f"{who}@example.org", f"Message {who}") for who in
                             ("user", "editor", "orgadmin", "outsider", "governance")])
    sent = deliver_pending(container.sessions, container.settings)
    assert (sent.emailed, sent.retrying, sent.parked, sent.parked_total) == (3, 1, 1, 1)
    assert states(container, ids) == [("email", 1), ("failed", 1), ("pending", 1), ("email", 1), ("email", 1)]
    with container.sessions() as session:
        parked, waiting = session.get(Notification, ids[1]), session.get(Notification, ids[2])
        assert "no such mailbox" in parked.last_error and parked.next_attempt_at is None
        assert "greylisted" in waiting.last_error
        # Waits about a minute (±25 %) after its try: not taken again by the next drain.
        assert as_utc(waiting.claimed_at) + dt.timedelta(seconds=45) <= as_utc(waiting.next_attempt_at) \
            <= utcnow() + dt.timedelta(seconds=75)
    assert deliver_pending(container.sessions, container.settings).retrying == 0
    assert states(container, ids)[2] == ("pending", 1)
    assert client.get("/health").json()["engines"]["notifications"] == {"status": "parked", "pending": 1, "parked": 1}
    # `catalogue governance notify` (same database, same server) lists the parked one and exits 0.
    if container.settings.database_url:
        monkeypatch.setenv("CATALOGUE_DATABASE_URL", container.settings.database_url)
    for name in ("data_dir", "smtp_host", "smtp_port", "smtp_from"):
        monkeypatch.setenv(f"CATALOGUE_{name.upper()}", str(getattr(container.settings, name)))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    from catalogue.cli.main import app

    server.refuse.clear()
    make_due(container)
    result = CliRunner().invoke(app, ["governance", "notify"])
    assert result.exit_code == 0, result.output
    assert "1 e-mailed" in result.output and "(1 parked in all)" in result.output
    assert f"parked #{ids[1]} to editor@example.org after 1 attempts: editor@example.org: 550 5.1.1 no such " \
        "mailbox" in result.output
    result = CliRunner().invoke(app, ["governance", "notify", "--retry-parked"])
    assert result.exit_code == 0 and "1 parked notifications queued again" in result.output
    assert states(container, ids) == [("email", 1), ("email", 1), ("email", 2), ("email", 1), ("email", 1)]


def test_a_temporary_refusal_is_retried_with_backoff_then_parked(container, actors, server):
    server.refuse["editor@example.org"] = "452 4.2.2 mailbox full"
    [notification] = queue(container, ("editor@example.org", "Plein"))
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_pending(container.sessions, container.settings)
        with container.sessions() as session:
            row = session.get(Notification, notification)
            assert row.attempts == attempt
            if row.next_attempt_at:
                waits.append(as_utc(row.next_attempt_at) - as_utc(row.claimed_at))
        make_due(container)
    assert states(container, [notification]) == [("failed", MAX_ATTEMPTS)]
    # Each wait within ±25 % of 1, 2, 4 … minutes (capped at 6 hours), computed from the attempt.
    schedule = [min(dt.timedelta(minutes=2 ** n), dt.timedelta(hours=6)) for n in range(MAX_ATTEMPTS - 1)]
    assert len(waits) == MAX_ATTEMPTS - 1
    assert all(0.75 * planned - dt.timedelta(seconds=5) <= wait <= 1.25 * planned + dt.timedelta(seconds=5)
               for wait, planned in zip(waits, schedule, strict=True))


def test_the_backoff_schedule():
    minutes = [backoff(n, rand=lambda: 0.5) / dt.timedelta(minutes=1) for n in range(1, 12)]
    assert minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]
    assert backoff(3, rand=lambda: 0.0) == dt.timedelta(minutes=3)  # 4 minutes - 25 %
    assert backoff(3, rand=lambda: 1.0) == dt.timedelta(minutes=5)  # 4 minutes + 25 %
    assert MAX_ATTEMPTS == 10


def test_messages_carry_date_and_message_id(container, actors, server):
    queue(container, ("user@example.org", "Un"), ("user@example.org", "Deux"))
    before = utcnow().replace(microsecond=0)
    deliver_pending(container.sessions, container.settings)
    first, second = server.to("user@example.org")
    for message in (first, second):
        date = parsedate_to_datetime(message["Date"])
        assert before <= date <= utcnow() and date.utcoffset() == dt.timedelta(0)
        message_id = message["Message-ID"].strip()  # a long header is folded onto its next line
        assert message_id.startswith("<") and message_id.endswith("@meetmydata.test>")
    assert first["Message-ID"] != second["Message-ID"]


# --- TLS: the server's certificate is verified (STARTTLS and implicit TLS), a private CA can be named.

class FakeSMTP:
    """Records what the sender asks of the connection."""

    calls: list[tuple[str, object]] = []

    def __init__(self, host, port, timeout=None, context=None):  # noqa: ANN001
        FakeSMTP.calls.append(("connect", context))

    def __enter__(self):
        return self

    def __exit__(self, *exc):  # noqa: ANN002
        return False

    def starttls(self, context=None):  # noqa: ANN001
        FakeSMTP.calls.append(("starttls", context))

    def login(self, user, password):  # noqa: ANN001
        FakeSMTP.calls.append(("login", user))

    def send_message(self, message):  # noqa: ANN001
        FakeSMTP.calls.append(("send", message["Subject"]))


def verifying(context: object) -> bool:
    return isinstance(context, ssl.SSLContext) and context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_starttls_and_smtps_get_a_verifying_context(monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    FakeSMTP.calls = []
    mail.send(Settings(smtp_host="mail.example", smtp_starttls=True, smtp_username="u", smtp_password="p"),
              to="a@example.org", subject="s", body="b")
    (_, plain), (step, context), *rest = FakeSMTP.calls
    assert plain is None and step == "starttls" and verifying(context) and rest == [("login", "u"), ("send", "s")]
    FakeSMTP.calls = []
    mail.send(Settings(smtp_host="mail.example", smtp_port=465, smtp_ssl=True), to="a@example.org", subject="s",
              body="b")
    assert FakeSMTP.calls[0][0] == "connect" and verifying(FakeSMTP.calls[0][1])
    assert [step for step, _ in FakeSMTP.calls] == ["connect", "send"]
    with pytest.raises(ValueError, match="not both"):
        Settings(smtp_ssl=True, smtp_starttls=True)


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1 (what a man in the middle could present)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


def test_an_unverified_certificate_is_refused_unless_its_ca_is_named(container, actors, certificate):
    cert, context = certificate
    handler = Refusing()
    controller = start(container, handler, tls_context=context, require_starttls=True)
    try:
        container.settings = container.settings.model_copy(update={"smtp_starttls": True})
        [notification] = queue(container, ("user@example.org", "Secret"))
        sent = deliver_pending(container.sessions, container.settings)
        assert (sent.emailed, sent.retrying) == (0, 1) and handler.messages == []
        with container.sessions() as session:
            assert "CERTIFICATE_VERIFY_FAILED" in session.get(Notification, notification).last_error
        container.settings = container.settings.model_copy(update={"smtp_ca_certs": cert})
        make_due(container)
        assert deliver_pending(container.sessions, container.settings).emailed == 1
        assert [m["Subject"] for m in handler.to("user@example.org")] == ["Secret"]
    finally:
        controller.stop()
