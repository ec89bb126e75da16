"""What only the S3 store does: bucket creation, presigned links, errors of a real server.

Runs when CATALOGUE_TEST_S3_ENDPOINT is set (fails in CI without it, see conftest.py).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

import pytest

from catalogue.errors import NotFound
from catalogue.objects.port import ObjectStoreUnavailable
from tests.contracts.conftest import drop_bucket, make_s3_store


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test server
        return response.read()


def test_bucket_created_on_start_and_idempotent(s3_config):
    store = make_s3_store(s3_config, f"catalogue-test-{uuid.uuid4().hex[:12]}")
    try:
        assert not store.client.bucket_exists(store.bucket)
        assert store.health()["status"] == "down"  # says why: the bucket is missing
        store.ensure_bucket()
        store.ensure_bucket()
        assert store.client.bucket_exists(store.bucket)
        assert store.health()["status"] == "ok"
    finally:
        drop_bucket(store)


def test_first_upload_creates_missing_bucket(s3_config):
    store = make_s3_store(s3_config, f"catalogue-test-{uuid.uuid4().hex[:12]}")
    try:
        store.put("a/1", iter([b"hello"]), content_type="text/plain", max_bytes=100)
        assert b"".join(store.open("a/1")) == b"hello"
    finally:
        drop_bucket(store)


def test_presigned_url_downloads_then_expires(s3_store):
    s3_store.put("docs/report.csv", iter([b"a;b\n1;2\n"]), content_type="text/csv", max_bytes=100)
    assert _get(s3_store.presigned_url("docs/report.csv")) == b"a;b\n1;2\n"

    short = s3_store.presigned_url("docs/report.csv", expires=timedelta(seconds=1))
    time.sleep(2.5)  # a signature's expiry is wall-clock time: nothing to refresh instead
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(short)
    assert caught.value.code == 403


def test_presigned_url_checks_its_inputs(s3_store):
    with pytest.raises(ValueError):
        s3_store.presigned_url("docs/x", expires=timedelta(days=8))
    with pytest.raises(ValueError):
        s3_store.presigned_url("../x")


def test_content_type_is_kept(s3_store):
    s3_store.put("docs/page.html", iter([b"<p>"]), content_type="text/html", max_bytes=100)
    assert s3_store.client.stat_object(s3_store.bucket, "docs/page.html").content_type == "text/html"


def test_wrong_credentials_are_unavailable_not_missing(s3_config, s3_bucket):
    store = make_s3_store({**s3_config, "secret_key": "wrong-secret-key"}, s3_bucket)
    with pytest.raises(ObjectStoreUnavailable, match="SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied"):
        store.open("k/1")
    with pytest.raises(ObjectStoreUnavailable):
        store.put("k/1", iter([b"x"]), content_type="text/plain", max_bytes=10)
    assert store.health()["status"] == "down"


def test_missing_object_is_not_found(s3_store):
    with pytest.raises(NotFound):
        s3_store.open("docs/absent")
