"""Accounts: create users, sign in, issue and resolve API tokens. Services never commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from catalogue import policies
from catalogue.accounts import repository as repo
from catalogue.accounts.models import ApiToken, User
from catalogue.accounts.passwords import DUMMY_HASH, MIN_LENGTH, hash_password, verify_password
from catalogue.db import as_utc, utcnow
from catalogue.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import check_email

TOKEN_PREFIX = "mmd_"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        check_email(email)
    except ValueError as exc:
        raise ValidationFailed(f"email {exc}", details=[{"field": "email", "message": str(exc)}]) from None
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        message = f"must be at least {MIN_LENGTH} characters"
        raise ValidationFailed(f"password {message}", details=[{"field": "password", "message": message}])


def create_user(uow: UnitOfWork, *, email: str, name: str, password: str,
                is_platform_admin: bool = False, is_governance: bool = False) -> User:
    email = _normalise_email(email)
    _check_password(password)
    if not name.strip():
        raise ValidationFailed("name is empty", details=[{"field": "name", "message": "must not be empty"}])
    if repo.user_by_email(uow.session, email):
        raise Conflict(f"a user with email {email} already exists")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                is_platform_admin=is_platform_admin, is_governance=is_governance)
    uow.session.add(user)
    uow.flush()
    return user


def set_roles(uow: UnitOfWork, user_id: int, *, is_platform_admin: bool | None = None,
              is_governance: bool | None = None, is_active: bool | None = None) -> User:
    user = get_user(uow, user_id)
    if is_platform_admin is not None:
        user.is_platform_admin = is_platform_admin
    if is_governance is not None:
        user.is_governance = is_governance
    if is_active is not None:
        user.is_active = is_active
    return user


def set_password(uow: UnitOfWork, user_id: int, password: str) -> None:
    _check_password(password)
    get_user(uow, user_id).password_hash = hash_password(password)


def get_user(uow: UnitOfWork, user_id: int) -> User:
    user = repo.get_user(uow.session, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def find_user(uow: UnitOfWork, email: str) -> User:
    user = repo.user_by_email(uow.session, email)
    if user is None:
        raise NotFound(f"no user with email {email.strip().lower()}")
    return user


def authenticate(uow: UnitOfWork, email: str, password: str) -> User:
    user = repo.user_by_email(uow.session, email)
    if user is None or not user.is_active:
        verify_password(DUMMY_HASH, password)
        raise Unauthenticated("wrong email or password")
    if not verify_password(user.password_hash, password):
        raise Unauthenticated("wrong email or password")
    return user


def issue_token(uow: UnitOfWork, user: User, *, name: str, ttl_days: int) -> tuple[str, ApiToken]:
    """A new API token; the raw value is returned once and only its hash is stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100] or "token", token_hash=_hash_token(raw),
                     prefix=raw[:12], expires_at=utcnow() + dt.timedelta(days=ttl_days))
    uow.session.add(token)
    uow.flush()
    return raw, token


def principal_for_token(uow: UnitOfWork, raw: str) -> Principal:
    token = repo.token_by_hash(uow.session, _hash_token(raw.strip()))
    now = utcnow()
    if token is None or token.revoked_at is not None:
        raise Unauthenticated("invalid or revoked API token")
    if token.expires_at is not None and as_utc(token.expires_at) < now:
        raise Unauthenticated("API token expired: sign in again for a new one")
    user = repo.get_user(uow.session, token.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("account disabled")
    last = as_utc(token.last_used_at)
    if last is None or now - last > dt.timedelta(hours=1):
        token.last_used_at = now  # coarse, so that reads do not write on every request
    return Principal.of(user)


def list_tokens(uow: UnitOfWork, user_id: int) -> list[ApiToken]:
    return repo.tokens_of(uow.session, user_id)


def revoke_token(uow: UnitOfWork, user_id: int, token_id: int) -> None:
    token = uow.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound(f"token {token_id} not found")
    token.revoked_at = token.revoked_at or utcnow()


def list_users(uow: UnitOfWork, actor: Principal) -> list[User]:
    policies.manage_users(actor)
    return repo.list_users(uow.session)


def create_user_as(uow: UnitOfWork, actor: Principal, **fields: object) -> User:
    """An account created by a platform admin (may carry staff or admin roles)."""
    policies.manage_users(actor)
    return create_user(uow, **fields)  # type: ignore[arg-type]
