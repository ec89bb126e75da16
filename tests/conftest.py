"""Shared fixtures: a real embedded catalogue (SQLite, Tantivy, local files) in a temp directory."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import service as accounts
from catalogue.bootstrap import Container, bootstrap
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from schemas.organisations import OrganisationIn
from tests.shared_data import CORPUS, CORPUS_DIR, REPO, require_shared  # noqa: F401 (tests import them from here)

PASSWORD = "correct horse battery"


def corpus_records() -> list[dict]:
    """The shared corpus; missing, the test skips (fails under CI=true: tests/shared_data.py)."""
    lines = require_shared(CORPUS).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def record() -> dict:
    """A valid description of producer 'chu-test' (taken from the corpus shape)."""
    base = copy.deepcopy(corpus_records()[0])
    base["id"] = "registre-test"
    base["producer"] = {"id": "chu-test", "name": "CHU Test", "type": "university_hospital", "country": "FR"}
    return base


def production_settings() -> dict[str, object]:
    """PostgreSQL (reset), Elasticsearch (a fresh alias) and S3 (a fresh bucket) from services.env."""
    from tests.contracts.conftest import require_real_engine
    from tests.contracts.sql_stores import reset_postgres

    database = require_real_engine("PostgreSQL", "CATALOGUE_TEST_DATABASE_URL")
    elasticsearch = require_real_engine("Elasticsearch", "CATALOGUE_TEST_ES_URL")
    s3 = require_real_engine("S3", "CATALOGUE_TEST_S3_ENDPOINT")
    database = reset_postgres(database)
    unique = uuid.uuid4().hex[:12]
    return dict(
        database_url=database, search_engine="elasticsearch", elasticsearch_url=elasticsearch,
        elasticsearch_index=f"test-{unique}", object_store="s3", s3_endpoint=s3,
        s3_access_key=os.environ.get("CATALOGUE_TEST_S3_ACCESS_KEY"),
        s3_secret_key=os.environ.get("CATALOGUE_TEST_S3_SECRET_KEY"), s3_bucket=f"test-{unique}",
    )


@pytest.fixture(params=["embedded", "production"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Every test using the catalogue runs on the embedded stack and on the production one."""
    engines = production_settings() if request.param == "production" else {}
    return Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600,
                    max_upload_bytes=64 * 1024, **engines)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite catalogue at the migrations' head, made once per run: each embedded-stack test starts
    from a copy instead of running every migration again (tests/contracts/test_migrations.py and the
    migration tests still run them, on both stores)."""
    from catalogue.db import migrate

    import sqlite3

    path = tmp_path_factory.mktemp("migrated") / "catalogue.db"
    migrate(f"sqlite:///{path}")
    with contextlib.closing(sqlite3.connect(path)) as conn:  # everything in the file itself, no WAL beside it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def container(settings: Settings, migrated_sqlite: Path) -> Iterator[Container]:
    fresh = not settings.database_url and not (settings.data_dir / "catalogue.db").exists()
    if fresh:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_sqlite, settings.data_dir / "catalogue.db")
    built = bootstrap(settings, run_migrations=not fresh)
    yield built
    if settings.search_engine == "elasticsearch":
        built.search.drop()  # type: ignore[attr-defined]
    if settings.object_store == "s3":
        from tests.contracts.conftest import drop_bucket

        drop_bucket(built.objects)
    built.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


class Actors:
    """Accounts with their tokens: admin, editor and admin of chu-test, an outsider, a data user."""

    def __init__(self, container: Container) -> None:
        self.headers: dict[str, dict[str, str]] = {}
        with container.uow() as uow:
            for org_id, name in (("chu-test", "CHU Test"), ("other-org", "Other producer")):
                organisations.create(uow, SYSTEM, OrganisationIn(id=org_id, name=name, type="university_hospital"))
            specs = {
                "admin": dict(is_platform_admin=True),
                "editor": {}, "orgadmin": {}, "outsider": {}, "user": {},
                "governance": dict(is_governance=True),
            }
            for key, flags in specs.items():
                user = accounts.create_user(uow, email=f"{key}@example.org", name=key, password=PASSWORD,
                                            verified=True, **flags)
                raw, _ = accounts.issue_token(uow, user, name="test", ttl_days=1)
                self.headers[key] = {"Authorization": f"Bearer {raw}"}
            organisations.add_member(uow, SYSTEM, "chu-test", "editor@example.org", "editor")
            organisations.add_member(uow, SYSTEM, "chu-test", "orgadmin@example.org", "admin")
            organisations.add_member(uow, SYSTEM, "other-org", "outsider@example.org", "admin")
            uow.commit()

    def __getitem__(self, key: str) -> dict[str, str]:
        return self.headers[key]


@pytest.fixture
def actors(container: Container) -> Actors:
    return Actors(container)
