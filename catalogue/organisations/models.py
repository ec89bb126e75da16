"""Producer organisations and their members."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def producer_block(self) -> dict[str, str]:
        """The `producer` object of the exchange format."""
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country}


class Membership(Base):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))  # editor | admin
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# pending -> accepted | declined | cancelled (by an organisation admin); a pending one lapses at expires_at.
INVITATION_STATES = ("pending", "accepted", "declined", "cancelled")


class Invitation(Base):
    """Membership offered to an e-mail address; only the verified owner of that address accepts it."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[str] = mapped_column(String(20))  # editor | admin
    status: Mapped[str] = mapped_column(String(10), default="pending")
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
