"""A description's document and a request's attachment are read with one shape (schemas.files.StoredFileOut):
clients see the same fields, and the download headers they describe (api/downloads.py)."""

from __future__ import annotations

from schemas.access_requests import AttachmentOut
from schemas.api import DocumentOut
from schemas.files import StoredFileOut


def test_documents_and_attachments_share_the_stored_file_shape():
    shared = list(StoredFileOut.model_fields)
    assert list(AttachmentOut.model_fields) == shared
    assert list(DocumentOut.model_fields) == [*shared, "dataset_id"]
    assert {"sha256", "size", "content_type", "filename", "url"} <= set(shared)
