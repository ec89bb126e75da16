"""The access-request workflow as a declared transition table, applied by one function.

No code sets `AccessRequest.status` anywhere else; `apply` authorises the step, moves the
state under the optimistic version check and writes the audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from catalogue.access_requests import policies
from catalogue.access_requests.errors import StaleRequest, field_error
from catalogue.access_requests.models import AccessRequest
from catalogue.audit import service as audit
from catalogue.errors import DomainError, InvalidTransition, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

Policy = Callable[[Principal, AccessRequest], None]
Guard = Callable[[AccessRequest, dt.datetime], None]


def _access_ended(request: AccessRequest, now: dt.datetime) -> None:
    """An access expires only once its end date has passed, whoever asks (governance included)."""
    if request.access_until is None or request.access_until >= now.date():
        until = request.access_until.isoformat() if request.access_until else "no end date"
        raise InvalidTransition(f"access request {request.id} grants access until {until}: "
                                "it expires only after that date")


@dataclass(frozen=True)
class Step:
    target: str
    policy: Policy
    needs_reason: bool = False
    guard: Guard | None = None  # a condition of the request itself (not of who acts)


_file, _review, _decide = policies.file_request, policies.review_request, policies.decide_request
TRANSITIONS: dict[tuple[str, str], Step] = {
    ("draft", "submit"): Step("submitted", _file),
    ("submitted", "start_review"): Step("under_review", _review),
    ("submitted", "request_changes"): Step("changes_requested", _review, needs_reason=True),
    ("under_review", "request_changes"): Step("changes_requested", _review, needs_reason=True),
    ("changes_requested", "resubmit"): Step("submitted", _file),
    ("under_review", "approve"): Step("approved", _decide),
    ("under_review", "approve_with_conditions"): Step("approved_with_conditions", _decide),  # + conditions
    ("under_review", "reject"): Step("rejected", _decide, needs_reason=True),
    ("draft", "withdraw"): Step("withdrawn", _file),
    ("submitted", "withdraw"): Step("withdrawn", _file),
    ("under_review", "withdraw"): Step("withdrawn", _file),
    ("changes_requested", "withdraw"): Step("withdrawn", _file),
    ("approved", "expire"): Step("expired", policies.expire_access, guard=_access_ended),
    ("approved_with_conditions", "expire"): Step("expired", policies.expire_access, guard=_access_ended),
}
ACTIONS = tuple(dict.fromkeys(action for _, action in TRANSITIONS))
STATES = ("draft", "submitted", "under_review", "changes_requested", "approved", "approved_with_conditions",
          "rejected", "withdrawn", "expired")
DECISIONS = ("approve", "approve_with_conditions", "reject")
APPROVED = ("approved", "approved_with_conditions")
EDITABLE = ("draft", "changes_requested")
OPEN = ("submitted", "under_review", "changes_requested")  # filed, not yet decided


def allowed_actions(status: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == status]


def step_for(request: AccessRequest, action: str) -> Step:
    """The step `action` takes from the request's state; unknown actions and wrong states refused."""
    if action not in ACTIONS:
        raise field_error(ValidationFailed, "action", f"unknown action {action[:80]!r}: one of {', '.join(ACTIONS)}")
    step = TRANSITIONS.get((request.status, action))
    if step is None:
        allowed = ", ".join(allowed_actions(request.status)) or "none"
        raise InvalidTransition(f"cannot {action} a {request.status} access request "
                                f"(allowed from {request.status}: {allowed})")
    return step


def check(request: AccessRequest, action: str, actor: Principal, now: dt.datetime) -> Step:
    """Everything that must hold for `actor` to take `action` now: the table, the policy, the guard."""
    step = step_for(request, action)
    step.policy(actor, request)
    if step.guard is not None:
        step.guard(request, now)
    return step


def actions_for(request: AccessRequest, actor: Principal, now: dt.datetime) -> list[str]:
    """What `actor` may do next with the request: every front door shows this answer."""
    allowed = []
    for action in allowed_actions(request.status):
        try:
            check(request, action, actor, now)
        except DomainError:  # any refusal means "not for you, not now"
            continue
        allowed.append(action)
    return allowed


def apply(uow: UnitOfWork, request: AccessRequest, action: str, actor: Principal, now: dt.datetime, *,
          reason: str | None = None, details: dict | None = None) -> str:
    """Move the request to its next state and audit it; returns the previous state."""
    step = check(request, action, actor, now)
    if step.needs_reason and not (reason or "").strip():
        raise field_error(ValidationFailed, "reason", f"a written reason is required to {action}")
    request_id = request.id  # read now: a failed flush expires the object
    previous, request.status = request.status, step.target
    request.status_since = request.updated_at = now
    try:
        uow.flush()
    except StaleDataError:
        raise StaleRequest(f"access request {request_id} was changed by someone else meanwhile: "
                           "reload it and try again") from None
    audit.record(uow, actor, f"access_request.{action}", "access_request", request.id, from_state=previous,
                 to_state=step.target, reason=reason, details=details, at=now)
    return previous
