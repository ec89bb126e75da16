"""Object-store contract, run against every implementation: local files always, S3 when configured.

S3 runs when CATALOGUE_TEST_S3_ENDPOINT (+ _ACCESS_KEY, _SECRET_KEY) is set, in a bucket unique to
the session; see tests/contracts/conftest.py for the skip / fail-in-CI rule.
"""

from __future__ import annotations

import hashlib

import pytest

from catalogue.errors import NotFound, TooLarge
from catalogue.objects.local import LocalObjectStore

MIB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalObjectStore(tmp_path / "objects")
    if request.param == "s3":
        return request.getfixturevalue("s3_store")  # skips (or fails in CI) when S3 is not configured
    raise AssertionError(request.param)


def test_put_streams_and_records_checksum(store):
    chunks = [b"a" * 70000, b"b" * 10]
    stored = store.put("datasets/x/1", iter(chunks), content_type="text/plain", max_bytes=10**6)
    assert stored.size == 70010
    assert stored.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()
    assert b"".join(store.open("datasets/x/1")) == b"".join(chunks)
    assert store.exists("datasets/x/1")


def test_too_large_keeps_nothing(store):
    with pytest.raises(TooLarge):
        store.put("datasets/x/big", iter([b"0" * 600, b"0" * 600]), content_type="text/plain", max_bytes=1000)
    assert not store.exists("datasets/x/big")


def test_replace_delete_and_missing(store):
    store.put("k/1", iter([b"one"]), content_type="text/plain", max_bytes=100)
    store.put("k/1", iter([b"two"]), content_type="text/plain", max_bytes=100)
    assert b"".join(store.open("k/1")) == b"two"
    store.delete("k/1")
    store.delete("k/1")
    with pytest.raises(NotFound):
        store.open("k/1")


def test_failed_replace_keeps_previous_version(store):
    store.put("k/keep", iter([b"v1"]), content_type="text/plain", max_bytes=100)
    with pytest.raises(TooLarge):
        store.put("k/keep", iter([b"v2" * 100]), content_type="text/plain", max_bytes=100)
    assert b"".join(store.open("k/keep")) == b"v1"


def test_failing_source_keeps_nothing(store):
    def chunks():
        yield b"x" * 1000
        raise RuntimeError("client went away")

    with pytest.raises(RuntimeError):
        store.put("k/broken", chunks(), content_type="text/plain", max_bytes=10**6)
    assert not store.exists("k/broken")


def test_large_upload_spans_several_parts(store):
    """Past 5 MiB an S3 upload is multipart: the parts must join back in order."""
    chunks = [bytes([i]) * (64 * 1024) for i in range(100)] + [b"tail"]  # 6.25 MiB + 4 bytes
    data = b"".join(chunks)
    stored = store.put("big/1", iter(chunks), content_type="application/octet-stream", max_bytes=20 * MIB)
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert b"".join(store.open("big/1")) == data


def test_too_large_after_first_part_keeps_nothing(store):
    with pytest.raises(TooLarge):
        store.put("big/2", iter([b"z" * MIB] * 12), content_type="application/octet-stream", max_bytes=7 * MIB)
    assert not store.exists("big/2")


def test_download_can_stop_early(store):
    store.put("k/stream", iter([b"s" * 300_000]), content_type="text/plain", max_bytes=10**6)
    stream = store.open("k/stream")
    assert next(iter(stream))
    stream.close()  # gives the file / connection back without reading the rest
    assert b"".join(store.open("k/stream")) == b"s" * 300_000


def test_missing_key(store):
    assert not store.exists("k/none")
    with pytest.raises(NotFound):
        store.open("k/none")
    store.delete("k/none")


def test_keys_cannot_escape(store):
    for key in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(ValueError):
            store.put(key, iter([b"x"]), content_type="text/plain", max_bytes=10)


def test_health(store):
    assert store.health()["status"] == "ok"
