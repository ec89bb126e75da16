"""Saved searches: a user's search kept with its alerts, the descriptions it already told about, and
the unsubscribe tokens of the alerts sent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow

DELIVERIES = ("immediate", "daily")
# Why a description is in saved_search_matches: it was among the results when the search was saved
# (never an alert), or it came to match afterwards (an alert, sent or waiting for the daily digest).
KNOWN, NEW = "known", "new"


class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[dict]  # the SearchQuery fields that define the result set (schemas.saved_searches.defining)
    delivery: Mapped[str] = mapped_column(String(10))  # immediate | daily
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    unsubscribed_at: Mapped[dt.datetime | None]  # alerts stopped (by the link of an alert); the search stays


class SavedSearchMatch(Base):
    """A description this saved search has already matched: it is never announced twice."""

    __tablename__ = "saved_search_matches"

    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="CASCADE"),
                                                 primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # KNOWN | NEW
    matched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[dt.datetime | None]  # a NEW match of a daily search waits for the digest while None


class UnsubscribeToken(Base):
    """One per alert sent (its link stops the alerts of the search); only the SHA-256 of the token is kept,
    so the table cannot be turned back into links."""

    __tablename__ = "saved_search_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
