"""SQL for users, tokens, web sessions and verification links."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from catalogue.accounts.models import ApiToken, EmailVerification, User, WebSession


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def names_of(session: Session, user_ids: set[int]) -> dict[int, str]:
    """{id: name} of these accounts (those that still exist)."""
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def platform_admins(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_platform_admin, User.is_active).order_by(User.id)))


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.is_platform_admin)) or 0


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def verification_by_hash(session: Session, token_hash: str) -> EmailVerification | None:
    return session.scalar(select(EmailVerification).where(EmailVerification.token_hash == token_hash))


def unused_verifications(session: Session, user_id: int) -> list[EmailVerification]:
    return list(session.scalars(select(EmailVerification).where(EmailVerification.user_id == user_id,
                                                                EmailVerification.used_at.is_(None))))


def session_by_hash(session: Session, id_hash: str) -> WebSession | None:
    return session.scalar(select(WebSession).where(WebSession.id_hash == id_hash))


def revoke_credentials(session: Session, user_id: int, at: dt.datetime) -> None:
    """End every web session and API token of a user (their password was set by someone else)."""
    for model in (WebSession, ApiToken):
        session.execute(update(model).where(model.user_id == user_id, model.revoked_at.is_(None))
                        .values(revoked_at=at))
