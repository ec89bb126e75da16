"""Access requests: draft, edit, submit against the access terms, review, decide. Never commits."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy.orm.exc import StaleDataError

from catalogue.access_requests import notices, policies, requirements, snapshots, substance, workflow
from catalogue.access_requests import repository as repo
from catalogue.access_requests.errors import (
    AccessRequestNotFound, MilestonesMissing, OpinionsPending, RequirementsNotMet, StaleRequest, field_error,
)
from catalogue.access_requests.models import AccessRequest, RequestedDataset, TeamMember
from catalogue.audit import service as audit
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.errors import InvalidTransition, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.access_requests import AccessRequestIn, TransitionIn
from schemas.errors import summary


def get(uow: UnitOfWork, actor: Principal, request_id: int) -> AccessRequest:
    """A request the actor may see; to anyone else it does not exist."""
    request = repo.get(uow.session, request_id)
    if request is None:
        raise AccessRequestNotFound(f"access request {request_id} not found")
    policies.view_request(actor, request)
    return request


def list_page(uow: UnitOfWork, actor: Principal, *, status: str | None = None, page: int = 1,
              page_size: int = 20) -> tuple[int, list[AccessRequest]]:
    return repo.list_page(uow.session, actor, status=status, offset=(page - 1) * page_size, limit=page_size)


def waiting(uow: UnitOfWork, states: tuple[str, ...] = workflow.OPEN) -> list[AccessRequest]:
    """Requests in the given states, longest wait first (for governance staff and scheduled jobs)."""
    return repo.in_states(uow.session, states)


def _published(uow: UnitOfWork, dataset_ids: list[str]) -> dict[str, Dataset]:
    """The named descriptions, each of which must be published (drafts are nobody's to request)."""
    found = repo.datasets(uow.session, dataset_ids)
    problems = [{"field": f"datasets[{n}]", "message": f"'{d}' is not a published dataset description"}
                for n, d in enumerate(dataset_ids) if d not in found or found[d].status != "published"]
    if problems:
        raise ValidationFailed(summary(problems), details=problems)
    return found


def _fill(request: AccessRequest, data: AccessRequestIn, found: dict[str, Dataset]) -> set[str]:
    """Write the form onto the request; returns the team addresses named for the first time."""
    for name in ("project_title", "project_summary", "purpose", "requester_organisation",
                 "requester_organisation_type", "variables", "duration_months", "legal_route"):
        setattr(request, name, getattr(data, name))
    wanted = list(dict.fromkeys(data.datasets))
    kept = {d.dataset_id: d for d in request.datasets if d.dataset_id in wanted}
    request.datasets = [kept.get(d) or RequestedDataset(dataset_id=d, organisation_id=found[d].organisation_id,
                                                        dataset=found[d]) for d in wanted]
    for position, item in enumerate(request.datasets):
        item.position = position
    members = {m.email.lower(): m for m in data.team}
    old = {m.email: m for m in request.team if m.email in members}  # keeps their answer to the invitation
    request.team = [old.get(email) or TeamMember(email=email) for email in members]
    for position, member in enumerate(request.team):
        member.name, member.role, member.position = members[member.email].name, members[member.email].role, position
    return set(members) - set(old)


def create(uow: UnitOfWork, actor: Principal, data: AccessRequestIn) -> AccessRequest:
    """A draft request; it names published descriptions only."""
    policies.create_request(actor)
    found = _published(uow, data.datasets)
    now = utcnow()
    request = AccessRequest(requester_id=actor.user_id, requester_memberships=sorted(actor.roles), status="draft",
                            status_since=now, created_at=now, updated_at=now, requirements={})
    invited = _fill(request, data, found)
    snapshots.refresh(uow, request, now)
    uow.session.add(request)
    uow.flush()
    audit.record(uow, actor, "access_request.create", "access_request", request.id, to_state="draft",
                 details={"datasets": [d.dataset_id for d in request.datasets]}, at=now)
    notices.team_invited(uow, request, invited, actor)
    return request


def check_version(request: AccessRequest, expected: int | None) -> None:
    if expected is not None and request.version != expected:
        raise StaleRequest(f"access request {request.id} is at version {request.version}, not {expected}: "
                           "reload it and apply your change again")


def touch(uow: UnitOfWork, request: AccessRequest, now: dt.datetime) -> None:
    """Bump the request's version with any change to it or its parts, so concurrent acts conflict."""
    request_id = request.id  # read now: a failed flush expires the object
    request.updated_at = now
    try:
        uow.flush()
    except StaleDataError:
        raise StaleRequest(f"access request {request_id} was changed by someone else meanwhile: "
                           "reload it and try again") from None


def update(uow: UnitOfWork, actor: Principal, request_id: int, data: AccessRequestIn, *,
           expected_version: int | None = None) -> AccessRequest:
    request = get(uow, actor, request_id)
    policies.edit_request(actor, request)
    if request.status not in workflow.EDITABLE:
        raise InvalidTransition(f"a {request.status} access request cannot be edited "
                                "(only a draft, or one whose changes were requested)")
    check_version(request, expected_version)
    invited = _fill(request, data, _published(uow, data.datasets))
    now = utcnow()
    snapshots.refresh(uow, request, now)
    touch(uow, request, now)
    audit.record(uow, actor, "access_request.update", "access_request", request.id, from_state=request.status,
                 to_state=request.status, details={"datasets": [d.dataset_id for d in request.datasets]}, at=now)
    notices.team_invited(uow, request, invited, actor)
    return request


def check(uow: UnitOfWork, request: AccessRequest) -> tuple[requirements.Requirements, list[dict[str, str]]]:
    """What the datasets' terms require of this request, and every problem that blocks submission."""
    found = repo.datasets(uow.session, [d.dataset_id for d in request.datasets])
    problems = [{"field": f"datasets[{n}]", "message": f"'{d.dataset_id}' is no longer a published description"}
                for n, d in enumerate(request.datasets)
                if d.dataset_id not in found or found[d.dataset_id].status != "published"]
    # published records only: a description unpublished since is a draft nobody else may read
    records = [found[d.dataset_id].record for d in request.datasets
               if d.dataset_id in found and found[d.dataset_id].status == "published"]
    needs = requirements.derive(records, request.requester_organisation_type, request.legal_route)
    problems += needs.refusals
    problems += requirements.missing(needs.attachments, {a.kind for a in request.attachments}, "attachments")
    return needs, problems


def pending_opinions(request: AccessRequest) -> list[str]:
    given = {o.dataset_id for o in request.opinions}
    return [d.dataset_id for d in request.datasets if d.dataset_id not in given]


def missing_milestones(request: AccessRequest) -> list[dict[str, str]]:
    return requirements.missing(request.requirements.get("milestones", {}), {m.kind for m in request.milestones},
                                "milestones")


def report(uow: UnitOfWork, actor: Principal, request_id: int) -> dict:
    """The checklist: what the terms require, what is still missing, whose opinion is awaited."""
    request = get(uow, actor, request_id)
    needs, problems = check(uow, request)
    milestones = request.requirements.get("milestones") if request.submitted_at else None
    shown = needs.as_dict() if request.status in workflow.EDITABLE or not request.requirements else {
        "attachments": request.requirements.get("attachments", {}), "flags": request.requirements.get("flags", [])}
    return {**shown, "milestones": milestones if milestones is not None else needs.milestones,
            "refusals": needs.refusals,
            "missing_attachments": [p for p in problems if p["field"].startswith("attachments.")],
            "missing_milestones": requirements.missing(milestones if milestones is not None else needs.milestones,
                                                       {m.kind for m in request.milestones}, "milestones"),
            "pending_opinions": pending_opinions(request) if request.submitted_at else []}


def _check_decision(request: AccessRequest, action: str, body: TransitionIn) -> None:
    if action == "approve_with_conditions" and not (body.conditions or "").strip():
        raise field_error(ValidationFailed, "conditions", "state the conditions of the approval")
    if body.overrule and not (body.reason or "").strip():
        raise field_error(ValidationFailed, "reason", "overruling needs a written reason")
    if not body.overrule:
        pending = pending_opinions(request)
        if pending:
            raise OpinionsPending(f"opinions are still expected on {', '.join(pending)}: wait for them, "
                                  "or overrule with a written reason")
        against = [o.dataset_id for o in request.opinions if o.opinion == "unfavourable"]
        if action != "reject" and against:
            raise OpinionsPending(f"the opinion on {', '.join(against)} is unfavourable: approving needs "
                                  "overrule with a written reason")
        conditional = [o.dataset_id for o in request.opinions if o.opinion == "favourable_with_conditions"]
        if action == "approve" and conditional:
            raise OpinionsPending(f"the opinion on {', '.join(conditional)} carries conditions: "
                                  "approve_with_conditions, or overrule with a written reason")
    if action != "reject" and (missing := missing_milestones(request)):
        raise MilestonesMissing(summary(missing), details=missing)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def transition(uow: UnitOfWork, actor: Principal, request_id: int, action: str, body: TransitionIn | None = None,
               *, expected_version: int | None = None, now: dt.datetime | None = None) -> AccessRequest:
    """Run one workflow action, with the checks that action needs, then tell those concerned."""
    body = body or TransitionIn()
    now = now or utcnow()
    request = get(uow, actor, request_id)
    check_version(request, expected_version)
    workflow.check(request, action, actor, now)
    details: dict = {}
    superseded: list[str] = []
    if action in ("submit", "resubmit"):
        needs, problems = check(uow, request)
        if problems:
            raise RequirementsNotMet(summary(problems), details=problems)
        request.requirements = needs.as_dict()
        request.requester_memberships = sorted(set(request.requester_memberships) | set(actor.roles))
        request.submitted_at = request.submitted_at or now
        details = {"flags": needs.flags, "milestones": sorted(needs.milestones),
                   "attachments": sorted(needs.attachments)}
        if action == "resubmit":
            superseded = _reconsider(uow, request, actor, now)
        request.submitted_substance = substance.of(request)
        snapshots.refresh(uow, request, now)
    elif action in workflow.DECISIONS:
        _check_decision(request, action, body)
        snapshots.refresh(uow, request, now)
        request.decided_at, request.decided_by = now, actor.user_id
        request.decision_reason = body.reason or None
        request.conditions = body.conditions if action == "approve_with_conditions" else None
        if action != "reject":
            request.access_until = body.access_until or add_months(now.date(), request.duration_months)
        details = {"overrule": body.overrule, "conditions": request.conditions,
                   "access_until": request.access_until.isoformat() if request.access_until else None}
    workflow.apply(uow, request, action, actor, now, reason=body.reason or None, details=details)
    notices.on_transition(uow, request, action, actor, body.reason)
    if superseded:
        notices.opinions_superseded(uow, request, superseded, actor)
    return request


def _reconsider(uow: UnitOfWork, request: AccessRequest, actor: Principal, now: dt.datetime) -> list[str]:
    """A resubmission whose substance changed asks the producers again; returns the datasets concerned."""
    changed = substance.changed(request)
    if not changed or not request.opinions:
        return []
    superseded = substance.supersede(request, now)
    audit.record(uow, actor, "access_request.opinions_superseded", "access_request", request.id,
                 reason=f"the request changed: {', '.join(changed)}",
                 details={"changed": changed, "datasets": superseded, "round": request.opinion_round}, at=now)
    return superseded
