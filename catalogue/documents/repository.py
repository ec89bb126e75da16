"""SQL for the documents attached to descriptions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.documents.models import Document


def of_dataset(session: Session, dataset_id: str) -> list[Document]:
    """A description's documents, oldest first (the order the description lists them in)."""
    return list(session.scalars(select(Document).where(Document.dataset_id == dataset_id)
                                .order_by(Document.created_at)))


def get(session: Session, document_id: str) -> Document | None:
    return session.get(Document, document_id)


def add(session: Session, document: Document) -> None:
    session.add(document)


def remove(session: Session, document: Document) -> None:
    session.delete(document)
