"""Fixtures shared by the contract suites, and the one rule for real engines.

A contract suite runs against the embedded engine always and against a real server when its
CATALOGUE_TEST_* variable is set (`scripts/services.sh start` then
`. "$(scripts/services.sh env --path)"`).  Unset, those tests are skipped on a developer's
machine but FAIL in CI (CI=true): CI must always prove the real engines.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

SERVICES_HINT = 'start it with `scripts/services.sh start` and `. "$(scripts/services.sh env --path)"`'


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_real_engine(name: str, env_var: str) -> str:
    """The value of env_var, which points the contract tests at a real `name` server.

    Unset: skip, except in CI (CI=true), where the test fails because CI must test every engine.
    """
    value = os.environ.get(env_var, "").strip()
    if value:
        return value
    if in_ci():
        pytest.fail(f"CI=true but {env_var} is not set: the {name} contract tests must run in CI; "
                    f"{SERVICES_HINT}", pytrace=False)
    pytest.skip(f"{name} not configured: set {env_var} to run these tests ({SERVICES_HINT})")


def real_engine_down(name: str, env_var: str, value: str, error: object) -> None:
    """Fail with one clear message when a configured server does not answer."""
    pytest.fail(f"{env_var}={value} is set but {name} does not answer ({error}); {SERVICES_HINT}, "
                f"or unset {env_var} to skip", pytrace=False)


# -- S3 ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def s3_config() -> dict[str, str]:
    """Connection settings of the test S3 server (CATALOGUE_TEST_S3_*)."""
    endpoint = require_real_engine("S3", "CATALOGUE_TEST_S3_ENDPOINT")
    return {
        "endpoint": endpoint,
        "access_key": os.environ.get("CATALOGUE_TEST_S3_ACCESS_KEY", ""),
        "secret_key": os.environ.get("CATALOGUE_TEST_S3_SECRET_KEY", ""),
    }


def make_s3_store(config: dict[str, str], bucket: str):
    from catalogue.objects.s3 import S3ObjectStore

    return S3ObjectStore(bucket=bucket, **config)


def drop_bucket(store) -> None:
    """Delete every object, then the bucket itself (absent buckets are ignored)."""
    client, bucket = store.client, store.bucket
    if not client.bucket_exists(bucket):
        return
    for item in client.list_objects(bucket, recursive=True):
        client.remove_object(bucket, item.object_name)
    client.remove_bucket(bucket)


@pytest.fixture(scope="session")
def s3_bucket(s3_config: dict[str, str]) -> Iterator[str]:
    """A bucket unique to this test session, created here and removed with its objects at the end."""
    from catalogue.objects.port import ObjectStoreUnavailable

    name = f"catalogue-test-{uuid.uuid4().hex[:12]}"
    store = make_s3_store(s3_config, name)
    try:
        store.ensure_bucket()
    except ObjectStoreUnavailable as exc:
        real_engine_down("S3", "CATALOGUE_TEST_S3_ENDPOINT", s3_config["endpoint"], exc)
    yield name
    drop_bucket(store)


@pytest.fixture
def s3_store(s3_config: dict[str, str], s3_bucket: str):
    """An S3ObjectStore on the session bucket, emptied after each test."""
    store = make_s3_store(s3_config, s3_bucket)
    yield store
    for item in store.client.list_objects(s3_bucket, recursive=True):
        store.client.remove_object(s3_bucket, item.object_name)
