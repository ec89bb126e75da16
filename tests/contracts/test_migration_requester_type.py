"""Migration 0010 adds the optional requester type to accounts that already exist, on every SQL store."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

import catalogue.db
from tests.contracts.sql_stores import STORES, database_url


def _config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(catalogue.db.__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@pytest.mark.parametrize("kind", STORES)
def test_existing_accounts_get_no_requester_type_and_the_column_goes_back(kind, tmp_path):
    url = database_url(kind, tmp_path)
    cfg = _config(url)
    command.upgrade(cfg, "0009")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (email, name, password_hash, is_platform_admin, is_governance, "
                              "is_active, created_at) VALUES ('old@example.org', 'Old', 'x', false, false, true, "
                              "CURRENT_TIMESTAMP)"))
        command.upgrade(cfg, "0010")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT email, requester_type FROM users")).all() == [("old@example.org", None)]
        with engine.begin() as conn:
            conn.execute(text("UPDATE users SET requester_type = 'public_agency'"))
        command.downgrade(cfg, "0009")
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "requester_type" not in columns and "email_verified_at" in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT email FROM users")).scalars().all() == ["old@example.org"]
    finally:
        engine.dispose()
