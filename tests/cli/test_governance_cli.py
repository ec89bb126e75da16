"""`catalogue governance …` and `catalogue audit …` on a catalogue filled through the API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from api.app import create_app
from catalogue.bootstrap import bootstrap
from catalogue.cli.main import app
from catalogue.settings import load_settings
from tests.access_requests.helpers import act, reviewed, setup_datasets, submitted
from tests.conftest import Actors

runner = CliRunner()


@pytest.fixture
def world(tmp_path, monkeypatch, record):
    """A catalogue in CATALOGUE_DATA_DIR, as the CLI sees it, with a client and actors on it."""
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    container = bootstrap(load_settings())
    with TestClient(create_app(container=container)) as client:
        actors = Actors(container)
        setup_datasets(client, actors, record)
        yield client, actors, container
    container.close()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_pending_show_decide(world):
    client, actors, _ = world
    waiting = submitted(client, actors)
    ready = reviewed(client, actors)
    listing = run("governance", "pending")
    assert listing.exit_code == 0
    assert f"{waiting}" in listing.output and "submitted" in listing.output and "under_review" in listing.output
    shown = run("governance", "show", str(ready))
    assert shown.exit_code == 0, shown.output
    assert "Parcours de soins après AVC" in shown.output and "mr_declaration: MR-004" in shown.output
    assert "access_request.opinion" in shown.output
    refused = run("governance", "decide", str(ready), "--decision", "approve", "--as", "user@example.org")
    assert refused.exit_code == 1 and "only governance staff decide" in refused.output
    early = run("governance", "decide", str(waiting), "--decision", "approve", "--as", "governance@example.org")
    assert early.exit_code == 1 and "invalid_transition" in early.output
    bad = run("governance", "decide", str(ready), "--decision", "maybe", "--as", "governance@example.org")
    assert bad.exit_code == 2
    silent = run("governance", "decide", str(ready), "--decision", "approve", "--as", "governance@example.org")
    assert silent.exit_code == 1 and "a written reason is required to approve" in silent.output
    done = run("governance", "decide", str(ready), "--decision", "approve_with_conditions", "--as",
               "governance@example.org", "--conditions", "agrégats seulement", "--access-until", "2027-12-31",
               "--reason", "projet d'intérêt public")
    assert done.exit_code == 0, done.output
    assert f"access request {ready} is now approved_with_conditions" in done.output
    assert "notifications:" in done.output
    body = client.get(f"/api/v1/access-requests/{ready}", headers=actors["user"]).json()
    assert body["status"] == "approved_with_conditions" and body["access_until"] == "2027-12-31"
    assert run("governance", "show", "999").exit_code == 1


def test_remind_expire_and_audit_commands(world):
    client, actors, container = world
    request_id = reviewed(client, actors)
    act(client, actors, request_id, "approve", "governance", reason="decided", access_until="2020-01-31")
    result = run("governance", "expire")
    assert result.exit_code == 0 and f"1 accesses expired: {request_id}" in result.output
    assert run("governance", "remind", "--days", "1").output.count("requests waiting more than 1 days") == 1

    assert run("audit", "verify").output.startswith("audit chain intact")
    out = run("audit", "export", "--format", "json")
    entries = json.loads(out.stdout)
    assert entries[-1]["action"] == "audit.export" and entries[-2]["action"] == "access_request.expire"
    rows = list(csv.DictReader(io.StringIO(run("audit", "export", "--format", "csv", "--subject-type",
                                               "access_request").stdout)))
    assert {r["subject_type"] for r in rows} == {"access_request"}
    assert run("audit", "export", "--format", "xml").exit_code == 2

    seq = next(e["seq"] for e in entries if e["action"] == "access_request.approve")
    with container.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entries_no_update"))
        conn.execute(text("UPDATE audit_entries SET reason = 'rewritten' WHERE seq = :s"), {"s": seq})
    broken = run("audit", "verify")
    assert broken.exit_code == 1
    assert f"audit chain broken at entry {seq} (access_request.approve on access_request {request_id}" in \
        " ".join(broken.output.split())
