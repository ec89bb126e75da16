"""Accepting an uploaded file: its declared type, its first bytes, a safe name, then the store."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from catalogue.errors import UnsupportedMedia
from catalogue.objects.port import ObjectStore, StoredObject

# Accepted types, each with the leading bytes a real file of that type starts with (None: text).
ALLOWED: dict[str, tuple[bytes, ...] | None] = {
    "application/pdf": (b"%PDF-",),
    "text/csv": None,
    "text/plain": None,
    "text/markdown": None,
    "application/json": None,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.oasis.opendocument.spreadsheet": (b"PK\x03\x04",),
    "application/vnd.oasis.opendocument.text": (b"PK\x03\x04",),
    "application/zip": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class StoredUpload:
    id: str
    key: str
    filename: str
    content_type: str
    stored: StoredObject


def checked_content(content_type: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pass chunks through, refusing content whose first bytes contradict its declared type."""
    signatures = ALLOWED[content_type]
    first = True
    for chunk in chunks:
        if first and chunk:
            first = False
            if signatures is not None and not chunk.startswith(signatures):
                raise UnsupportedMedia(f"file content does not look like {content_type}",
                                       params={"case": "content", "declared": content_type})
            if signatures is None and b"\x00" in chunk[:4096]:
                raise UnsupportedMedia(f"binary content declared as {content_type}",
                                       params={"case": "binary", "declared": content_type})
        yield chunk


def store_upload(objects: ObjectStore, prefix: str, *, filename: str, content_type: str,
                 chunks: Iterable[bytes], max_bytes: int) -> StoredUpload:
    """Check the declared type, stream the checked bytes to `prefix/<new id>`; nothing kept on refusal."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type not in ALLOWED:
        raise UnsupportedMedia(f"content type {content_type or '(none)'} is not accepted; "
                               f"accepted: {', '.join(sorted(ALLOWED))}",
                               params={"case": "type", "declared": content_type[:100]})
    upload_id = str(uuid.uuid4())
    key = f"{prefix}/{upload_id}"
    stored = objects.put(key, checked_content(content_type, chunks), content_type=content_type, max_bytes=max_bytes)
    safe_name = PurePath(filename or "file").name[:255] or "file"
    return StoredUpload(upload_id, key, safe_name, content_type, stored)
