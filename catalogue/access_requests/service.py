"""Access requests: draft, edit, submit against the access terms, review, decide. Never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from catalogue.access_requests import checks, notices, policies, requirements, snapshots, workflow
from catalogue.access_requests import repository as repo
from catalogue.access_requests.checks import missing_milestones, pending_opinions  # noqa: F401
from catalogue.access_requests.errors import AccessRequestNotFound
from catalogue.access_requests.models import AccessRequest, RequestedDataset, TeamMember
from catalogue.access_requests.workflow import REQUESTS
from catalogue.audit import service as audit
from catalogue.concurrency import expect_version, flush_guarded
from catalogue.datasets.models import Dataset
from catalogue.db import as_utc, utcnow
from catalogue.errors import ValidationFailed
from catalogue.organisations import onboarding
from catalogue.organisations import repository as organisations_repo
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from catalogue.workflow import Answer
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


def my_space(uow: UnitOfWork, actor: Principal, limit: int = 50) -> tuple[list[AccessRequest], list[AccessRequest]]:
    """The requests of a person's own page, most recently changed first: those they filed or are on the team of,
    and those they see as a reviewer (governance staff, platform admins, members of a producer concerned),
    each list up to `limit`."""
    _, mine = repo.list_page(uow.session, actor, status=None, offset=0, limit=limit, side=True)
    _, reviewing = repo.list_page(uow.session, actor, status=None, offset=0, limit=limit, side=False)
    return mine, reviewing


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
    expect_version(request, expected, f"access request {request.id}")


def touch(uow: UnitOfWork, request: AccessRequest, now: dt.datetime) -> None:
    """Bump the request's version with any change to it or its parts, so concurrent acts conflict
    (two reviewers inserting the same opinion at once is the same lost race)."""
    request.updated_at = now
    flush_guarded(uow, f"access request {request.id}", unique_races=True)


def update(uow: UnitOfWork, actor: Principal, request_id: int, data: AccessRequestIn, *,
           expected_version: int | None = None) -> AccessRequest:
    request = get(uow, actor, request_id)
    REQUESTS.check_act(request, "update", actor)
    check_version(request, expected_version)
    invited = _fill(request, data, _published(uow, data.datasets))
    now = utcnow()
    snapshots.refresh(uow, request, now)
    touch(uow, request, now)
    audit.record(uow, actor, "access_request.update", "access_request", request.id, from_state=request.status,
                 to_state=request.status, details={"datasets": [d.dataset_id for d in request.datasets]}, at=now)
    notices.team_invited(uow, request, invited, actor)
    return request


def report(uow: UnitOfWork, actor: Principal, request_id: int) -> dict:
    """The checklist: what the terms require, what is still missing, whose opinion is awaited."""
    request = get(uow, actor, request_id)
    needs, problems = checks.problems(uow, request)
    milestones = request.requirements.get("milestones") if request.submitted_at else None
    stored = request.requirements
    shown = needs.as_dict() if request.status in workflow.EDITABLE or not stored else {
        "attachments": stored.get("attachments", {}), "flags": stored.get("flags", []),
        "reasons": stored.get("reasons", {})}  # none in requests filed before the codes: English only
    return {**shown, "milestones": milestones if milestones is not None else needs.milestones,
            "refusals": needs.refusals,
            "missing_attachments": [p for p in problems if p["field"].startswith("attachments.")],
            "missing_milestones": requirements.missing(milestones if milestones is not None else needs.milestones,
                                                       {m.kind for m in request.milestones}, "milestones"),
            "pending_opinions": pending_opinions(request) if request.submitted_at else []}


STATES = workflow.STATES
# The moves the requester's side takes (the rest are governance's and the scheduled job's).
FILING = tuple(dict.fromkeys(a for (_, a), step in workflow.STEPS.items() if step.policy is policies.file_request))


@dataclass
class View:
    """A request as one actor sees it now: what they may do, and the facts the pages show."""

    item: AccessRequest
    actions: list[str]  # moves and acts allowed now (the domain's answer; pages only display it)
    refused: dict[str, str]  # the other moves and acts from this state, with the reason
    opinable: list[RequestedDataset]  # where the actor may give the producer's opinion now
    requester_side: bool
    gave_opinion: bool
    # What stops filing (submit, resubmit) now: the submission's own checks, so a page can keep its
    # button disabled and say why; the requester's side of an editable request only.
    blocking: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)  # every answer, refusals with their code and params

    @property
    def separation(self) -> list[dict[str, object]]:
        """Why separation of duties keeps this actor from acts of this request (each case once, with its
        facts: policies.SEPARATION), for a page to say so rather than just show no button."""
        cases = {str(a.params["case"]): dict(a.params) for a in self.answers
                 if not a.allowed and a.code == "forbidden" and a.params.get("case") in policies.SEPARATION}
        return [cases[case] for case in policies.SEPARATION if case in cases]

    @property
    def filing(self) -> list[str]:
        return [a for a in self.actions if a in FILING]

    @property
    def staff(self) -> list[str]:
        return [a for a in self.actions if a in workflow.REQUESTS.actions and a not in FILING]


def view(uow: UnitOfWork, actor: Principal, request_id: int, *, staff: bool = False,
         now: dt.datetime | None = None) -> View:
    """The request with what `actor` may do now; `staff`: the governance review page (its queue's policy)."""
    if staff:
        policies.read_queue(actor)
    item = get(uow, actor, request_id)
    answers = REQUESTS.actions_for(item, actor, now or utcnow())
    side = policies.is_requester_side(actor, item)
    blocking = checks.problems(uow, item)[1] if side and item.status in workflow.EDITABLE else []
    return View(item, [a.action for a in answers if a.allowed],
                {a.action: a.reason or "" for a in answers if not a.allowed}, opinable(item, actor),
                side, policies.gave_opinion(actor, item), blocking, answers)


def opinable(request: AccessRequest, actor: Principal) -> list[RequestedDataset]:
    """The datasets of the request on which `actor` may give (or replace) the producer's opinion now."""
    if not policies.allows(REQUESTS.check_act, request, "opinion", actor):
        return []
    return [d for d in request.datasets if policies.allows(policies.give_opinion, actor, request, d.organisation_id)]


@dataclass
class QueueRow:
    item: AccessRequest
    waiting_days: int
    pending_opinions: int
    gave_opinion: bool  # whoever gave a producer's opinion on a request does not decide it
    # Producers whose opinion it waits for and that nobody represents on the platform (their contacts are
    # e-mailed a link to claim them): names, by organisation id.
    absent_producers: dict[str, str] = field(default_factory=dict)


def queue(uow: UnitOfWork, actor: Principal, status: str | None = None,
          now: dt.datetime | None = None) -> list[QueueRow]:
    """Governance's queue: requests in `status` (the open ones by default), longest wait first."""
    policies.read_queue(actor)
    now = now or utcnow()
    states = (status,) if status in workflow.STATES else workflow.OPEN
    rows = [QueueRow(item, (now - as_utc(item.status_since)).days, len(pending_opinions(item)),
                     policies.gave_opinion(actor, item)) for item in waiting(uow, states)]
    waited = {row.item.id: _waited_on(row.item) for row in rows}
    absent = set(onboarding.unstaffed(uow, {o for orgs in waited.values() for o in orgs}))
    names = organisations_repo.names(uow.session, sorted(absent)) if absent else {}
    for row in rows:
        row.absent_producers = {o: names.get(o, o) for o in waited[row.item.id] if o in absent}
    return rows


def _waited_on(request: AccessRequest) -> list[str]:
    """The producers whose opinion the request still waits for."""
    pending = pending_opinions(request)
    return sorted({d.organisation_id for d in request.datasets if d.dataset_id in pending})


def actions_for(actor: Principal, request: AccessRequest, now: dt.datetime | None = None) -> list[str]:
    """What `actor` may do with the request now (moves and acts): every front door shows this answer."""
    return REQUESTS.allowed(request, actor, now or utcnow()) if policies.can_view(actor, request) else []


def transition(uow: UnitOfWork, actor: Principal, request_id: int, action: str, body: TransitionIn | None = None,
               *, expected_version: int | None = None, now: dt.datetime | None = None) -> AccessRequest:
    """Run one workflow action (the table in workflow.py says what it checks, writes and tells)."""
    body = body or TransitionIn()
    request = get(uow, actor, request_id)
    check_version(request, expected_version)
    REQUESTS.apply(uow, request, action, actor, now or utcnow(), reason=body.reason, params=body)
    return request
