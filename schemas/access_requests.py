"""API payloads of access requests, opinions, milestones, attachments and the public register."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from schemas import access_vocabularies as av
from schemas.dataset import Email, Slug
from schemas.files import StoredFileOut
from schemas.text import Line
from schemas.text import Text as SafeText

Text = Annotated[SafeText, Field(min_length=1, max_length=10000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TeamMemberIn(_In):
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    email: Email
    role: Annotated[Line, Field(min_length=1, max_length=200)] = "member"


class AccessRequestIn(_In):
    """A draft request; everything can change until it is submitted (and after changes are asked)."""

    datasets: Annotated[list[Slug], Field(min_length=1, max_length=50)]
    project_title: Annotated[Line, Field(min_length=3, max_length=300)]
    project_summary: Text
    purpose: av.Purpose
    requester_organisation: Annotated[Line, Field(min_length=1, max_length=300)]
    requester_organisation_type: av.RequesterType
    variables: Text = Field(description="the variables or subsets needed")
    duration_months: Annotated[int, Field(ge=1, le=120)]
    legal_route: av.LegalRoute
    team: Annotated[list[TeamMemberIn], Field(max_length=50)] = []


class TransitionIn(_In):
    reason: Annotated[SafeText, Field(max_length=10000)] | None = None
    conditions: Annotated[SafeText, Field(max_length=10000)] | None = Field(
        default=None, description="required to approve_with_conditions")
    overrule: bool = Field(default=False, description="decide before every opinion is in, or against one")
    access_until: dt.date | None = Field(default=None, description="end of access; default: decision date "
                                                                  "+ the planned duration")


class OpinionIn(_In):
    dataset_id: Slug
    opinion: av.OpinionValue
    reason: Text
    conditions: Annotated[SafeText, Field(max_length=10000)] | None = None


class MilestoneIn(_In):
    kind: av.MilestoneKind
    reference: Annotated[Line, Field(min_length=1, max_length=200)]
    date: dt.date
    attachment_id: Annotated[Line, Field(max_length=36)] | None = None


class TeamMemberOut(BaseModel):
    name: str
    email: str
    role: str
    accepted: bool = Field(default=False, description="a named person is on the team once they accept")


class TeamInvitationOut(BaseModel):
    """A team place offered to the caller's (verified) address, waiting for their answer."""

    request_id: int
    project_title: str
    requester_organisation: str
    status: str
    name: str
    role: str


class RequestedDatasetOut(BaseModel):
    dataset_id: str
    organisation_id: str
    title: str = Field(description="the title as published when the request was filed or decided")
    titles: dict[str, str] = {}
    producer_name: str = ""
    published_revision: int | None = Field(default=None, description="the description's revision shown")


class OpinionOut(BaseModel):
    dataset_id: str
    organisation_id: str
    opinion: str
    reason: str
    conditions: str | None
    reviewer_id: int | None
    recorded_at: dt.datetime
    round: int = 1
    superseded_at: dt.datetime | None = Field(
        default=None, description="set when a substantive resubmission asked the producers again")
    on_behalf: bool = Field(default=False, description="received outside the platform and recorded by governance "
                                                        "staff (reviewer_id) on the producer's behalf")
    attachment_id: str | None = Field(default=None, description="the producer's document, among the attachments")


class MilestoneOut(BaseModel):
    kind: str
    reference: str
    date: dt.date
    attachment_id: str | None
    recorded_by: int | None
    recorded_at: dt.datetime


class AttachmentOut(StoredFileOut):
    """A file attached to an access request (protocol, ethics opinion, DPIA…)."""


class CheckItem(BaseModel):
    """One thing that blocks a request: the field concerned, the English words, and for interfaces that
    word it themselves a stable code with its facts (catalogue/access_requests/requirements.py CODES)."""

    field: str
    message: str
    code: str | None = None
    params: dict[str, Any] = {}


class RequirementsOut(BaseModel):
    milestones: dict[str, list[str]]
    attachments: dict[str, list[str]]
    flags: list[str]
    refusals: list[CheckItem] = []
    missing_attachments: list[CheckItem] = []
    missing_milestones: list[CheckItem] = []
    pending_opinions: list[str] = []
    # the milestones, attachments and flags again, as {code, params} in the same order
    reasons: dict[str, Any] = {}


class RegisteredDataset(BaseModel):
    """A description as it was published when the request was filed or decided."""

    id: str
    title: str
    titles: dict[str, str] = {}
    producer: str


class RegisterEntry(BaseModel):
    """What the public register shows of an approved request, and nothing more."""

    id: int
    project_title: str
    requester_organisation: str
    purpose: str
    datasets: list[RegisteredDataset]
    decision: str
    decided_at: dt.datetime | None


class AccessRequestOut(BaseModel):
    id: int
    status: str
    version: int
    requester_id: int
    requester_organisation: str
    requester_organisation_type: str
    project_title: str
    project_summary: str
    purpose: str
    variables: str
    duration_months: int
    legal_route: str
    team: list[TeamMemberOut]
    datasets: list[RequestedDatasetOut]
    opinions: list[OpinionOut] = Field(description="those of the current round (a decision rests on them)")
    superseded_opinions: list[OpinionOut] = []
    milestones: list[MilestoneOut]
    attachments: list[AttachmentOut]
    requirements: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime
    status_since: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_reason: str | None
    conditions: str | None
    access_until: dt.date | None
    actions: list[str] = Field(default=[], description="what the caller may do next")
    register_notice: str = Field(description="what the public register will show if the request is approved")
    public_entry: RegisterEntry
