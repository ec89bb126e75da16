"""Domain errors. They know nothing of HTTP: api/errors.py maps them to status codes."""

from __future__ import annotations


class DomainError(Exception):
    """Base class; `code` is stable and machine-readable."""

    code = "error"

    def __init__(self, message: str, *, details: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class ValidationFailed(DomainError):
    """Input that is well-formed but breaks a rule; details lists {field, message}."""

    code = "validation_failed"


class TooLarge(DomainError):
    code = "too_large"


class UnsupportedMedia(DomainError):
    code = "unsupported_media_type"
