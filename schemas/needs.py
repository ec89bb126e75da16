"""API payloads of the data-needs board: what a data user looks for, and the producers' answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas import access_vocabularies as av
from schemas import vocabularies as v
from schemas.iso import PlaceCode
from schemas.search import MAX_INDIVIDUALS
from schemas.text import Line, Text

Visibility = Literal["public", "producers"]
NeedStatus = Literal["open", "satisfied", "closed", "hidden"]
NeedAction = Literal["satisfy", "close", "hide"]
Year = Annotated[int, Field(ge=1900, le=2100)]
Age = Annotated[int, Field(ge=0, le=150)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NeedFields(_In):
    """What a need says; every field optional so that PATCH names only what changes."""

    title: Annotated[Line, Field(min_length=3, max_length=200)] | None = None
    description: Annotated[Text, Field(min_length=1, max_length=5000)] | None = None
    themes: Annotated[list[v.HealthCategory], Field(max_length=17)] | None = None
    age_min: Age | None = None
    age_max: Age | None = None
    geography: Annotated[list[PlaceCode], Field(max_length=20)] | None = None
    individuals_min: Annotated[int, Field(ge=1, le=MAX_INDIVIDUALS)] | None = None
    period_from: Year | None = None
    period_to: Year | None = None
    open_to: v.Audience | None = Field(default=None, description="the descriptions must be open to this audience")
    open_data_only: bool | None = None
    purpose: av.Purpose | None = None
    deadline: dt.date | None = Field(default=None, description="not in the past")
    visibility: Visibility | None = None

    @model_validator(mode="after")
    def _ranges_ordered(self) -> NeedFields:
        for low, high in (("age_min", "age_max"), ("period_from", "period_to")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                raise ValueError(f"{low} ({a}) must not exceed {high} ({b})")
        return self


class NeedIn(NeedFields):
    """A new need: title, description, at least one theme, purpose and deadline are required."""

    title: Annotated[Line, Field(min_length=3, max_length=200)]
    description: Annotated[Text, Field(min_length=1, max_length=5000)]
    themes: Annotated[list[v.HealthCategory], Field(min_length=1, max_length=17)]
    purpose: av.Purpose
    deadline: dt.date
    visibility: Visibility = "public"
    open_data_only: bool = False


class ResponseIn(_In):
    organisation_id: Annotated[Line, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="the producer answering; may be left out by a member of one producer only")
    text: Annotated[Text, Field(max_length=5000)] = ""
    dataset_id: Annotated[Line, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="one of the producer's published descriptions")


class SatisfyIn(_In):
    response_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class HideIn(_In):
    reason: Annotated[Line, Field(min_length=3, max_length=500)]


class ResponseOut(BaseModel):
    id: int
    organisation_id: str
    organisation_name: str
    author_name: str
    text: str
    dataset_id: str | None
    created_at: dt.datetime


class NeedOut(BaseModel):
    id: int
    title: str
    description: str
    themes: list[str]
    age_min: int | None
    age_max: int | None
    geography: list[str]
    individuals_min: int | None
    period_from: int | None
    period_to: int | None
    open_to: str | None
    open_data_only: bool
    purpose: str
    deadline: dt.date
    visibility: Visibility
    status: NeedStatus
    author_name: str
    mine: bool
    hidden_reason: str | None = Field(default=None, description="shown to the author and platform admins only")
    satisfied_by: int | None
    unserved: bool | None = Field(default=None, description="no published description matches it; producers only")
    actions: list[str] = Field(description="what the caller may do with it now")
    responses: list[ResponseOut] = []
    created_at: dt.datetime
    updated_at: dt.datetime


class MatchOut(BaseModel):
    id: str
    organisation_id: str
    title: dict[str, str]
