"""Access requests: the request, the descriptions it names, opinions, milestones, attachments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
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
    opinions: Mapped[list[Opinion]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    milestones: Mapped[list[Milestone]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Attachment.created_at")

    __mapper_args__ = {"version_id_col": version}

    @property
    def organisation_ids(self) -> list[str]:
        """The producers concerned."""
        return sorted({d.organisation_id for d in self.datasets})

    def team_emails(self) -> set[str]:
        return {m.email for m in self.team}


class TeamMember(Base):
    """A person working on the project; one with an account (same e-mail) may follow the request."""

    __tablename__ = "access_request_team"

    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), primary_key=True, index=True)  # lower case
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


class RequestedDataset(Base):
    __tablename__ = "access_request_datasets"

    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id"), primary_key=True, index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    dataset: Mapped[Dataset] = relationship(lazy="selectin")

    @property
    def title(self) -> str:
        return text_in(self.dataset.record.get("title"), "en")

    @property
    def producer_name(self) -> str:
        return str(self.dataset.record.get("producer", {}).get("name", self.organisation_id))


class Opinion(Base):
    """A producer's opinion on one of its datasets in a request; recording again replaces it."""

    __tablename__ = "access_request_opinions"
    __table_args__ = (UniqueConstraint("request_id", "dataset_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    dataset_id: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[str] = mapped_column(String(80))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opinion: Mapped[str] = mapped_column(String(40))  # favourable | favourable_with_conditions | unfavourable
    reason: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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
