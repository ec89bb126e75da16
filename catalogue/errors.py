"""Domain errors. They know nothing of HTTP: api/errors.py maps them to status codes."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base class; `code` is stable and machine-readable.

    `message` is for logs and API clients (English). `params` are the facts of the refusal as values,
    not words (a `case` when one code covers several situations, the action, the state, the kinds
    missing…): an interface renders them in its own language from its message catalogue."""

    code = "error"

    def __init__(self, message: str, *, details: object | None = None,
                 params: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.params: dict[str, object] = dict(params or {})


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


class StaleVersion(Conflict):
    """A change made on a version that is no longer the current one (see catalogue/concurrency.py)."""

    code = "stale_version"


class ValidationFailed(DomainError):
    """Input that is well-formed but breaks a rule; details lists {field, message}."""

    code = "validation_failed"


class TooLarge(DomainError):
    code = "too_large"


class UnsupportedMedia(DomainError):
    code = "unsupported_media_type"


class EmailNotVerified(Forbidden):
    """The action depends on an address its owner has not proved yet."""

    code = "email_not_verified"


class TooManyRequests(DomainError):
    """Too many attempts (e.g. failed sign-ins); `retry_after` is in seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, details: object | None = None,
                 params: Mapping[str, object] | None = None) -> None:
        super().__init__(message, details=details, params=params)
        self.retry_after = max(1, int(retry_after))


class LastAdmin(Conflict):
    """A change would leave an organisation without any admin."""

    code = "last_admin"
