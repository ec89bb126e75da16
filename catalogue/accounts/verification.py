"""E-mail verification: a single-use, expiring link sent through the notification outbox.

Only the link's hash is stored. The message is e-mail only: it never shows in the account's inbox,
so whoever opened the account without owning the address cannot read the link there. Without SMTP
(development), an operator verifies with `catalogue users verify --email ...`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from catalogue.accounts import repository as repo
from catalogue.accounts.models import EmailVerification, User
from catalogue.accounts.throttle import SignInThrottle
from catalogue.db import as_utc, utcnow
from catalogue.errors import TooManyRequests, ValidationFailed
from catalogue.notifications import service as notifications
from catalogue.notifications.texts import msg
from catalogue.uow import UnitOfWork

LINK_TTL = dt.timedelta(hours=48)
EVENT = "verify_email"  # e-mail only (see catalogue.notifications.models.PRIVATE_EVENTS)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def send_link(uow: UnitOfWork, user: User, *, password_hash: str | None = None) -> str:
    """Queue a verification e-mail to the user's address; returns the raw token (shown nowhere else)."""
    raw = secrets.token_urlsafe(32)
    uow.session.add(EmailVerification(token_hash=_hash(raw), user_id=user.id, email=user.email,
                                      password_hash=password_hash, expires_at=utcnow() + LINK_TTL))
    body = [msg("verify.hello", name=user.name), msg("verify.body", email=user.email, n=LINK_TTL.days),
            *([msg("verify.again")] if password_hash is not None else []), msg("verify.ignore")]
    notifications.notify(uow, [user], event=EVENT, topic=f"account:{user.id}",
                         subject=msg("verify.subject"), body=body, link=f"/verify?token={raw}")
    uow.flush()
    return raw


def notice_existing(uow: UnitOfWork, user: User, *, password_hash: str) -> None:
    """Someone signed up with the address of an existing account: tell its owner, reveal nothing to them."""
    if not user.email_verified:
        send_link(uow, user, password_hash=password_hash)
        return
    notifications.notify(uow, [user], event="signup_existing", topic=f"account:{user.id}",
                         subject=msg("signup_existing.subject"), body=msg("signup_existing.body"),
                         link="/signin")


def verify(uow: UnitOfWork, raw: str) -> User:
    """Prove the address the link was sent to; refused when unknown, used, expired or the address changed."""
    row = repo.verification_by_hash(uow.session, _hash(raw.strip())) if raw.strip() else None
    user = repo.get_user(uow.session, row.user_id) if row is not None else None
    now = utcnow()
    if (row is None or user is None or row.used_at is not None or as_utc(row.expires_at) < now
            or row.email != user.email):
        message = "this link is unknown, already used or expired: ask for a new one from your account page"
        raise ValidationFailed(message, details=[{"field": "token", "message": message}])
    if row.password_hash is not None:
        user.password_hash = row.password_hash
        repo.revoke_credentials(uow.session, user.id, now)
    user.email_verified_at = user.email_verified_at or now
    for other in repo.unused_verifications(uow.session, user.id):
        other.used_at = now  # one proof is enough; older links (maybe a squatter's) stop working
    uow.flush()
    return user


def resend(uow: UnitOfWork, user: User, throttle: SignInThrottle) -> bool:
    """A new link to an unverified address (False when it is verified already); a few per hour at most."""
    if user.email_verified:
        return False
    if not throttle.notice_allowed(user.email):
        raise TooManyRequests("a link was sent a few times already: check your e-mail or try again later",
                              retry_after=throttle.notice_wait(user.email))
    send_link(uow, user)
    return True
