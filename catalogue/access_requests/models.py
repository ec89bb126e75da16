"""Access requests: the request, the descriptions it names, opinions, milestones, attachments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.datasets.models import Dataset
from catalogue.objects.columns import StoredFileColumns
from catalogue.db import Base, utcnow
from schemas.dataset import text_in


class AccessRequest(Base):
    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Producer organisations the requester belonged to when filing: none of their members may
    # review or decide this request (separation of duties).
    requester_memberships: Mapped[list] = mapped_column(default=list)
    requester_organisation: Mapped[str] = mapped_column(String(300))
    requester_organisation_type: Mapped[str] = mapped_column(String(40))
    project_title: Mapped[str] = mapped_column(String(300))
    project_summary: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(40))
    variables: Mapped[str] = mapped_column(Text)  # variables or subsets needed, free text
    duration_months: Mapped[int]
    legal_route: Mapped[str] = mapped_column(String(40))
    # Changed only by catalogue.access_requests.workflow.apply.
    status: Mapped[str] = mapped_column(String(30), index=True, default="draft")
    status_since: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # What the datasets' access terms require, computed at each (re)submission.
    requirements: Mapped[dict] = mapped_column(default=dict)
    # The substance (see substance.py) as last filed, and the round of opinions that counts:
    # a resubmission that changes the substance starts a new round (earlier opinions superseded).
    submitted_substance: Mapped[dict | None] = mapped_column(default=None)
    opinion_round: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    access_until: Mapped[dt.date | None] = mapped_column(Date)

    team: Mapped[list[TeamMember]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="TeamMember.position")
    datasets: Mapped[list[RequestedDataset]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="RequestedDataset.position")
    # Every opinion ever given, superseded ones included (the audit trail); `opinions` are those that count.
    opinion_history: Mapped[list[Opinion]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Opinion.id")
    milestones: Mapped[list[Milestone]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Attachment.created_at")

    __mapper_args__ = {"version_id_col": version}

    @property
    def organisation_ids(self) -> list[str]:
        """The producers concerned."""
        return sorted({d.organisation_id for d in self.datasets})

    @property
    def opinions(self) -> list[Opinion]:
        """The opinions of the current round: those a decision rests on."""
        return [o for o in self.opinion_history if o.round == self.opinion_round and o.superseded_at is None]

    def team_emails(self) -> set[str]:
        """Everyone named in the team, whether they accepted or not (for display and invitations)."""
        return {m.email for m in self.team}

    def team_user_ids(self) -> set[int]:
        """Accounts that accepted to be on the team: only they count as the requester's side."""
        return {m.user_id for m in self.team if m.accepted_at is not None and m.user_id is not None}


class TeamMember(Base):
    """A person named on the project: an invitation until the account holding that (verified) address
    accepts it; only then do they follow the request and count as the requester's side."""

    __tablename__ = "access_request_team"

    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), primary_key=True, index=True)  # lower case
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # who accepted
    accepted_at: Mapped[dt.datetime | None]

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None


class RequestedDataset(Base):
    __tablename__ = "access_request_datasets"

    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id"), primary_key=True, index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # What was published when the request was last filed or decided (snapshots.py): requests and the
    # public register show this, never the live record (which may be an unpublished draft).
    published_title: Mapped[dict | None] = mapped_column(default=None)
    published_producer: Mapped[str | None] = mapped_column(String(300))
    published_revision: Mapped[int | None]
    snapshot_at: Mapped[dt.datetime | None]

    dataset: Mapped[Dataset] = relationship(lazy="selectin")

    @property
    def titles(self) -> dict[str, str]:
        """The published title in each language (the id when no snapshot exists)."""
        return dict(self.published_title or {}) or {"fr": self.dataset_id}

    @property
    def title(self) -> str:
        return text_in(self.titles, "en")

    @property
    def producer_name(self) -> str:
        return self.published_producer or self.organisation_id


class Opinion(Base):
    """A producer's opinion on one of its datasets in one round of a request; recording again in the
    same round replaces it. A substantive resubmission supersedes the round (kept for the trail)."""

    __tablename__ = "access_request_opinions"
    __table_args__ = (UniqueConstraint("request_id", "dataset_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    dataset_id: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[str] = mapped_column(String(80))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opinion: Mapped[str] = mapped_column(String(40))  # favourable | favourable_with_conditions | unfavourable
    reason: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    round: Mapped[int] = mapped_column(default=1, server_default="1")
    # Received outside the platform (a producer nobody represents on it) and recorded by governance staff
    # (reviewer_id) on the producer's behalf, with the producer's document among the request's attachments.
    on_behalf: Mapped[bool] = mapped_column(default=False, server_default=false())
    attachment_id: Mapped[str | None] = mapped_column(String(36))
    superseded_at: Mapped[dt.datetime | None]


class Milestone(Base):
    """An external step (CESREES opinion, CNIL authorisation, MR declaration...) and its evidence."""

    __tablename__ = "access_request_milestones"
    __table_args__ = (UniqueConstraint("request_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    attachment_id: Mapped[str | None] = mapped_column(String(36))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Attachment(StoredFileColumns, Base):
    __tablename__ = "access_request_attachments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
