"""`catalogue invite …` on a freshly loaded catalogue: every producer is unstaffed; its contacts get a claim link;
a claim is confirmed from the CLI; bad input exits with the field named."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from catalogue.bootstrap import bootstrap
from catalogue.cli.main import app
from catalogue.notifications.models import Notification
from catalogue.settings import load_settings
from tests.conftest import CORPUS, corpus_records

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    corpus_records()
    assert runner.invoke(app, ["import", "--publish", str(CORPUS)]).exit_code == 0
    return tmp_path


def run(*args: str):
    return runner.invoke(app, list(args))


def links_sent() -> list[tuple[str, str, str | None]]:
    container = bootstrap(load_settings(), run_migrations=False)
    try:
        with container.sessions() as session:
            return [(n.email, n.event, n.link) for n in session.scalars(select(Notification).order_by(Notification.id))]
    finally:
        container.close()


def test_a_fresh_catalogue_is_unstaffed_and_its_contacts_can_claim(env):
    listing = run("invite", "unstaffed")
    assert listing.exit_code == 0
    producers = {r["producer"]["id"] for r in corpus_records()}
    assert f"{len(producers)} of {len(producers)} organisations have no member" in listing.output
    org = sorted(producers)[0]
    contact = next(r["contact"]["email"].lower() for r in corpus_records() if r["producer"]["id"] == org)
    sent = run("invite", "claim", "--org", org)
    assert sent.exit_code == 0 and f"link sent to {contact}" in sent.output
    assert (contact, "claim_invitation") == links_sent()[0][:2] and links_sent()[0][2].startswith("/join/")
    assert run("invite", "claims").exit_code == 0
    bad = run("invite", "trust", "--org", org, "--domain", "not a domain")
    assert bad.exit_code == 1 and "is not an e-mail domain" in bad.output
    trusted = run("invite", "trust", "--org", org, "--domain", "Example.ORG")
    assert trusted.exit_code == 0 and "trusted domains example.org" in trusted.output
    assert run("invite", "claim", "--org", "no-such-org").exit_code == 1
    assert run("invite", "confirm", "999").exit_code == 1


def test_members_are_invited_and_a_staffed_producer_cannot_be_claimed(env):
    org = sorted({r["producer"]["id"] for r in corpus_records()})[1]
    invited = run("invite", "member", "--org", org, "--email", "Nouvelle@Example.org", "--role", "admin")
    assert invited.exit_code == 0 and f"nouvelle@example.org invited to {org} as admin" in invited.output
    assert links_sent()[-1][:2] == ("nouvelle@example.org", "invitation")
    assert run("invite", "member", "--org", org, "--email", "x@example.org", "--role", "owner").exit_code == 2
    assert run("users", "create", "--email", "m@example.org", "--name", "M", "--password", "a long enough secret",
               "--verified").exit_code == 0
    assert run("orgs", "add-member", "--org", org, "--email", "m@example.org", "--role", "admin").exit_code == 0
    staffed = run("invite", "claim", "--org", org)
    assert staffed.exit_code == 1 and "already has members" in staffed.output
