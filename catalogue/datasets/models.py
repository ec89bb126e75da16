"""Dataset descriptions and their revisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class Dataset(Base):
    __tablename__ = "datasets"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Changed only by catalogue.datasets.lifecycle.apply.
    status: Mapped[str] = mapped_column(String(20), index=True)
    record: Mapped[dict]  # the exchange-format JSON object, exactly as last written
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_at: Mapped[dt.datetime | None]

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_datasets_status_id", "status", "id"),)  # pages of one status, by id


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("dataset_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    record: Mapped[dict]
    changes: Mapped[list]  # dotted paths that differ from the previous revision
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
