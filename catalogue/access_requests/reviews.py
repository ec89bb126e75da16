"""Producers' opinions on their datasets, and the milestones of external steps. Never commits."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.access_requests import attachments, notices, policies
from catalogue.access_requests import repository as repo
from catalogue.access_requests.errors import field_error
from catalogue.access_requests.models import AccessRequest, Milestone, Opinion, RequestedDataset
from catalogue.access_requests.service import check_version, get, opinable, pending_opinions, touch
from catalogue.access_requests.workflow import REQUESTS
from catalogue.audit import service as audit
from catalogue.db import utcnow
from catalogue.errors import Conflict, Forbidden, InvalidTransition, StaleVersion, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.organisations import onboarding
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
    named = _named(request, data)
    policies.give_opinion(actor, request, named.organisation_id)
    return _record(uow, actor, request, data, named.organisation_id, expected_version=expected_version)


def record_opinion_on_behalf(uow: UnitOfWork, objects: ObjectStore, actor: Principal, request_id: int,
                             data: OpinionIn, *, filename: str, content_type: str, chunks: Iterable[bytes],
                             max_bytes: int, expected_version: int | None = None) -> Opinion:
    """Governance staff record the opinion a producer nobody represents on the platform sent by other means,
    with the document it came in (kept among the request's attachments); the audit trail says so. A
    producer with members gives its opinion itself."""
    request = get(uow, actor, request_id)
    check_version(request, expected_version)
    act = REQUESTS.acts["opinion"]
    if request.status not in act.states:
        raise InvalidTransition(act.refusal.format(status=request.status),
                                params={"case": "state", "action": "opinion", "status": request.status})
    policies.record_opinion_on_behalf(actor, request)
    named = _named(request, data)
    if not onboarding.unstaffed(uow, [named.organisation_id]):
        raise Conflict(f"'{named.organisation_id}' has members on the platform: they give its opinion",
                       params={"case": "has_members", "organisation": named.organisation_id})
    _recordable(uow, request, data, expected_version)
    document = attachments.store(uow, objects, actor, request, kind="other", filename=filename,
                                 title=f"{named.organisation_id}: opinion on {named.dataset_id}",
                                 content_type=content_type, chunks=chunks, max_bytes=max_bytes)
    return _record(uow, actor, request, data, named.organisation_id, expected_version=expected_version,
                   document=document.id)


def opinable_on_behalf(uow: UnitOfWork, actor: Principal, request: AccessRequest) -> list[RequestedDataset]:
    """The datasets whose opinion `actor` may record on their producer's behalf now: pending, of a producer
    nobody represents, in a state that takes opinions, by governance staff independent of the request."""
    if request.status not in REQUESTS.acts["opinion"].states:
        return []
    try:
        policies.record_opinion_on_behalf(actor, request)
    except Forbidden:
        return []
    pending = pending_opinions(request)
    waiting = [d for d in request.datasets if d.dataset_id in pending]
    absent = set(onboarding.unstaffed(uow, {d.organisation_id for d in waiting}))
    return [d for d in waiting if d.organisation_id in absent]


def _named(request: AccessRequest, data: OpinionIn) -> RequestedDataset:
    named = next((d for d in request.datasets if d.dataset_id == data.dataset_id), None)
    if named is None:
        raise field_error(ValidationFailed, "dataset_id", f"'{data.dataset_id}' is not named in this request")
    return named


def _recordable(uow: UnitOfWork, request: AccessRequest, data: OpinionIn,
                expected_version: int | None) -> Opinion | None:
    """Refuse what would not be recorded, before anything is written (or stored); the opinion it replaces."""
    if data.opinion == "favourable_with_conditions" and not written(data.conditions):
        raise field_error(ValidationFailed, "conditions", "state the conditions of a favourable opinion")
    opinion = repo.opinion(uow.session, request.id, data.dataset_id, request.opinion_round)
    if opinion is not None and expected_version is None:
        raise StaleVersion(f"an opinion on '{data.dataset_id}' was recorded meanwhile: reload the request and send "
                           "its version (If-Match) to replace it")
    return opinion


def _record(uow: UnitOfWork, actor: Principal, request: AccessRequest, data: OpinionIn, organisation_id: str, *,
            expected_version: int | None, document: str | None = None) -> Opinion:
    opinion = _recordable(uow, request, data, expected_version)
    was_pending = bool(pending_opinions(request))
    now = utcnow()
    previous = opinion.opinion if opinion else None
    if opinion is None:
        opinion = Opinion(request_id=request.id, dataset_id=data.dataset_id, organisation_id=organisation_id,
                          round=request.opinion_round)
        request.opinion_history.append(opinion)
    opinion.reviewer_id, opinion.opinion, opinion.reason = actor.user_id, data.opinion, data.reason
    opinion.conditions = data.conditions if data.opinion == "favourable_with_conditions" else None
    opinion.on_behalf, opinion.attachment_id = document is not None, document
    opinion.recorded_at = now
    touch(uow, request, now)
    details = {"dataset_id": data.dataset_id, "organisation_id": organisation_id,
               "conditions": opinion.conditions, "round": request.opinion_round}
    if document is not None:
        details |= {"on_behalf_of": organisation_id, "attachment_id": document}
    audit.record(uow, actor, "access_request.opinion_on_behalf" if document else "access_request.opinion",
                 "access_request", request.id, from_state=previous, to_state=data.opinion, reason=data.reason,
                 details=details, at=now)
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
