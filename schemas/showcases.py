"""API payloads of showcase sessions: a producer presents its data, data users register and ask in advance.

Bounds that need no state live here (lengths, ranges, vocabularies); the rules that depend on the time
zone, the clock or the catalogue (a known IANA zone, a start in the future, the descriptions of the
producer, the format's link or address) are decided by the domain (catalogue.showcases.rules).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.dataset import Slug
from schemas.text import Line, Text

Format = Literal["online", "on_site", "hybrid"]
Language = Literal["fr", "en"]
MIN_DURATION, MAX_DURATION = 15, 480
MIN_CAPACITY, MAX_CAPACITY = 1, 1000
MAX_DATASETS = 20


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SessionIn(_In):
    organisation_id: Slug = Field(description="the producer that presents (you must be its editor or admin)")
    title: Annotated[Line, Field(min_length=3, max_length=200)]
    starts_at: dt.datetime = Field(description="the local date and time in `time_zone` (an offset, if given, "
                                               "is honoured), e.g. 2027-03-04T14:00")
    time_zone: Annotated[str, Field(min_length=1, max_length=64, description="an IANA zone, e.g. Europe/Paris")]
    duration_minutes: Annotated[int, Field(ge=MIN_DURATION, le=MAX_DURATION)] = 60
    format: Format = "online"
    online_url: Annotated[str | None, Field(max_length=2000, description="https only; online and hybrid")] = None
    address: Annotated[Text | None, Field(max_length=500, description="on_site and hybrid")] = None
    language: Language = "fr"
    agenda: Annotated[Text, Field(max_length=5000)] = ""
    dataset_ids: Annotated[list[Slug], Field(min_length=1, max_length=MAX_DATASETS,
                                             description="published descriptions of the organisation")]
    capacity: Annotated[int, Field(ge=MIN_CAPACITY, le=MAX_CAPACITY)]


class SessionPatch(_In):
    """Only the fields sent change; `replay_url` may be set once the session has started."""

    title: Annotated[Line | None, Field(min_length=3, max_length=200)] = None
    starts_at: dt.datetime | None = None
    time_zone: Annotated[str | None, Field(min_length=1, max_length=64)] = None
    duration_minutes: Annotated[int | None, Field(ge=MIN_DURATION, le=MAX_DURATION)] = None
    format: Format | None = None
    online_url: Annotated[str | None, Field(max_length=2000)] = None
    address: Annotated[Text | None, Field(max_length=500)] = None
    language: Language | None = None
    agenda: Annotated[Text | None, Field(max_length=5000)] = None
    dataset_ids: Annotated[list[Slug] | None, Field(min_length=1, max_length=MAX_DATASETS)] = None
    capacity: Annotated[int | None, Field(ge=MIN_CAPACITY, le=MAX_CAPACITY)] = None
    replay_url: Annotated[str | None, Field(max_length=2000, description="https only, after the start")] = None


class MyRegistration(BaseModel):
    status: Literal["registered", "waiting", "cancelled"]
    waiting_rank: int | None = Field(None, description="1 = next to get a seat; only while waiting")


class SessionOut(BaseModel):
    id: int
    organisation_id: str
    title: str
    starts_at: dt.datetime = Field(description="in UTC")
    local_start: str = Field(description="ISO 8601 in the session's own time zone, with its offset")
    time_zone: str
    ends_at: dt.datetime
    duration_minutes: int
    format: Format
    online_url: str | None
    address: str | None
    language: Language
    agenda: str
    dataset_ids: list[str]
    capacity: int
    status: Literal["scheduled", "cancelled"]
    registered: int
    waiting: int
    seats_left: int
    slides_url: str | None
    replay_url: str | None
    my_registration: MyRegistration | None = None


class QuestionIn(_In):
    dataset_id: Slug = Field(description="one of the descriptions the session presents")
    text: Annotated[Text, Field(min_length=3, max_length=2000)]


class QuestionOut(BaseModel):
    id: int
    dataset_id: str
    text: str
    created_at: dt.datetime
    asker_name: str | None = Field(None, description="shown to the producer's members and platform admins only")
    enquiry_id: int | None = Field(None, description="the enquiry thread the answer went into")


class QuestionGroup(BaseModel):
    dataset_id: str
    questions: list[QuestionOut]


class AnswerIn(_In):
    body: Annotated[Text, Field(min_length=1, max_length=10000)]


class AttendeeOut(BaseModel):
    name: str
    status: Literal["registered", "waiting", "cancelled"]
    waiting_rank: int | None
    registered_at: dt.datetime
