"""The `catalogue` command line starts light: building the app and answering `--help` (of the app, of each group,
of each command) imports typer and rich, not the engines. Each command imports what it uses when it runs
(catalogue/cli/context.py). Not timed: what is checked is which modules get imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# Packages `--help` must not load: the domain's engines, search, the adapters and what they pull in. Not pydantic:
# typer itself imports it to build a command's parameters (typer._adapters), though not for `catalogue --help`.
HEAVY = {
    "sqlalchemy", "alembic", "psycopg", "pydantic_settings", "search", "schemas", "api", "zxcvbn",
    "argon2", "fastapi", "starlette", "uvicorn", "tantivy", "Stemmer", "snowballstemmer", "elasticsearch", "minio",
    "rdflib", "ckanapi", "openpyxl", "jinja2",
}
GROUPS = ["users", "orgs", "harvest", "governance", "audit", "outbox", "saved-searches", "needs", "invite",
          "sessions", "stats"]
COMMANDS = ["serve", "import", "export", "template", "reindex"]


def python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def loaded(modules: list[str], heavy: set[str] = HEAVY) -> list[str]:
    """The heavy modules among those imported, and the project's modules outside the CLI."""
    return [m for m in modules if m.split(".")[0] in heavy
            or (m.startswith("catalogue.") and m != "catalogue.cli" and not m.startswith("catalogue.cli."))]


def test_importing_the_cli_loads_no_engine():
    done = python("import catalogue.cli.main, json, sys; print(json.dumps(sorted(sys.modules)))")
    assert done.returncode == 0, done.stderr
    assert loaded(json.loads(done.stdout), HEAVY | {"pydantic"}) == []


def test_help_of_every_group_and_command_loads_no_engine():
    """Every `--help`, rendered in one process: each exits 0, and none imports a heavy module."""
    code = """
import contextlib, io, json, sys
import typer
from catalogue.cli.main import app

def paths(command, prefix):
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, [*prefix, name])

codes = {}
for path in paths(typer.main.get_command(app), []):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            app([*path, "--help"], prog_name="catalogue")
        except SystemExit as exc:
            codes[" ".join(path)] = exc.code
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""
    done = python(code)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert {*GROUPS, *COMMANDS, "", "users create-admin", "governance decide", "audit export"} <= set(result["codes"])
    assert set(result["codes"].values()) == {0}
    assert loaded(result["modules"]) == []


def test_catalogue_help_names_every_group_and_command():
    script = Path(sys.executable).with_name("catalogue")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "catalogue.cli.main"]
    done = subprocess.run([*cli, "--help"], cwd=REPO, env={**os.environ, "COLUMNS": "200"}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for name in [*GROUPS, *COMMANDS]:
        assert name in done.stdout, name
