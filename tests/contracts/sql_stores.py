"""SQL stores for the contract suite: a fresh SQLite file, or a reset PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from tests.contracts.conftest import real_engine_down, require_real_engine

STORES = ["sqlite", "postgresql"]


def reset_postgres(url: str) -> None:
    """Drop everything in the test database's public schema (migrations rebuild it)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        real_engine_down("PostgreSQL", "CATALOGUE_TEST_DATABASE_URL", url, exc)
    finally:
        engine.dispose()


def database_url(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'catalogue.db'}"
    url = require_real_engine("PostgreSQL", "CATALOGUE_TEST_DATABASE_URL")
    reset_postgres(url)
    return url
