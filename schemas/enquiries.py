"""API payloads of enquiries (questions to a producer before a request), notifications, audit."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.dataset import Slug
from schemas.text import Line, Text


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EnquiryIn(_In):
    dataset_id: Slug
    subject: Annotated[Line, Field(min_length=3, max_length=300)]
    topic: Annotated[str, Field(pattern=r"^(feasibility|variables|cost|access|other)$")] = "other"
    message: Annotated[Text, Field(min_length=1, max_length=10000)]


class MessageIn(_In):
    body: Annotated[Text, Field(min_length=1, max_length=10000)]


class MessageOut(BaseModel):
    id: int
    author_id: int | None
    from_producer: bool
    body: str
    created_at: dt.datetime


class EnquiryOut(BaseModel):
    id: int
    dataset_id: str
    organisation_id: str
    asker_id: int
    subject: str
    topic: str
    created_at: dt.datetime
    updated_at: dt.datetime
    messages: list[MessageOut] = []


class NotificationOut(BaseModel):
    id: int
    event: str
    subject: str
    body: str
    lang: str | None = None  # the language subject and body are written in (the recipient's)
    link: str | None
    created_at: dt.datetime
    delivery: str
    read: bool


class AuditEntryOut(BaseModel):
    seq: int
    at: dt.datetime
    actor_id: int | None
    actor: str
    action: str
    subject_type: str
    subject_id: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str
    hash_version: int = 1  # 1: plain SHA-256 (before the audit key); 2: HMAC-SHA256 with the audit key
    key_id: str | None = None


class AuditVerification(BaseModel):
    ok: bool
    checked: int
    broken_seq: int | None
    message: str
