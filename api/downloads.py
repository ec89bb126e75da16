"""The response that streams a stored file (a description's document, a request's attachment), REST or web.

One place for its headers, so that no download forgets one: the media type checked at upload, an
attachment disposition whose name cannot break the header (RFC 6266: an ASCII fallback, and the
exact name percent-encoded in `filename*`), the length, the SHA-256 the upload computed (clients check
what they received against it) and nosniff (a browser must not run a file as HTML or script).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol
from urllib.parse import quote

from fastapi.responses import StreamingResponse

from catalogue.objects.port import ObjectStore

CHECKSUM_HEADER = "X-Checksum-SHA256"
_UNSAFE = re.compile(r'[^A-Za-z0-9._ ()+,-]')


class StoredFile(Protocol):
    object_key: str
    filename: str
    content_type: str
    size: int
    sha256: str


def disposition(filename: str) -> str:
    """`attachment` with an ASCII `filename` for old clients and the exact one in `filename*`."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c))
    ascii_name = _UNSAFE.sub("_", letters).strip()  # é -> e; anything else outside the safe set -> _
    if not ascii_name.strip("._"):
        ascii_name = "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(objects: ObjectStore, stored: StoredFile) -> StreamingResponse:
    """Open the object (an unavailable store fails here, before the caller commits) and stream it."""
    headers = {
        "Content-Disposition": disposition(stored.filename),
        "Content-Length": str(stored.size),
        CHECKSUM_HEADER: stored.sha256,
        "X-Content-Type-Options": "nosniff",
    }
    return StreamingResponse(objects.open(stored.object_key), media_type=stored.content_type, headers=headers)
