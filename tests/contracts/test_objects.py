"""Object-store contract, run against every implementation (the local one here)."""

from __future__ import annotations

import hashlib

import pytest

from catalogue.errors import NotFound, TooLarge
from catalogue.objects.local import LocalObjectStore


@pytest.fixture(params=["local"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalObjectStore(tmp_path / "objects")
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


def test_keys_cannot_escape(store):
    for key in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(ValueError):
            store.put(key, iter([b"x"]), content_type="text/plain", max_bytes=10)


def test_health(store):
    assert store.health()["status"] == "ok"
