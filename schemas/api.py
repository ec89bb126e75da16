"""API payloads for dataset descriptions, revisions and documents."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from schemas.files import StoredFileOut

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int
    page: int
    page_size: int
    items: list[T]


class MissingField(BaseModel):
    field: str
    why: str


class Completeness(BaseModel):
    score: int
    missing: list[MissingField]


class DatasetOut(BaseModel):
    id: str
    organisation_id: str
    status: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None
    record: dict[str, Any]
    # What the caller may do next, and (for its producer) the completeness meter.
    actions: list[str] = []
    completeness: Completeness | None = None


class RevisionOut(BaseModel):
    number: int
    action: str
    status: str
    actor_id: int | None
    created_at: dt.datetime
    changes: list[str]
    record: dict[str, Any] | None = None


class DocumentOut(StoredFileOut):
    """A document attached to a description."""

    dataset_id: str
