"""SQL stores for the contract suites: a fresh SQLite file, or a fresh PostgreSQL schema.

Each test run works in its own PostgreSQL schema (set through `search_path`), so two runs against
the same server never drop each other's tables; the schema is removed when the run ends.
"""

from __future__ import annotations

import atexit
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

from tests.contracts.conftest import real_engine_down, require_real_engine

STORES = ["sqlite", "postgresql"]
SCHEMA = f"test_{uuid.uuid4().hex[:12]}"
_created: set[str] = set()


def _in_schema(url: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={SCHEMA}')}"


def _drop_schema(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
    finally:
        engine.dispose()


def reset_postgres(url: str) -> str:
    """Empty this run's schema (migrations rebuild it); returns the URL that works inside it."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        real_engine_down("PostgreSQL", "CATALOGUE_TEST_DATABASE_URL", url, exc)
    finally:
        engine.dispose()
    if url not in _created:
        _created.add(url)
        atexit.register(_drop_schema, url)
    return _in_schema(url)


def database_url(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'catalogue.db'}"
    return reset_postgres(require_real_engine("PostgreSQL", "CATALOGUE_TEST_DATABASE_URL"))
