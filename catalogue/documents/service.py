"""Documents attached to a description: checked, streamed to the object store, listed in the record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from sqlalchemy import select

from catalogue import policies
from catalogue.datasets import service as datasets
from catalogue.documents.models import Document
from catalogue.errors import NotFound, UnsupportedMedia, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription
from schemas.vocabularies import DocumentKind

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
KINDS = DocumentKind.__args__  # type: ignore[attr-defined]


def checked_content(content_type: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pass chunks through, refusing content whose first bytes contradict its declared type."""
    signatures = ALLOWED[content_type]
    first = True
    for chunk in chunks:
        if first and chunk:
            first = False
            if signatures is not None and not chunk.startswith(signatures):
                raise UnsupportedMedia(f"file content does not look like {content_type}")
            if signatures is None and b"\x00" in chunk[:4096]:
                raise UnsupportedMedia(f"binary content declared as {content_type}")
        yield chunk


def url_of(dataset_id: str, document_id: str) -> str:
    return f"/api/v1/datasets/{dataset_id}/documents/{document_id}"


def upload(uow: UnitOfWork, objects: ObjectStore, actor: Principal, dataset_id: str, *, title: str,
           kind: str, filename: str, content_type: str, chunks: Iterable[bytes], max_bytes: int) -> Document:
    """Store the file, then record it and list it in the description (a new revision)."""
    dataset = datasets.get(uow, actor, dataset_id)
    policies.write_dataset(actor, dataset.organisation_id)
    content_type = (content_type or "").split(";")[0].strip().lower()
    problems = []
    if kind not in KINDS:
        problems.append({"field": "kind", "message": f"must be one of {', '.join(KINDS)}"})
    if not title.strip() or len(title) > 300:
        problems.append({"field": "title", "message": "must be 1-300 characters"})
    if problems:
        raise ValidationFailed("; ".join(f"{p['field']}: {p['message']}" for p in problems), details=problems)
    if content_type not in ALLOWED:
        raise UnsupportedMedia(f"content type {content_type or '(none)'} is not accepted; "
                               f"accepted: {', '.join(sorted(ALLOWED))}")
    document_id = str(uuid.uuid4())
    key = f"datasets/{dataset_id}/{document_id}"
    stored = objects.put(key, checked_content(content_type, chunks), content_type=content_type, max_bytes=max_bytes)
    try:
        safe_name = PurePath(filename or "file").name[:255] or "file"
        document = Document(id=document_id, dataset_id=dataset_id, title=title.strip(), kind=kind,
                            filename=safe_name, content_type=content_type, size=stored.size,
                            sha256=stored.sha256, object_key=key, uploaded_by=actor.user_id)
        uow.session.add(document)
        record = dict(dataset.record)
        record.pop("modified", None)  # the catalogue dates this change
        record["documents"] = [*record.get("documents", []),
                               {"title": document.title, "kind": kind, "url": url_of(dataset_id, document_id)}]
        datasets.update(uow, actor, dataset_id, DatasetDescription.model_validate(record), action="add_document")
    except BaseException:
        objects.delete(key)  # the transaction will not commit: do not keep an orphan file
        raise
    return document


def list_for(uow: UnitOfWork, actor: Principal, dataset_id: str) -> list[Document]:
    datasets.get(uow, actor, dataset_id)
    return list(uow.session.scalars(select(Document).where(Document.dataset_id == dataset_id)
                                    .order_by(Document.created_at)))


def get(uow: UnitOfWork, actor: Principal, dataset_id: str, document_id: str) -> Document:
    datasets.get(uow, actor, dataset_id)
    document = uow.session.get(Document, document_id)
    if document is None or document.dataset_id != dataset_id:
        raise NotFound(f"document '{document_id}' not found")
    return document


def delete(uow: UnitOfWork, objects: ObjectStore, actor: Principal, dataset_id: str, document_id: str) -> None:
    document = get(uow, actor, dataset_id, document_id)
    dataset = datasets.get(uow, actor, dataset_id)
    policies.write_dataset(actor, dataset.organisation_id)
    record = dict(dataset.record)
    record.pop("modified", None)
    url = url_of(dataset_id, document_id)
    record["documents"] = [d for d in record.get("documents", []) if d.get("url") != url]
    datasets.update(uow, actor, dataset_id, DatasetDescription.model_validate(record), action="remove_document")
    uow.session.delete(document)
    uow.flush()
    key = document.object_key
    uow.on_commit(lambda: objects.delete(key))
