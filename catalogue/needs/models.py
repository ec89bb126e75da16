"""The data-needs board: a need posted by a data user, its themes, the producers' responses, and the
descriptions it already told their producers about (each (need, description) alerts once)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.db import Base, utcnow

OPEN, SATISFIED, CLOSED, HIDDEN = "open", "satisfied", "closed", "hidden"
PUBLIC, PRODUCERS = "public", "producers"


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    geography: Mapped[list]  # place codes (population.geography)
    individuals_min: Mapped[int | None] = mapped_column(BigInteger)
    period_from: Mapped[int | None]  # years
    period_to: Mapped[int | None]
    open_to: Mapped[str | None] = mapped_column(String(20))  # an audience the descriptions must be open to
    open_data_only: Mapped[bool] = mapped_column(default=False)
    purpose: Mapped[str] = mapped_column(String(20))
    deadline: Mapped[dt.date] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(10))  # public | producers
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)  # changed by workflow.apply only
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    satisfied_by: Mapped[int | None]  # the response that satisfied it, when the author named one
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    theme_rows: Mapped[list[NeedTheme]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                       order_by="NeedTheme.theme")

    @property
    def themes(self) -> list[str]:
        return sorted(row.theme for row in self.theme_rows)


class NeedTheme(Base):
    """One health category of a need (a row each, so that the board filters by theme in SQL)."""

    __tablename__ = "need_themes"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


class NeedResponse(Base):
    """A producer's answer: a message, one of its published descriptions, or both."""

    __tablename__ = "need_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, default="")
    dataset_id: Mapped[str | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NeedMatch(Base):
    """A published description whose producer was told about this need: never told twice."""

    __tablename__ = "need_matches"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    matched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
