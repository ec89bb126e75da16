"""Accounts: create users, register, sign in (throttled), issue and resolve API tokens. Services never commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from catalogue import policies
from catalogue.access_requests.eligibility import REQUESTER_TYPES
from catalogue.accounts import repository as repo
from catalogue.accounts import verification
from catalogue.accounts.models import ApiToken, User
from catalogue.accounts.passwords import DUMMY_HASH, hash_password, verify_password, weakness
from catalogue.accounts.throttle import SignInThrottle
from catalogue.accounts.emails import normalise_email
from catalogue.db import as_utc, utcnow
from catalogue.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from catalogue.messages import LANGUAGES
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

TOKEN_PREFIX = "mmd_"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()



def _check_password(password: str, *, email: str, name: str) -> None:
    """Refuse a password that is short or easy to guess (zxcvbn, knowing the e-mail and the name)."""
    if message := weakness(password, user_inputs=[email, name]):
        raise ValidationFailed(f"password {message}", details=[{"field": "password", "message": message}])


def _check_name(name: str) -> None:
    if not name.strip():
        raise ValidationFailed("name is empty", details=[{"field": "name", "message": "must not be empty"}])


def _requester_type(value: str | None) -> str | None:
    """An audience of the exchange format, or None (the type is optional: "" means not said)."""
    value = (value or "").strip()
    if not value:
        return None
    if value not in REQUESTER_TYPES:
        raise ValidationFailed(f"unknown requester type '{value[:40]}'", details=[
            {"field": "requester_type", "message": f"must be one of {', '.join(REQUESTER_TYPES)}"}])
    return value


def _lang(value: str | None) -> str | None:
    """A language of the product (fr | en), or None (not said: messages are then written in French)."""
    value = (value or "").strip()
    if not value:
        return None
    if value not in LANGUAGES:
        raise ValidationFailed(f"lang: unknown language '{value[:40]}' (one of {', '.join(LANGUAGES)})", details=[
            {"field": "lang", "message": f"must be one of {', '.join(LANGUAGES)}"}])
    return value


def create_user(uow: UnitOfWork, *, email: str, name: str, password: str, is_platform_admin: bool = False,
                is_governance: bool = False, verified: bool = False, lang: str | None = None,
                requester_type: str | None = None) -> User:
    """An account; its address is unverified (grants nothing) unless `verified` (fixtures, CLI --verified)."""
    email = normalise_email(email)
    _check_name(name)
    _check_password(password, email=email, name=name)
    if repo.user_by_email(uow.session, email):
        raise Conflict(f"a user with email {email} already exists")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                is_platform_admin=is_platform_admin, is_governance=is_governance,
                email_verified_at=utcnow() if verified else None, lang=_lang(lang),
                requester_type=_requester_type(requester_type))
    uow.session.add(user)
    uow.flush()
    return user


def register(uow: UnitOfWork, throttle: SignInThrottle, *, email: str, name: str, password: str,
             requester_type: str | None = None, lang: str | None = None) -> None:
    """Self-service sign-up that never says whether the address already has an account.

    A new address gets an account and a verification link. A known one gets an e-mail instead:
    "you already have an account", plus, while the address is unverified, a link that proves it and
    sets the password chosen now (so the owner reclaims an account someone else opened in their name).
    The same work (one password hash) is done on both paths.
    """
    email = normalise_email(email)
    _check_name(name)
    kind = _requester_type(requester_type)
    language = _lang(lang)
    _check_password(password, email=email, name=name)
    password_hash = hash_password(password)
    existing = repo.user_by_email(uow.session, email)
    if existing is None:
        user = User(email=email, name=name.strip(), password_hash=password_hash, requester_type=kind, lang=language)
        uow.session.add(user)
        uow.flush()
        verification.send_link(uow, user)
    elif existing.is_active and throttle.notice_allowed(email):
        verification.notice_existing(uow, existing, password_hash=password_hash)


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


def set_requester_type(uow: UnitOfWork, actor: Principal, requester_type: str | None) -> User:
    """The signed-in user declares (or clears, with "") the type of organisation they request for."""
    if actor.user_id is None:
        raise Unauthenticated("sign in to set your requester type")
    kind = _requester_type(requester_type)
    user = get_user(uow, actor.user_id)
    user.requester_type = kind
    return user


def set_lang(uow: UnitOfWork, actor: Principal, lang: str | None) -> User:
    """The signed-in user's language (fr | en; "" clears it): their notifications and e-mails are written in it."""
    if actor.user_id is None:
        raise Unauthenticated("sign in to set your language")
    language = _lang(lang)
    user = get_user(uow, actor.user_id)
    user.lang = language
    return user


def reads_in(user: User, lang: str) -> None:
    """The pages a user signs in from, or switches to, are in `lang`: their messages will be too (an
    unsupported value changes nothing)."""
    if lang in LANGUAGES:
        user.lang = lang


def requester_type_of(uow: UnitOfWork, actor: Principal) -> str | None:
    """The requester type the actor declared; None when anonymous or not said."""
    user = repo.get_user(uow.session, actor.user_id) if actor.user_id is not None else None
    return user.requester_type if user is not None else None


def set_password(uow: UnitOfWork, user_id: int, password: str) -> None:
    user = get_user(uow, user_id)
    _check_password(password, email=user.email, name=user.name)
    user.password_hash = hash_password(password)


def get_user(uow: UnitOfWork, user_id: int) -> User:
    user = repo.get_user(uow.session, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def names(uow: UnitOfWork, user_ids: set[int]) -> dict[int, str]:
    """The names of the people an audit trail records (by id: the trail keeps their e-mail at the time),
    so a timeline reads "Submitted by Ada Lovelace"; a deleted account has no name here."""
    return repo.names_of(uow.session, user_ids)


def find_user(uow: UnitOfWork, email: str) -> User:
    user = repo.user_by_email(uow.session, email)
    if user is None:
        raise NotFound(f"no user with email {email.strip().lower()}")
    return user


def authenticate(uow: UnitOfWork, email: str, password: str, *, throttle: SignInThrottle | None = None,
                 client: str | None = None) -> User:
    """The user with this password; throttled per account and per client before any hash is computed."""
    if throttle is not None:
        throttle.check(email, client)
    user = repo.user_by_email(uow.session, email)
    if user is None or not user.is_active:
        verify_password(DUMMY_HASH, password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok or user is None:
        if throttle is not None:
            throttle.failed(email, client)
        raise Unauthenticated("wrong email or password")
    if throttle is not None:
        throttle.succeeded(email)
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
    """An account created by a platform admin (may carry staff or admin roles); its owner verifies the address."""
    policies.manage_users(actor)
    user = create_user(uow, **fields)  # type: ignore[arg-type]
    verification.send_link(uow, user)
    return user


def mark_verified(uow: UnitOfWork, actor: Principal, email: str) -> User:
    """A platform operator vouches for an address (CLI): no link needed."""
    policies.manage_users(actor)
    user = find_user(uow, email)
    user.email_verified_at = user.email_verified_at or utcnow()
    return user
