"""Seats under concurrent writers, reminders and the CLI, on both SQL stores (SQLite, PostgreSQL: seats are
rows under the session's lock; search and files stay embedded, so PostgreSQL alone runs them)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from catalogue.accounts import repository as accounts_repo
from catalogue.cli.main import app
from catalogue.principal import Principal
from catalogue.settings import Settings
from catalogue.showcases import service, taking_part
from catalogue.showcases.models import Registration
from schemas.showcases import SessionIn
from tests.contracts.sql_stores import STORES, database_url
from tests.races import race
from tests.showcases.helpers import notifications_of, payload, people, presentable

PAGE = service.page_of("https://catalogue.example.org")


@pytest.fixture(params=STORES)
def settings(request, tmp_path) -> Settings:
    """The `container`, `client` and `actors` of tests/conftest.py, on each SQL store."""
    return Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600,
                    database_url=database_url(request.param, tmp_path))


def person(container, who: str) -> Principal:
    with container.uow() as uow:
        return Principal.of(accounts_repo.user_by_email(uow.session, f"{who}@example.org"))


@pytest.fixture
def session_id(client, actors, record, container) -> int:
    presentable(client, actors, record)
    with container.uow() as uow:
        made = service.schedule(uow, person(container, "editor"), SessionIn(**payload(capacity=2)))
        uow.commit()
        return made.id


def places(container, session_id: int) -> list[tuple[str, int | None]]:
    with container.uow() as uow:
        rows = uow.session.scalars(select(Registration).where(Registration.session_id == session_id))
        return sorted(((r.status, r.position) for r in rows), key=lambda p: (p[0], p[1] or 0))


NAMES = ("a1", "a2", "a3", "a4", "a5", "a6")


def test_concurrent_registrations_never_exceed_the_capacity(container, session_id):
    people(container, *NAMES)
    actors = [person(container, n) for n in NAMES]
    outcomes = race(container, *(lambda uow, who=who: taking_part.register(uow, who, session_id, PAGE)
                                 for who in actors))
    assert outcomes == ["ok"] * 6
    assert places(container, session_id) == [("registered", None)] * 2 + [("waiting", n) for n in (1, 2, 3, 4)]


def test_concurrent_cancellations_and_registrations_keep_the_seats_full(container, session_id):
    people(container, *NAMES)
    actors = [person(container, n) for n in NAMES]
    for who in actors[:4]:  # two seated, two waiting
        with container.uow() as uow:
            taking_part.register(uow, who, session_id, PAGE)
            uow.commit()
    acts = [lambda uow, who=who: taking_part.unregister(uow, who, session_id, PAGE) for who in actors[:2]]
    acts += [lambda uow, who=who: taking_part.register(uow, who, session_id, PAGE) for who in actors[4:]]
    assert race(container, *acts) == ["ok"] * 4
    found = places(container, session_id)
    assert [s for s, _ in found].count("registered") == 2
    assert [s for s, _ in found].count("cancelled") == 2 and [s for s, _ in found].count("waiting") == 2
    with container.uow() as uow:
        seated = {u.email for r, u, _ in taking_part.attendees(uow, person(container, "editor"), session_id)
                  if r.status == "registered"}
    assert seated == {"a3@example.org", "a4@example.org"}  # the first two in line, whatever the order of the race


def test_reminded_once_seated_people_only(container, session_id):
    people(container, "r1", "r2", "r3")
    for name in ("r1", "r2", "r3"):
        with container.uow() as uow:
            taking_part.register(uow, person(container, name), session_id, PAGE)
            uow.commit()
    with container.uow() as uow:
        start = service.get(uow, session_id).start
    too_early = start - dt.timedelta(hours=30)
    on_time = start - dt.timedelta(hours=20)
    for now, expected in ((too_early, 0), (on_time, 2), (on_time, 0), (start - dt.timedelta(hours=1), 0)):
        with container.uow() as uow:
            assert service.remind(uow, PAGE, now=now) == expected
            uow.commit()
    assert [n.event for n in notifications_of(container, "r1@example.org")] == ["session_registered",
                                                                                 "session_reminder"]
    assert [n.event for n in notifications_of(container, "r3@example.org")] == ["session_waiting"]
    reminder = notifications_of(container, "r2@example.org")[-1]
    assert reminder.subject == "Demain : Le registre en pratique" and "BEGIN:VEVENT" in reminder.body


def test_cli_lists_and_reminds(container, session_id, monkeypatch):
    people(container, "c1")
    with container.uow() as uow:
        taking_part.register(uow, person(container, "c1"), session_id, PAGE)
        uow.commit()
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(container.settings.data_dir))
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()
    listed = runner.invoke(app, ["sessions", "list"])
    assert listed.exit_code == 0, listed.output
    assert f"#{session_id}  " in listed.output
    assert "14:00 Europe/Paris  chu-test  1/2 seats, 0 waiting  Le registre en pratique" in listed.output
    assert "1 coming sessions" in listed.output
    assert runner.invoke(app, ["sessions", "list", "--organisation", "other-org"]).output.strip() == \
        "0 coming sessions"
    nothing = runner.invoke(app, ["sessions", "remind"])  # ten days ahead: not yet
    assert nothing.exit_code == 0 and nothing.output.startswith("reminders: 0 notifications")
    sent = runner.invoke(app, ["sessions", "remind", "--hours", "168"])
    assert sent.exit_code == 0 and "reminders: 0 notifications" in sent.output  # still more than 7 days ahead
    with container.uow() as uow:
        found = service.get(uow, session_id)
        found.starts_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=5)
        uow.commit()
    assert runner.invoke(app, ["sessions", "remind"]).output.startswith("reminders: 1 notifications")
    assert runner.invoke(app, ["sessions", "remind"]).output.startswith("reminders: 0 notifications")
    assert runner.invoke(app, ["sessions", "remind", "--hours", "0"]).exit_code == 2
