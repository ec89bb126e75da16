"""Object store on any S3-compatible server (MinIO, Garage, Ceph, AWS...) through the `minio` client.

Only plain S3 calls are used (buckets, objects, multipart, presigning): no MinIO admin API.

Uploads stream straight to the final key.  S3 makes an object visible only when its single
PUT or its CompleteMultipartUpload succeeds, so an upload that stops half-way (too large, a
bad chunk, the caller gone) never shows up and never replaces the previous version: the size
check runs while the client reads the chunks, before any part is sent past the limit, and the
client aborts a started multipart upload on any error.  This avoids the temporary-key-then-copy
alternative, which doubles the I/O and needs compose beyond 5 GiB.  Parts orphaned by a crash
or an abort that fails are invisible; a bucket lifecycle rule (AbortIncompleteMultipartUpload)
reclaims their space.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, BinaryIO, cast

import certifi
import urllib3
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError
from minio.helpers import MAX_MULTIPART_COUNT, MIN_PART_SIZE

from catalogue.errors import NotFound, TooLarge
from catalogue.objects.local import _KEY  # one key rule for every store: objects can move between them
from catalogue.objects.port import ObjectStoreUnavailable, StoredObject

CHUNK = 64 * 1024
_MISSING = {"NoSuchKey", "NoSuchObject", "NoSuchBucket", "ResourceNotFound"}
_MAX_PRESIGN = timedelta(days=7)  # the S3 signature v4 limit


class S3ObjectStore:
    name = "s3"

    def __init__(self, *, endpoint: str, access_key: str, secret_key: str, bucket: str = "catalogue",
                 secure: bool = False, region: str | None = None, connect_timeout: float = 3.0,
                 read_timeout: float = 60.0) -> None:
        """Configure the client; nothing connects until the first call (see `ensure_bucket`)."""
        self.bucket = bucket
        self.endpoint = endpoint
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                            region=region, http_client=_http_client(secure, connect_timeout, read_timeout))
        self._bucket_ready = False

    # -- lifecycle -----------------------------------------------------------------------------

    def ensure_bucket(self) -> None:
        """Create the bucket if it is missing (idempotent; called at start-up and before a first upload)."""
        with self._errors("check bucket"):
            if not self.client.bucket_exists(self.bucket):
                try:
                    self.client.make_bucket(self.bucket)
                except S3Error as exc:  # another process created it in between
                    if exc.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                        raise
        self._bucket_ready = True

    # -- the port ------------------------------------------------------------------------------

    def put(self, key: str, chunks: Iterable[bytes], *, content_type: str, max_bytes: int) -> StoredObject:
        _check(key)
        if not self._bucket_ready:
            self.ensure_bucket()
        body = _LimitedReader(chunks, max_bytes)
        with self._errors(f"upload {key!r}"):
            # length -1: the size is unknown up front, so the client sends parts of part_size bytes.
            # The client only calls read(size) on the body: this file-like view is all the BinaryIO it uses.
            self.client.put_object(self.bucket, key, cast(BinaryIO, body), length=-1,
                                   part_size=_part_size(max_bytes), content_type=content_type, num_parallel_uploads=1)
        return StoredObject(key=key, size=body.size, sha256=body.sha256.hexdigest(), content_type=content_type)

    def open(self, key: str) -> Iterator[bytes]:
        _check(key)
        with self._errors(f"download {key!r}", key=key):
            response = self.client.get_object(self.bucket, key)
        return _Download(response, key)

    def delete(self, key: str) -> None:
        _check(key)
        with contextlib.suppress(NotFound), self._errors(f"delete {key!r}", key=key):
            self.client.remove_object(self.bucket, key)

    def exists(self, key: str) -> bool:
        _check(key)
        try:
            with self._errors(f"look up {key!r}", key=key):
                self.client.stat_object(self.bucket, key)
        except NotFound:
            return False
        return True

    def health(self) -> dict[str, object]:
        report: dict[str, object] = {"engine": self.name, "endpoint": self.endpoint, "bucket": self.bucket}
        try:
            with self._errors("check bucket"):
                found = self.client.bucket_exists(self.bucket)
        except ObjectStoreUnavailable as exc:
            return {**report, "status": "down", "error": str(exc)}
        if not found:
            return {**report, "status": "down", "error": f"bucket {self.bucket!r} does not exist"}
        return {**report, "status": "ok"}

    # -- S3 only -------------------------------------------------------------------------------

    def presigned_url(self, key: str, expires: timedelta = timedelta(minutes=5)) -> str:
        """A short-lived GET link to the object that needs no credentials (signature v4)."""
        _check(key)
        if not timedelta(seconds=1) <= expires <= _MAX_PRESIGN:
            raise ValueError(f"expires must be between 1 second and 7 days, not {expires}")
        with self._errors(f"sign a link to {key!r}", key=key):
            return self.client.presigned_get_object(self.bucket, key, expires=expires)

    # -- helpers -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str, *, key: str | None = None) -> Iterator[None]:
        """Translate client errors: missing key -> NotFound, anything else -> ObjectStoreUnavailable."""
        try:
            yield
        except S3Error as exc:
            if key is not None and exc.code in _MISSING:
                raise NotFound(f"object {key!r} not found") from exc
            raise ObjectStoreUnavailable(
                f"S3 server {self.endpoint} refused to {action} in bucket {self.bucket!r}: {exc.code}: {exc.message}"
            ) from exc
        except (urllib3.exceptions.HTTPError, ServerError, InvalidResponseError, OSError) as exc:
            raise ObjectStoreUnavailable(
                f"S3 server {self.endpoint} unreachable (could not {action}): {type(exc).__name__}: {exc}"
            ) from exc


def _check(key: str) -> None:
    if not _KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"invalid object key {key!r}")


def _part_size(max_bytes: int) -> int:
    """The smallest part size (a multiple of 5 MiB) that fits max_bytes into S3's 10,000 parts."""
    return max(1, math.ceil(max_bytes / MAX_MULTIPART_COUNT / MIN_PART_SIZE)) * MIN_PART_SIZE


