"""Notifications: an outbox of messages to users, delivered by e-mail or kept in their inbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow

# pending -> sending -> email (sent over SMTP) | pending again, not before next_attempt_at (retry
# with backoff) | failed (parked: refused for good, or too many attempts; an operator re-queues it);
# pending -> inbox when no SMTP server is configured. Every notification shows in the inbox.
DELIVERIES = ("pending", "sending", "email", "inbox", "failed")
# Events whose message holds a secret (an e-mail verification link): e-mailed, never listed in the inbox.
PRIVATE_EVENTS = ("verify_email",)


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: sent to an address with no account (the contact of an organisation nobody represents yet);
    # such a message is e-mailed only, listed in nobody's inbox.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    event: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(String(80), index=True)  # e.g. "access_request:12"
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(5))  # the language it is written in (older rows: unknown)
    link: Mapped[str | None] = mapped_column(String(300))  # only a page the topic cannot name (see topics)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivery: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[dt.datetime | None]  # a failed send waits until then (backoff)
    claimed_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    read_at: Mapped[dt.datetime | None]
