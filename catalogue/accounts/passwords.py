"""Password hashing with argon2id, and a strength check with zxcvbn (a maintained estimator)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn 0-4: 3 is "safely unguessable: moderate protection from offline attacks"
_ESTIMATED = 72  # zxcvbn refuses longer input; the first 72 characters already say enough


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, *, user_inputs: list[str]) -> str | None:
    """Why the password is too weak (with zxcvbn's advice), or None when it is strong enough."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    inputs = [part for value in user_inputs for part in (value, *value.replace("@", " ").split()) if part]
    result = zxcvbn(password[:_ESTIMATED], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    advice = " ".join(filter(None, [feedback.get("warning"), *feedback.get("suggestions", [])]))
    return "is too easy to guess" + (f": {advice}" if advice else "; use a few uncommon words")


# A fixed hash to spend the same time when the account does not exist (no user enumeration).
DUMMY_HASH = hash_password("not-a-real-password-0000")
