"""API payload of a stored file: a description's document or an access request's attachment.

Both are kept the same way (object store, checked at upload, SHA-256) and leave through the same
download response (api/downloads.py), so clients read them with one shape; each kind adds what
places it (DocumentOut its dataset_id; an attachment is read through its request).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class StoredFileOut(BaseModel):
    id: str
    kind: str
    title: str
    filename: str = Field(description="the name it was uploaded with (the download's Content-Disposition)")
    content_type: str = Field(description="the media type checked at upload (the download's Content-Type)")
    size: int = Field(description="bytes (the download's Content-Length)")
    sha256: str = Field(description="hex SHA-256 of the content (the download's X-Checksum-SHA256)")
    created_at: dt.datetime
    url: str = Field(description="where to download it")
