"""The Alembic migrations build exactly the schema the models declare, on every SQL store."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import catalogue.models  # noqa: F401  (registers every table)
from catalogue.db import Base, make_engine, migrate
from tests.contracts.sql_stores import STORES, database_url


@pytest.mark.parametrize("kind", STORES)
def test_models_and_migrations_agree(kind, tmp_path):
    url = database_url(kind, tmp_path)
    migrate(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
