"""The one way an e-mail address from outside becomes the address we store and compare."""

from __future__ import annotations

from catalogue.errors import ValidationFailed
from schemas.dataset import check_email


def normalise_email(email: str, field: str = "email") -> str:
    """Trimmed, lower-cased and checked; ValidationFailed naming `field` otherwise."""
    email = email.strip().lower()
    try:
        check_email(email)
    except ValueError as exc:
        raise ValidationFailed(f"{field} {exc}", details=[{"field": field, "message": str(exc)}]) from None
    return email
