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
    # E-mail domains a platform admin trusts for this producer ("aphp.fr aphp.org"): a claim from a proven
    # address in one of them is confirmed at once; any other claim waits for a platform admin.
    claim_domains: Mapped[str] = mapped_column(String(500), default="", server_default="")

    @property
    def trusted_domains(self) -> list[str]:
        return [d for d in (self.claim_domains or "").split() if d]

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
# A claim (an organisation without members, reached at a contact address of its descriptions) goes
# pending -> claimed (someone proved the address and asked; a platform admin confirms) -> accepted | refused,
# or pending -> accepted at once when the address is in one of the organisation's trusted domains.
INVITATION_STATES = ("pending", "claimed", "accepted", "declined", "cancelled", "refused")
INVITATION_KINDS = ("member", "claim")


class Invitation(Base):
    """Membership offered to an e-mail address; only the verified owner of that address accepts it."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[str] = mapped_column(String(20))  # editor | admin
    kind: Mapped[str] = mapped_column(String(10), default="member", server_default="member")  # member | claim
    status: Mapped[str] = mapped_column(String(10), default="pending")
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[dt.datetime | None]
