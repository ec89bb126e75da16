"""Turn domain objects into API payloads (no logic beyond shaping)."""

from __future__ import annotations

from typing import Any

from catalogue.access_requests.models import Attachment
from catalogue.accounts.models import ApiToken, User
from catalogue.datasets import service as datasets
from catalogue.datasets.completeness import completeness
from catalogue.datasets.models import Dataset, Revision
from catalogue.db import as_utc
from catalogue.documents.models import Document
from catalogue.documents.service import url_of
from catalogue.principal import Principal
from schemas.api import DatasetOut, DocumentOut, RevisionOut
from schemas.organisations import TokenOut, UserOut


def dataset_out(dataset: Dataset, actor: Principal) -> DatasetOut:
    actions = datasets.actions_for(actor, dataset)  # the domain's answer: shown, never recomputed
    return DatasetOut(
        id=dataset.id, organisation_id=dataset.organisation_id, status=dataset.status,
        version=dataset.version, created_at=as_utc(dataset.created_at), updated_at=as_utc(dataset.updated_at),
        published_at=as_utc(dataset.published_at), record=dataset.record,
        actions=actions, completeness=completeness(dataset.record) if "update" in actions else None,
    )


def revision_out(revision: Revision, dataset: Dataset, actor: Principal, *, with_record: bool = False) -> RevisionOut:
    """Who made a revision is shown to the producer's members (and platform admins) only."""
    authors = datasets.sees_authors(actor, dataset)
    return RevisionOut(number=revision.number, action=revision.action, status=revision.status,
                       actor_id=revision.actor_id if authors else None, created_at=as_utc(revision.created_at),
                       changes=revision.changes, record=revision.record if with_record else None)


def stored_file(stored: Document | Attachment, url: str) -> dict[str, Any]:
    """The fields of StoredFileOut, for a document as for an attachment."""
    return dict(id=stored.id, kind=stored.kind, title=stored.title, filename=stored.filename,
                content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
                created_at=as_utc(stored.created_at), url=url)


def document_out(document: Document) -> DocumentOut:
    """Its url is the address the description lists it under (catalogue.documents.service.url_of)."""
    return DocumentOut(**stored_file(document, url_of(document.dataset_id, document.id)),
                       dataset_id=document.dataset_id)


def user_out(user: User) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name, is_platform_admin=user.is_platform_admin,
                   is_governance=user.is_governance, is_active=user.is_active, email_verified=user.email_verified,
                   organisations={m.organisation_id: m.role for m in user.memberships}, lang=user.lang,
                   requester_type=user.requester_type)


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(id=token.id, name=token.name, prefix=token.prefix, created_at=as_utc(token.created_at),
                    expires_at=as_utc(token.expires_at), last_used_at=as_utc(token.last_used_at),
                    revoked=token.revoked_at is not None)
