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


def test_the_served_process_limits_its_malloc_arenas(monkeypatch):
    from api import app as app_module

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, option: int, value: int) -> int:
            calls.append((option, value))
            return 1

    monkeypatch.setattr(app_module.ctypes, "CDLL", lambda name: Libc())
    assert app_module.limit_malloc_arenas() is True and calls == [(-8, 2)]  # M_ARENA_MAX, 2
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # the operator's setting stands
    assert app_module.limit_malloc_arenas() is False and calls == [(-8, 2)]
    monkeypatch.delenv("MALLOC_ARENA_MAX")

    def missing(name):
        raise OSError(name)

    monkeypatch.setattr(app_module.ctypes, "CDLL", missing)  # no glibc here (musl, macOS)
    assert app_module.limit_malloc_arenas() is False
    made = []
    monkeypatch.setattr(app_module, "limit_malloc_arenas", lambda: made.append(True))
    monkeypatch.setattr(app_module, "create_app", lambda **kw: kw)
    assert app_module.serving_app() == {"freeze_heap": True} and made == [True]


def test_glibc_accepts_the_limit(monkeypatch):
    from api.app import limit_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True  # our machines run glibc: mallopt answered 1
