"""Issue 13: the server process takes what it holds for good out of the garbage collector's generations
(`gc.freeze` at start-up); apps made by tests do not (they would keep every test's garbage)."""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app, serving_app
from catalogue.settings import Settings


def test_the_served_app_freezes_its_start_up_heap_and_a_test_app_does_not(tmp_path: Path, monkeypatch):
    settings = Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600)
    assert gc.get_freeze_count() == 0
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() == 0
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    try:
        with TestClient(serving_app()) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 50_000  # the modules, vocabularies and word lists
    finally:
        gc.unfreeze()


def test_catalogue_serve_runs_the_serving_factory(monkeypatch, tmp_path: Path):
    import uvicorn
    from typer.testing import CliRunner

    from api import app as app_module
    from catalogue.cli.main import app as cli

    calls: list[tuple] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    result = CliRunner().invoke(cli, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0][0] == "api.app:serving_app" and calls[0][1]["factory"] is True
    module, name = calls[0][0].split(":")
    assert getattr(app_module, name).__doc__ and module == "api.app"
