"""Web sessions kept server-side: the browser holds a random id, the table its hash.

The id is not an API token (the REST API never accepts it) and ends for real: sign-out revokes the
row, expiry is checked on every request, and a disabled account loses its sessions at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from catalogue.accounts import repository as repo
from catalogue.accounts.models import User, WebSession
from catalogue.db import as_utc, utcnow
from catalogue.errors import Unauthenticated
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

TTL = dt.timedelta(hours=12)
SEEN_EVERY = dt.timedelta(minutes=5)  # coarse last-seen stamp, so that reads rarely write


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def open_session(uow: UnitOfWork, user: User) -> str:
    """A new session for the user; returns the raw id (for the cookie only)."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    uow.session.add(WebSession(id_hash=_hash(raw), user_id=user.id, created_at=now, expires_at=now + TTL,
                               last_seen_at=now))
    uow.flush()
    return raw


def principal_for(uow: UnitOfWork, raw: str) -> Principal:
    """Who this session belongs to; Unauthenticated when it is unknown, revoked, expired or disabled."""
    row = repo.session_by_hash(uow.session, _hash(raw))
    now = utcnow()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) < now:
        raise Unauthenticated("your session has ended: sign in again")
    user = repo.get_user(uow.session, row.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("account disabled")
    last = as_utc(row.last_seen_at)
    if last is None or now - last > SEEN_EVERY:
        row.last_seen_at = now
    return Principal.of(user)


def close_session(uow: UnitOfWork, raw: str) -> None:
    row = repo.session_by_hash(uow.session, _hash(raw))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
