"""Showcase sessions: a producer presents its data; data users register (seats, then a waiting list), ask
questions in advance, and find the slides and the replay afterwards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.db import Base, as_utc, utcnow
from catalogue.objects.columns import StoredFileColumns

SCHEDULED, CANCELLED = "scheduled", "cancelled"
REGISTERED, WAITING = "registered", "waiting"  # a registration's statuses, with CANCELLED


class ShowcaseSession(Base):
    __tablename__ = "showcase_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)  # UTC
    time_zone: Mapped[str] = mapped_column(String(64))  # the IANA zone it was scheduled in, shown with it
    duration_minutes: Mapped[int]
    format: Mapped[str] = mapped_column(String(10))  # online | on_site | hybrid
    online_url: Mapped[str | None] = mapped_column(String(2000))
    address: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(2))
    agenda: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=SCHEDULED)
    replay_url: Mapped[str | None] = mapped_column(String(2000))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    datasets: Mapped[list[SessionDataset]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                          order_by="SessionDataset.rank")
    slides: Mapped[SessionSlides | None] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def dataset_ids(self) -> list[str]:
        return [d.dataset_id for d in self.datasets]

    @property
    def start(self) -> dt.datetime:
        """The start in UTC, aware (SQLite gives it back naive)."""
        return as_utc(self.starts_at)

    @property
    def ends_at(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)


class SessionDataset(Base):
    """A description the session presents (a row each, so a dataset page finds its sessions)."""

    __tablename__ = "showcase_session_datasets"

    session_id: Mapped[int] = mapped_column(ForeignKey("showcase_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    rank: Mapped[int] = mapped_column(default=0)


class Registration(Base):
    """One person's place: registered (a seat), waiting (in `position` order), or cancelled."""

    __tablename__ = "showcase_registrations"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("showcase_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    position: Mapped[int | None]  # order on the waiting list (increasing); None once seated or cancelled
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[dt.datetime | None]  # the reminder job's mark: never sent twice


class Question(Base):
    """A question sent in advance about one of the descriptions presented; answered into an enquiry."""

    __tablename__ = "showcase_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("showcase_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"))


class SessionSlides(StoredFileColumns, Base):
    """The slides of a session, in the object store (one file; a new upload replaces it)."""

    __tablename__ = "showcase_slides"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("showcase_sessions.id", ondelete="CASCADE"), unique=True)
