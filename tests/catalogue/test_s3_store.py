"""The S3 store without a server: settings, wiring, error mapping, the size-checking reader."""

from __future__ import annotations

import hashlib
import socket

import pytest
from pydantic import ValidationError

from catalogue.bootstrap import build_objects
from catalogue.errors import TooLarge
from catalogue.objects.port import ObjectStoreUnavailable
from catalogue.objects.s3 import S3ObjectStore, _LimitedReader, _part_size
from catalogue.settings import Settings

MIB = 1024 * 1024


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_s3_settings_name_the_missing_variables():
    expected = "CATALOGUE_S3_ENDPOINT, CATALOGUE_S3_ACCESS_KEY, CATALOGUE_S3_SECRET_KEY"
    with pytest.raises(ValidationError, match=expected):
        Settings(object_store="s3")
    with pytest.raises(ValidationError, match="CATALOGUE_S3_SECRET_KEY"):
        Settings(object_store="s3", s3_endpoint="127.0.0.1:9000", s3_access_key="k")
    with pytest.raises(ValidationError, match="without a scheme"):
        Settings(object_store="s3", s3_endpoint="http://127.0.0.1:9000", s3_access_key="k", s3_secret_key="s")


def test_s3_settings_from_environment(monkeypatch):
    for name, value in {"OBJECT_STORE": "s3", "S3_ENDPOINT": "127.0.0.1:9000", "S3_ACCESS_KEY": "k",
                        "S3_SECRET_KEY": "secret", "S3_SECURE": "true", "S3_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(f"CATALOGUE_{name}", value)
    settings = Settings()
    assert (settings.s3_endpoint, settings.s3_bucket, settings.s3_secure, settings.s3_region) == (
        "127.0.0.1:9000", "catalogue", True, "eu-west-3")


def test_bootstrap_wires_s3_even_when_the_server_is_down(tmp_path, caplog):
    settings = Settings(env="test", data_dir=tmp_path, object_store="s3", s3_endpoint=f"127.0.0.1:{_closed_port()}",
                        s3_access_key="k", s3_secret_key="secret-key")
    store = build_objects(settings)
    assert isinstance(store, S3ObjectStore)
    assert "object store not ready" in caplog.text
    assert store.health()["status"] == "down"


def test_unreachable_server_is_unavailable():
    store = S3ObjectStore(endpoint=f"127.0.0.1:{_closed_port()}", access_key="k", secret_key="secret-key",
                          region="us-east-1")
    with pytest.raises(ObjectStoreUnavailable, match="unreachable"):
        store.open("a/b")
    with pytest.raises(ObjectStoreUnavailable):
        store.put("a/b", iter([b"x"]), content_type="text/plain", max_bytes=10)
    with pytest.raises(ObjectStoreUnavailable):
        store.exists("a/b")
    health = store.health()
    assert health["status"] == "down" and "unreachable" in str(health["error"])


def test_keys_are_checked_before_any_request():
    store = S3ObjectStore(endpoint="127.0.0.1:1", access_key="k", secret_key="secret-key")
    for key in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(ValueError):
            store.put(key, iter([b"x"]), content_type="text/plain", max_bytes=10)


def test_limited_reader_hashes_and_counts():
    reader = _LimitedReader(iter([b"ab", b"", b"cdef", b"g"]), max_bytes=7)
    assert reader.read(3) == b"abc"
    assert reader.read(10) == b"defg"
    assert reader.read(10) == b""
    assert (reader.size, reader.sha256.hexdigest()) == (7, hashlib.sha256(b"abcdefg").hexdigest())


def test_limited_reader_stops_past_the_limit():
    reader = _LimitedReader(iter([b"a" * 5, b"b" * 5]), max_bytes=9)
    assert reader.read(5) == b"a" * 5
    with pytest.raises(TooLarge, match="9 bytes"):
        reader.read(5)


def test_part_size_fits_s3_limits():
    assert _part_size(1024) == 5 * MIB
    assert _part_size(20 * MIB) == 5 * MIB
    big = 100 * 1024 * MIB  # 100 GiB needs parts above 10 MiB to stay within 10,000 parts
    assert _part_size(big) % (5 * MIB) == 0 and _part_size(big) * 10_000 >= big
