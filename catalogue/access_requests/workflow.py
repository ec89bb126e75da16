"""The access-request workflow, declared as one table (see catalogue/workflow.py for how it runs).

No code sets `AccessRequest.status` anywhere else. `REQUESTS.apply` runs a step: the table, the
guard, the policy, the written reason, the effect below, the state under the version check, the
audit entry, then the notices (`notices.on_transition`), in one transaction.

Decisions state their reason, whichever they are: the reason is on the audit trail and told to the
requester, and the web's decision form always asked for it; the REST API and the CLI now ask too.
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests import checks, notices, policies, snapshots, substance
from catalogue.access_requests.errors import RequirementsNotMet
from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.states import (  # noqa: F401 - the groups are read as workflow.X too
    APPROVED, BEFORE_DECISION, EDITABLE, IN_REVIEW, OPEN, STATES, State,
)
from catalogue.audit import service as audit
from catalogue.errors import InvalidTransition
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from catalogue.workflow import Act, Move, Step, Workflow
from schemas.access_requests import TransitionIn
from schemas.errors import summary



# -- guards: conditions of the request itself, whoever acts ------------------------------------

def _access_ended(request: AccessRequest, now: dt.datetime) -> None:
    """An access expires only once its end date has passed, whoever asks (governance included)."""
    if request.access_until is None or request.access_until >= now.date():
        until = request.access_until.isoformat() if request.access_until else "no end date"
        raise InvalidTransition(f"access request {request.id} grants access until {until}: "
                                "it expires only after that date",
                                params={"case": "access_not_ended", "until": request.access_until})


# -- effects: what a step writes besides the state ----------------------------------------------

def _file(uow: UnitOfWork, move: Move[AccessRequest]) -> None:
    """Submission and resubmission: the terms' requirements are met and fixed on the request; the
    requester's memberships are taken again (an organisation joined since the draft is conflicted
    too); a resubmission that changed the substance asks the producers again."""
    request, actor, now = move.thing, move.actor, move.now
    needs, problems = checks.problems(uow, request)
    if problems:
        missing = [p["field"].split(".")[-1] for p in problems if p["field"].startswith("attachments.")]
        raise RequirementsNotMet(summary(problems), details=problems, params={
            "case": "attachments" if len(missing) == len(problems) else "terms", "attachments": missing})
    request.requirements = needs.as_dict()
    request.requester_memberships = sorted(set(request.requester_memberships) | set(actor.roles))
    request.submitted_at = request.submitted_at or now
    move.details.update({"flags": needs.flags, "milestones": sorted(needs.milestones),
                         "attachments": sorted(needs.attachments)})
    if move.action == "resubmit":
        move.notes["superseded"] = _reconsider(uow, request, actor, now)
    request.submitted_substance = substance.of(request)
    snapshots.refresh(uow, request, now)


def _reconsider(uow: UnitOfWork, request: AccessRequest, actor: Principal, now: dt.datetime) -> list[str]:
    """A resubmission whose substance changed supersedes the opinions given; returns their datasets."""
    changed = substance.changed(request)
    if not changed or not request.opinions:
        return []
    superseded = substance.supersede(request, now)
    audit.record(uow, actor, "access_request.opinions_superseded", "access_request", request.id,
                 reason=f"the request changed: {', '.join(changed)}",
                 details={"changed": changed, "datasets": superseded, "round": request.opinion_round}, at=now)
    return superseded


def _decide(uow: UnitOfWork, move: Move[AccessRequest]) -> None:
    """A decision: the opinions and milestones allow it; its terms (conditions, end date) are kept."""
    request, body = move.thing, move.params if isinstance(move.params, TransitionIn) else TransitionIn()
    checks.decision(request, move.action, body)
    snapshots.refresh(uow, request, move.now)
    request.decided_at, request.decided_by = move.now, move.actor.user_id
    request.decision_reason = move.reason
    request.conditions = body.conditions if move.action == "approve_with_conditions" else None
    if move.action != "reject":
        request.access_until = body.access_until or checks.add_months(move.now.date(), request.duration_months)
    move.details.update({"overrule": body.overrule, "conditions": request.conditions,
                         "access_until": request.access_until.isoformat() if request.access_until else None})


def _stamp(request: AccessRequest, now: dt.datetime) -> None:
    request.status_since = request.updated_at = now


# -- the tables -----------------------------------------------------------------------------------

_filer, _reviewer, _decider = policies.file_request, policies.review_request, policies.decide_request
STEPS: dict[tuple[str, str], Step[AccessRequest]] = {
    ("draft", "submit"): Step("submitted", _filer, effect=_file),
    ("submitted", "start_review"): Step("under_review", _reviewer),
    ("submitted", "request_changes"): Step("changes_requested", _reviewer, needs_reason=True),
    ("under_review", "request_changes"): Step("changes_requested", _reviewer, needs_reason=True),
    ("changes_requested", "resubmit"): Step("submitted", _filer, effect=_file),
    ("under_review", "approve"): Step("approved", _decider, needs_reason=True, effect=_decide),
    ("under_review", "approve_with_conditions"): Step("approved_with_conditions", _decider, needs_reason=True,
                                                      effect=_decide),
    ("under_review", "reject"): Step("rejected", _decider, needs_reason=True, effect=_decide),
    ("draft", "withdraw"): Step("withdrawn", _filer),
    ("submitted", "withdraw"): Step("withdrawn", _filer),
    ("under_review", "withdraw"): Step("withdrawn", _filer),
    ("changes_requested", "withdraw"): Step("withdrawn", _filer),
    ("approved", "expire"): Step("expired", policies.expire_access, guard=_access_ended),
    ("approved_with_conditions", "expire"): Step("expired", policies.expire_access, guard=_access_ended),
}

ACTS: dict[str, Act[AccessRequest]] = {
    "update": Act(EDITABLE, policies.edit_request,
                  "a {status} access request cannot be edited (only a draft, or one whose changes were requested)"),
    "attach": Act(BEFORE_DECISION, policies.add_attachment,
                  "attachments are added before the decision, not to a {status} request"),
    "opinion": Act(IN_REVIEW, policies.give_any_opinion,
                   "opinions are given while a request is submitted or under review, not {status}"),
    "milestone": Act(BEFORE_DECISION, policies.record_milestone,
                     "milestones are recorded before the decision, not on a {status} request"),
}


def _record(uow: UnitOfWork, move: Move[AccessRequest]) -> None:
    audit.record(uow, move.actor, f"access_request.{move.action}", "access_request", move.thing.id,
                 from_state=move.previous, to_state=move.target, reason=move.reason, details=move.details,
                 at=move.now)


def _notify(uow: UnitOfWork, move: Move[AccessRequest]) -> None:
    notices.on_transition(uow, move.thing, move.action, move.actor, move.reason)
    if move.notes.get("superseded"):
        notices.opinions_superseded(uow, move.thing, move.notes["superseded"], move.actor)


REQUESTS: Workflow[AccessRequest] = Workflow("access request", State, STEPS, ACTS,
                                             label=lambda r: f"access request {r.id}", stamp=_stamp,
                                             record=_record, notify=_notify)

ACTIONS = REQUESTS.actions
DECISIONS = ("approve", "approve_with_conditions", "reject")

