"""Collaboration matching: what a data user offers producers (issue 15, part 4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class PartnerOffer(Base):
    """A data user's offer: codes of the collaboration vocabulary (what producers seek in
    `collaboration.seeking`), their health categories, a line of skills, and whether producers may see it.

    Personal data: shown to producers only when `visible_to_producers` is set (off by default)."""

    __tablename__ = "partner_offers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    offers: Mapped[list]  # CollaborationNeed codes
    fields: Mapped[list]  # HealthCategory codes
    skills: Mapped[str] = mapped_column(String(300), default="")
    visible_to_producers: Mapped[bool] = mapped_column(default=False, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
