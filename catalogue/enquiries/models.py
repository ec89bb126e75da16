"""Enquiries: a data user's question to a producer about a published description, and the thread."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.db import Base, utcnow


class Enquiry(Base):
    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(20))  # feasibility | variables | cost | access | other
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    messages: Mapped[list[Message]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                   order_by="Message.id")

    @property
    def awaits_producer(self) -> bool:
        """The asker spoke last: the producer owes an answer."""
        return bool(self.messages) and not self.messages[-1].from_producer


class Message(Base):
    __tablename__ = "enquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_producer: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