def _http_client(secure: bool, connect_timeout: float, read_timeout: float) -> urllib3.PoolManager:
    # The client's default waits 5 minutes and retries 5 times: far too long for a health check.
    retries = urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504])
    tls: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED", "ca_certs": os.environ.get("SSL_CERT_FILE") or certifi.where()}
    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
                               retries=retries, maxsize=10, **(tls if secure else {}))


class _LimitedReader:
    """A file-like view of chunks that hashes them and raises TooLarge past max_bytes."""

    def __init__(self, chunks: Iterable[bytes], max_bytes: int) -> None:
        self._chunks = iter(chunks)
        self._buffer = bytearray()
        self.max_bytes = max_bytes
        self.size = 0
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self.size += len(chunk)
            if self.size > self.max_bytes:
                raise TooLarge(f"file is larger than the limit of {self.max_bytes} bytes",
                               params={"limit": self.max_bytes})
            self.sha256.update(chunk)
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]  # cheap: a bytearray drops its head without copying the rest
        return data


class _Download:
    """Iterates an S3 response in chunks and always hands its connection back to the pool."""

    def __init__(self, response: urllib3.BaseHTTPResponse, key: str) -> None:
        self._response: urllib3.BaseHTTPResponse | None = response
        self._chunks = response.stream(CHUNK)
        self._key = key

    def __iter__(self) -> _Download:
        return self

    def __next__(self) -> bytes:
        if self._response is None:
            raise StopIteration
        try:
            return next(self._chunks)
        except StopIteration:
            self.close()
            raise
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            self.close()
            raise ObjectStoreUnavailable(f"download of {self._key!r} interrupted: {exc}") from exc

    def close(self) -> None:
        if self._response is not None:
            response, self._response = self._response, None
            response.close()
            response.release_conn()

    def __del__(self) -> None:  # an abandoned download must not pin a pooled connection
        self.close()
