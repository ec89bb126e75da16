"""The object-store port: where uploaded files live (local files, or any S3 server)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str
    content_type: str


class ObjectStoreUnavailable(Exception):
    """The store cannot be reached right now."""


class ObjectStore(Protocol):
    name: str

    def put(self, key: str, chunks: Iterable[bytes], *, content_type: str, max_bytes: int) -> StoredObject:
        """Stream chunks into `key`; raise catalogue.errors.TooLarge past max_bytes (nothing kept)."""

    def open(self, key: str) -> Iterator[bytes]:
        """Stream the object's bytes; raise catalogue.errors.NotFound when absent."""

    def delete(self, key: str) -> None:
        """Remove the object; absent keys are ignored."""

    def exists(self, key: str) -> bool: ...

    def health(self) -> dict[str, object]: ...
