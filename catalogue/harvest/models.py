"""Harvest runs (one row per run, with its counts and errors) and harvested items (one per remote package)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class HarvestRun(Base):
    __tablename__ = "harvest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_url: Mapped[str] = mapped_column(String(500), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="ckan")
    organization: Mapped[str | None] = mapped_column(String(200))
    query: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | finished | failed
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    seen: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    withdrawn: Mapped[int] = mapped_column(default=0)  # harvested before, no longer listed (kept, reported)
    errors: Mapped[list] = mapped_column(default=list)  # [{package, message, fields}]
    notes: Mapped[list] = mapped_column(default=list)   # [{package, dataset_id, defaulted, unmapped}]
    message: Mapped[str | None] = mapped_column(String(1000))  # why a failed run stopped


class HarvestItem(Base):
    __tablename__ = "harvest_items"
    __table_args__ = (UniqueConstraint("source_url", "remote_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_url: Mapped[str] = mapped_column(String(500))
    remote_name: Mapped[str] = mapped_column(String(200))
    remote_id: Mapped[str | None] = mapped_column(String(200))
    dataset_id: Mapped[str] = mapped_column(String(80), index=True)
    remote_modified: Mapped[str | None] = mapped_column(String(40))  # the source's metadata_modified
    unmapped: Mapped[dict] = mapped_column(default=dict)  # what the mapping could not place, kept as sent
    defaulted: Mapped[list] = mapped_column(default=list)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_runs.id", ondelete="SET NULL"))
    harvested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
