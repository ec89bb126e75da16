"""Errors of the access-request domain."""

from catalogue.errors import Conflict, NotFound, ValidationFailed


class AccessRequestNotFound(NotFound):
    code = "access_request_not_found"


class RequirementsNotMet(ValidationFailed):
    """The request breaks the datasets' access terms or lacks a required attachment."""

    code = "requirements_not_met"


class MilestonesMissing(ValidationFailed):
    code = "milestones_missing"


class OpinionsPending(Conflict):
    code = "opinions_pending"


def field_error(cls: type[ValidationFailed], field: str, message: str, *, case: str | None = None) -> ValidationFailed:
    """A refusal of one field; `case` names the rule broken, for interfaces that word it themselves."""
    return cls(f"{field}: {message}", details=[{"field": field, "message": message}],
               params={"field": field, **({"case": case} if case else {})})
