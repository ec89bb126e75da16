"""Attachments of a request (protocol, ethics opinion, DPIA…): checked, kept in the object store."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.access_requests.errors import field_error
from catalogue.access_requests.models import AccessRequest, Attachment
from catalogue.access_requests.service import get, touch
from catalogue.access_requests.workflow import REQUESTS
from catalogue.audit import service as audit
from catalogue.db import utcnow
from catalogue.errors import NotFound, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.objects.uploads import store_upload
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.access_vocabularies import AttachmentKind

KINDS = AttachmentKind.__args__  # type: ignore[attr-defined]


def upload(uow: UnitOfWork, objects: ObjectStore, actor: Principal, request_id: int, *, kind: str, title: str,
           filename: str, content_type: str, chunks: Iterable[bytes], max_bytes: int) -> Attachment:
    """Store the file, then record it on the request (audited in the same transaction)."""
    request = get(uow, actor, request_id)
    REQUESTS.check_act(request, "attach", actor)
    return store(uow, objects, actor, request, kind=kind, title=title, filename=filename,
                 content_type=content_type, chunks=chunks, max_bytes=max_bytes)


def store(uow: UnitOfWork, objects: ObjectStore, actor: Principal, request: AccessRequest, *, kind: str, title: str,
          filename: str, content_type: str, chunks: Iterable[bytes], max_bytes: int) -> Attachment:
    """Check, store and record a file on the request; the caller decided that `actor` may (see `upload`, and
    the opinion governance staff record on a producer's behalf with its document)."""
    if kind not in KINDS:
        raise field_error(ValidationFailed, "kind", f"must be one of {', '.join(KINDS)}", case="unknown_kind")
    title = title.strip()
    if not title or len(title) > 300:
        raise field_error(ValidationFailed, "title", "must be 1-300 characters", case="title_length")
    upload_ = store_upload(objects, f"access-requests/{request.id}", filename=filename,
                           content_type=content_type, chunks=chunks, max_bytes=max_bytes)
    attachment_id, key, stored = upload_.id, upload_.key, upload_.stored
    try:
        now = utcnow()
        attachment = Attachment(id=attachment_id, request_id=request.id, kind=kind, title=title,
                                filename=upload_.filename, content_type=upload_.content_type,
                                size=stored.size, sha256=stored.sha256,
                                object_key=key, uploaded_by=actor.user_id, created_at=now)
        request.attachments.append(attachment)
        touch(uow, request, now)
        audit.record(uow, actor, "access_request.attachment_upload", "access_request", request.id,
                     details={"attachment_id": attachment_id, "kind": kind, "filename": attachment.filename,
                              "size": stored.size, "sha256": stored.sha256}, at=now)
    except BaseException:
        objects.delete(key)  # the transaction will not commit: keep no orphan file
        raise
    return attachment


def find(request: AccessRequest, attachment_id: str) -> Attachment:
    attachment = next((a for a in request.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound(f"attachment '{attachment_id}' not found")
    return attachment


def download(uow: UnitOfWork, actor: Principal, request_id: int, attachment_id: str) -> Attachment:
    """The attachment to stream; who read it is on the record (the caller commits, then streams)."""
    request = get(uow, actor, request_id)
    attachment = find(request, attachment_id)
    audit.record(uow, actor, "access_request.attachment_download", "access_request", request.id,
                 details={"attachment_id": attachment.id, "kind": attachment.kind, "sha256": attachment.sha256})
    return attachment
