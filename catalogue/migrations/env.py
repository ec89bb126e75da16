"""Alembic environment: migrations run against the URL set by catalogue.db.migrate."""

from alembic import context
from sqlalchemy import pool

from catalogue.db import Base, make_engine
import catalogue.models  # noqa: F401  (registers every table on Base.metadata)

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: the migrations run through catalogue.db.migrate, which sets it")
    return url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch mode rebuilds a SQLite table (copy, drop, rename) to drop a column: with foreign keys
            # enforced, dropping `users` would cascade to the rows that point at it (notifications, tokens…).
            # The pragma only takes effect outside a transaction, hence on the driver's connection, before
            # SQLAlchemy begins one.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
