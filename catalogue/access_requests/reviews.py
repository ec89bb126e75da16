"""Producers' opinions on their datasets, and the milestones of external steps. Never commits."""

from __future__ import annotations

from catalogue.access_requests import notices, policies
from catalogue.access_requests import repository as repo
from catalogue.access_requests.errors import field_error
from catalogue.access_requests.models import AccessRequest, Milestone, Opinion
from catalogue.access_requests.service import check_version, get, opinable, pending_opinions, touch
from catalogue.access_requests.workflow import REQUESTS
from catalogue.audit import service as audit
from catalogue.db import utcnow
from catalogue.errors import StaleVersion, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from catalogue.workflow import written
from schemas.access_requests import MilestoneIn, OpinionIn


def awaiting_opinion(uow: UnitOfWork, actor: Principal) -> list[AccessRequest]:
    """The requests in review that wait for an opinion `actor` may give (a producer's queue)."""
    return [r for r in repo.in_review_for(uow.session, sorted(actor.roles), sorted(REQUESTS.acts["opinion"].states))
            if any(d.dataset_id in pending_opinions(r) for d in opinable(r, actor))]


def record_opinion(uow: UnitOfWork, actor: Principal, request_id: int, data: OpinionIn, *,
                   expected_version: int | None = None) -> Opinion:
    """A producer's opinion on one of its datasets in the request; giving it again replaces it.

    Like every change to a request it takes the request's version: of two reviewers acting on what
    they both saw, one succeeds and the other gets a 409. Replacing an opinion needs the version
    (nobody overwrites an opinion they have not seen).
    """
    request = get(uow, actor, request_id)
    check_version(request, expected_version)
    REQUESTS.check_act(request, "opinion", actor)
    named = next((d for d in request.datasets if d.dataset_id == data.dataset_id), None)
    if named is None:
        raise field_error(ValidationFailed, "dataset_id", f"'{data.dataset_id}' is not named in this request")
    policies.give_opinion(actor, request, named.organisation_id)
    if data.opinion == "favourable_with_conditions" and not written(data.conditions):
        raise field_error(ValidationFailed, "conditions", "state the conditions of a favourable opinion")
    was_pending = bool(pending_opinions(request))
    now = utcnow()
    opinion = repo.opinion(uow.session, request.id, data.dataset_id, request.opinion_round)
    if opinion is not None and expected_version is None:
        raise StaleVersion(f"an opinion on '{data.dataset_id}' was recorded meanwhile: reload the request and send "
                           "its version (If-Match) to replace it")
    previous = opinion.opinion if opinion else None
    if opinion is None:
        opinion = Opinion(request_id=request.id, dataset_id=data.dataset_id, organisation_id=named.organisation_id,
                          round=request.opinion_round)
        request.opinion_history.append(opinion)
    opinion.reviewer_id, opinion.opinion, opinion.reason = actor.user_id, data.opinion, data.reason
    opinion.conditions = data.conditions if data.opinion == "favourable_with_conditions" else None
    opinion.recorded_at = now
    touch(uow, request, now)
    audit.record(uow, actor, "access_request.opinion", "access_request", request.id, from_state=previous,
                 to_state=data.opinion, reason=data.reason,
                 details={"dataset_id": data.dataset_id, "organisation_id": named.organisation_id,
                          "conditions": opinion.conditions, "round": request.opinion_round}, at=now)
    if was_pending and not pending_opinions(request):
        notices.opinions_complete(uow, request, actor)
    return opinion


def record_milestone(uow: UnitOfWork, actor: Principal, request_id: int, data: MilestoneIn) -> Milestone:
    """Record (or correct) an external step: its reference number, date and supporting document."""
    request = get(uow, actor, request_id)
    REQUESTS.check_act(request, "milestone", actor)
    if data.attachment_id and data.attachment_id not in {a.id for a in request.attachments}:
        raise field_error(ValidationFailed, "attachment_id", "upload the document to this request first")
    now = utcnow()
    milestone = next((m for m in request.milestones if m.kind == data.kind), None)
    if milestone is None:
        milestone = Milestone(request_id=request.id, kind=data.kind)
        request.milestones.append(milestone)
    milestone.reference, milestone.date, milestone.attachment_id = data.reference, data.date, data.attachment_id
    milestone.recorded_by, milestone.recorded_at = actor.user_id, now
    touch(uow, request, now)
    audit.record(uow, actor, "access_request.milestone", "access_request", request.id,
                 details={"kind": data.kind, "reference": data.reference, "date": data.date.isoformat(),
                          "attachment_id": data.attachment_id}, at=now)
    return milestone
