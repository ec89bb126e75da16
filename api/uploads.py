"""Reading uploaded files as a stream of chunks (never whole in memory)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import UploadFile

CHUNK = 64 * 1024


def chunks_of(upload: UploadFile) -> Iterator[bytes]:
    while chunk := upload.file.read(CHUNK):
        yield chunk
