"""Migration 0012: accounts get an unknown language (read as French); the notifications already stored were
written in English and are marked so; both columns go back on downgrade. On every SQL store."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from tests.contracts.sql_stores import STORES, database_url
from tests.contracts.test_migration_requester_type import _config


@pytest.mark.parametrize("kind", STORES)
def test_existing_notifications_are_marked_english_and_accounts_get_no_language(kind, tmp_path):
    url = database_url(kind, tmp_path)
    cfg = _config(url)
    command.upgrade(cfg, "0011")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (email, name, password_hash, is_platform_admin, is_governance, "
                              "is_active, created_at) VALUES ('old@example.org', 'Old', 'x', false, false, true, "
                              "CURRENT_TIMESTAMP)"))
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(text("INSERT INTO notifications (user_id, email, event, topic, subject, body, created_at, "
                              "delivery, attempts) VALUES (:u, 'old@example.org', 'submitted', 'access_request:1', "
                              "'Your access request was submitted', 'b', CURRENT_TIMESTAMP, 'inbox', 0)"),
                         {"u": user_id})
        command.upgrade(cfg, "0012")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT email, lang FROM users")).all() == [("old@example.org", None)]
            assert conn.execute(text("SELECT subject, lang FROM notifications")).all() == [
                ("Your access request was submitted", "en")]
        command.downgrade(cfg, "0011")
        assert "lang" not in {c["name"] for c in inspect(engine).get_columns("users")}
        assert "lang" not in {c["name"] for c in inspect(engine).get_columns("notifications")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT subject FROM notifications")).scalars().all() == [
                "Your access request was submitted"]
    finally:
        engine.dispose()
