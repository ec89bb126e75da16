"""User accounts, API tokens, web sessions and e-mail verification links."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.db import Base, utcnow
from catalogue.organisations.models import Membership


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    is_governance: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # An address grants nothing (team access, invitations) until its owner proved it: set by verification.
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # What kind of requester the user is (an audience of the exchange format): the dataset pages answer
    # "can I get it?" for it and the request form starts from it. Optional: older accounts have none.
    requester_type: Mapped[str | None] = mapped_column(String(20), default=None)
    # The language the user reads (fr | en): notifications and e-mails are written in it. Set at sign-up,
    # sign-in and the language switch of the pages, or through the API; unknown (NULL) reads as French.
    lang: Mapped[str | None] = mapped_column(String(5), default=None)

    memberships: Mapped[list[Membership]] = relationship(lazy="selectin")

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def role_in(self, organisation_id: str) -> str | None:
        return next((m.role for m in self.memberships if m.organisation_id == organisation_id), None)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class WebSession(Base):
    """A browser session: the cookie carries the raw id, the table only its hash (revoked at sign-out)."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class EmailVerification(Base):
    """A single-use link proving an address: only its hash is stored.

    `password_hash` is set when an unverified address is registered again: following the link
    then also sets the password chosen that time (the address owner reclaims a squatted account).
    """

    __tablename__ = "email_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
