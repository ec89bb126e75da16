"""The `catalogue` command line: import errors and exit status, export round trip, admin, reindex."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from catalogue.cli.main import app
from tests.conftest import CORPUS, corpus_records

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    return tmp_path


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_import_reports_line_errors_and_fails(env, record):
    bad = copy.deepcopy(record)
    bad["id"] = "bad-line"
    bad["access"]["rights"] = "OPEN"
    path = env / "in.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(bad) + "\n{oops\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}:2" in result.output and "access.rights" in result.output
    assert f"{path}:3" in result.output and "invalid JSON" in result.output
    assert "created 1" in result.output and "failed 2" in result.output
    result = run("export", "--all")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["registre-test"]


def test_corpus_import_export_round_trip(env):
    corpus_records()
    result = run("import", "--publish", str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "created 90" in result.output and "failed 0" in result.output
    out = env / "export.jsonl"
    assert run("export", "-o", str(out)).exit_code == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 90
    # Into a second, empty catalogue, then out again: identical.
    second = env / "second"
    result = runner.invoke(app, ["import", "--publish", str(out)], env={"CATALOGUE_DATA_DIR": str(second)})
    assert result.exit_code == 0 and "created 90" in result.output
    result = runner.invoke(app, ["export"], env={"CATALOGUE_DATA_DIR": str(second)})
    assert [json.loads(line) for line in result.stdout.splitlines()] == exported


def test_admin_commands(env):
    result = runner.invoke(app, ["users", "create-admin", "--email", "root@example.org"],
                           env={"CATALOGUE_NEW_PASSWORD": "a long enough secret"})
    assert result.exit_code == 0 and "platform admin root@example.org" in result.output
    again = runner.invoke(app, ["users", "create-admin", "--email", "root@example.org"],
                          env={"CATALOGUE_NEW_PASSWORD": "a long enough secret"})
    assert again.exit_code == 1 and "already exists" in again.output
    short = run("users", "create", "--email", "x@example.org", "--name", "X", "--password", "short")
    assert short.exit_code == 1 and "password" in short.output
    assert run("orgs", "create", "--id", "chu-x", "--name", "CHU X", "--type", "university_hospital").exit_code == 0
    bad = run("orgs", "create", "--id", "Bad Id", "--name", "X", "--type", "nope")
    assert bad.exit_code == 2 and "id" in bad.output and "type" in bad.output
    assert run("users", "create", "--email", "e@example.org", "--name", "E",
               "--password", "a long enough secret").exit_code == 0
    assert run("orgs", "add-member", "--org", "chu-x", "--email", "e@example.org", "--role", "admin").exit_code == 0
    listing = run("users", "list")
    assert "admin@chu-x" in listing.output
    token = run("users", "token", "--email", "e@example.org")
    assert token.exit_code == 0 and token.stdout.strip().startswith("mmd_")


def test_reindex_rebuilds_from_the_database(env, record):
    path = env / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run("import", "--publish", str(path)).exit_code == 0
    result = run("reindex")
    assert result.exit_code == 0 and "indexed 1 published" in result.output


def test_bad_configuration_is_named(env, monkeypatch):
    monkeypatch.setenv("CATALOGUE_ENV", "production")
    result = run("export")
    assert result.exit_code == 2
    assert "SECRET_KEY" in result.output


def test_serve_refuses_a_number_of_workers_out_of_range(tmp_path):
    for bad in ("0", "-3", "65", "many"):
        result = runner.invoke(app, ["serve", "--workers", bad], env={"CATALOGUE_DATA_DIR": str(tmp_path)})
        assert result.exit_code == 2 and "--workers" in result.output, (bad, result.output)
