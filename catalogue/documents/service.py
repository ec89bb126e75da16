"""Documents attached to a description: checked, streamed to the object store, listed in the record."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue import policies
from catalogue.datasets import drafts
from catalogue.datasets import service as datasets
from catalogue.documents import repository as repo
from catalogue.documents.models import Document
from catalogue.errors import NotFound, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.objects.uploads import store_upload
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.vocabularies import DocumentKind

KINDS = DocumentKind.__args__  # type: ignore[attr-defined]


def url_of(dataset_id: str, document_id: str) -> str:
    """The address a description lists its document under, and where the REST API serves it.

    It is data, not a link built for one reader: stored in the record (its revisions, the search
    index, DCAT and CKAN exports carry it), so it stays this path; changing it would mean rewriting
    every record and revision.
    """
    return f"/api/v1/datasets/{dataset_id}/documents/{document_id}"


def upload(uow: UnitOfWork, objects: ObjectStore, actor: Principal, dataset_id: str, *, title: str,
           kind: str, filename: str, content_type: str, chunks: Iterable[bytes], max_bytes: int) -> Document:
    """Store the file, then record it and list it in the description (a new revision)."""
    dataset = datasets.get(uow, actor, dataset_id)
    policies.write_dataset(actor, dataset.organisation_id)
    problems = []
    if kind not in KINDS:
        problems.append({"field": "kind", "message": f"must be one of {', '.join(KINDS)}", "case": "unknown_kind"})
    if not title.strip() or len(title) > 300:
        problems.append({"field": "title", "message": "must be 1-300 characters", "case": "title_length"})
    if problems:
        raise ValidationFailed("; ".join(f"{p['field']}: {p['message']}" for p in problems), details=problems)
    upload_ = store_upload(objects, f"datasets/{dataset_id}", filename=filename, content_type=content_type,
                           chunks=chunks, max_bytes=max_bytes)
    document_id, key = upload_.id, upload_.key
    try:
        document = Document(id=document_id, dataset_id=dataset_id, title=title.strip(), kind=kind,
                            filename=upload_.filename, content_type=upload_.content_type,
                            size=upload_.stored.size, sha256=upload_.stored.sha256, object_key=key,
                            uploaded_by=actor.user_id)
        repo.add(uow.session, document)
        record = dict(dataset.record)
        record.pop("modified", None)  # the catalogue dates this change
        record["documents"] = [*record.get("documents", []),
                               {"title": document.title, "kind": kind, "url": url_of(dataset_id, document_id)}]
        drafts.save(uow, actor, dataset_id, record, action="add_document")  # a draft may still be incomplete
    except BaseException:
        objects.delete(key)  # the transaction will not commit: do not keep an orphan file
        raise
    return document


def list_for(uow: UnitOfWork, actor: Principal, dataset_id: str) -> list[Document]:
    datasets.get(uow, actor, dataset_id)
    return repo.of_dataset(uow.session, dataset_id)


def get(uow: UnitOfWork, actor: Principal, dataset_id: str, document_id: str) -> Document:
    datasets.get(uow, actor, dataset_id)
    document = repo.get(uow.session, document_id)
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
    drafts.save(uow, actor, dataset_id, record, action="remove_document")
    repo.remove(uow.session, document)
    uow.flush()
    key = document.object_key
    uow.on_commit(lambda: objects.delete(key))
