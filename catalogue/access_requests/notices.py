"""Who is told what when an access request moves: notifications queued in the same transaction."""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.register import notice_message
from catalogue.accounts.models import User
from catalogue.notifications import repository as people
from catalogue.notifications.service import notify
from catalogue.notifications.texts import Body, Msg, Paragraph, msg
from catalogue.organisations import onboarding
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork


def requester_side(uow: UnitOfWork, request: AccessRequest) -> list[User]:
    """The requester and the team members who accepted their place (invitees are told nothing more)."""
    ids = [request.requester_id, *sorted(request.team_user_ids())]
    users = [uow.session.get(User, user_id) for user_id in ids]
    return [u for u in users if u is not None and u.is_active]


def producers(uow: UnitOfWork, request: AccessRequest, organisations: list[str] | None = None) -> list[User]:
    """Members of the producers concerned, less anyone the request's own organisations employ."""
    members = people.members_of(uow.session, organisations if organisations is not None else request.organisation_ids)
    conflicted = set(request.requester_memberships)
    return [u for u in members if not conflicted & {m.organisation_id for m in u.memberships}]


def governance(uow: UnitOfWork, request: AccessRequest) -> list[User]:
    """Governance staff who may act on the request (not its side, nor a producer reviewer of it)."""
    conflicted = set(request.requester_memberships)
    excluded = {request.requester_id, *request.team_user_ids(), *(o.reviewer_id for o in request.opinion_history)}
    return [u for u in people.governance_staff(uow.session)
            if u.id not in excluded and not conflicted & {m.organisation_id for m in u.memberships}]


def _send(uow: UnitOfWork, request: AccessRequest, users: list[User], event: str, subject: Msg, body: Body,
          actor: Principal | None) -> None:
    """Queue for `users`, less the actor (people are not told of their own acts, except receipts)."""
    notify(uow, users, event=event, topic=f"access_request:{request.id}", subject=subject, body=body,
           exclude=[actor.user_id] if actor else [])


def _to_producers(uow: UnitOfWork, request: AccessRequest, organisations: list[str] | None, event: str,
                  subject: Msg, body: Body, actor: Principal | None, at: dt.datetime | None = None) -> int:
    """Tell the producers concerned: their members, and for a producer with no member the contact address
    of its datasets in the request, with a link to claim it (catalogue.organisations.onboarding).
    Returns how many people or addresses were told."""
    chosen = organisations if organisations is not None else sorted(set(request.organisation_ids))
    members = producers(uow, request, chosen)
    rows = notify(uow, members, event=event, topic=f"access_request:{request.id}", subject=subject, body=body,
                  exclude=[actor.user_id] if actor else [], at=at)
    named = [d.dataset_id for d in request.datasets if d.organisation_id in chosen]
    reached = onboarding.reach(uow, chosen, named, event=event, topic=f"access_request:{request.id}",
                               subject=subject, body=body, at=at)
    return len(rows) + len(reached)


def _ref(request: AccessRequest) -> dict[str, object]:
    """What names a request in every message about it: its number and its project title."""
    return {"id": request.id, "title": request.project_title}


def _reason(reason: str | None) -> list[Msg]:
    return [msg("request.reason", reason=reason)] if reason else []


def on_transition(uow: UnitOfWork, request: AccessRequest, action: str, actor: Principal,
                  reason: str | None = None) -> None:
    ref = _ref(request)
    if action in ("submit", "resubmit"):
        _send(uow, request, requester_side(uow, request), "submitted", msg("request.submitted.receipt.subject", **ref),
              [msg("request.submitted.receipt.body", **ref), notice_message(request)], None)  # the receipt
        _send(uow, request, governance(uow, request), "submitted", msg("request.submitted.staff.subject", **ref),
              msg("request.submitted.staff.body", organisation=request.requester_organisation, **ref), actor)
    elif action == "start_review":
        ask_opinions(uow, request, actor, msg("request.review_started", **ref))
    elif action == "request_changes":
        _send(uow, request, requester_side(uow, request), "changes_requested",
              msg("request.changes_requested.subject", **ref),
              [msg("request.changes_requested.body", **ref), *([reason] if reason else []),
               msg("request.changes_requested.next")], actor)
    elif action in ("approve", "approve_with_conditions", "reject"):
        verdict = msg(f"verdict.{action}")
        body: list[Paragraph] = [msg("request.decided.body", verdict=verdict, **ref), *_reason(reason)]
        if request.conditions:
            body.append(msg("request.conditions", conditions=request.conditions))
        if request.access_until:
            body.append(msg("request.access_until", date=request.access_until))
        _send(uow, request, requester_side(uow, request), "decided",
              msg("request.decided.subject.requester", verdict=verdict, **ref), body, actor)
        _to_producers(uow, request, None, "decided", msg("request.decided.subject.producer", verdict=verdict, **ref),
                      body, actor)
    elif action == "withdraw":
        if request.submitted_at is not None:
            _send(uow, request, governance(uow, request), "withdrawn", msg("request.withdrawn.subject", **ref),
                  [msg("request.withdrawn.body", **ref), *_reason(reason)], actor)
    elif action == "expire":
        _send(uow, request, requester_side(uow, request), "expired", msg("request.expired.subject", **ref),
              msg("request.expired.body", date=request.access_until, **ref), actor)


def ask_opinions(uow: UnitOfWork, request: AccessRequest, actor: Principal, why: Msg) -> None:
    """Ask the producers whose opinion is still expected (kept opinions are not asked again)."""
    given = {o.dataset_id for o in request.opinions}
    pending = [d for d in request.datasets if d.dataset_id not in given]
    for organisation in sorted({d.organisation_id for d in pending}):
        datasets = ", ".join(d.dataset_id for d in pending if d.organisation_id == organisation)
        _to_producers(uow, request, [organisation], "opinion_needed",
                      msg("request.opinion_needed.subject", **_ref(request)),
                      msg("request.opinion_needed.body", why=why, datasets=datasets), actor)


def opinions_superseded(uow: UnitOfWork, request: AccessRequest, datasets: list[str], actor: Principal) -> None:
    """The request changed in substance: the opinions given no longer count; their producers are asked again."""
    organisations = sorted({d.organisation_id for d in request.datasets if d.dataset_id in datasets})
    _to_producers(uow, request, organisations, "opinion_needed", msg("request.superseded.subject", **_ref(request)),
                  msg("request.superseded.body", datasets=", ".join(datasets), **_ref(request)), actor)


def team_invited(uow: UnitOfWork, request: AccessRequest, emails: set[str], actor: Principal) -> None:
    """Tell the owners of newly named addresses (proven ones only) that a team place awaits their answer."""
    if not emails:
        return
    invitees = [u for u in people.users_by_email(uow.session, emails) if u.email_verified]
    notify(uow, invitees, event="team_invitation", topic=f"access_request:{request.id}",
           subject=msg("request.team_invitation.subject", **_ref(request)),
           body=msg("request.team_invitation.body", organisation=request.requester_organisation, **_ref(request)),
           exclude=[actor.user_id])


def opinions_complete(uow: UnitOfWork, request: AccessRequest, actor: Principal) -> None:
    _send(uow, request, governance(uow, request), "opinions_complete",
          msg("request.opinions_complete.subject", **_ref(request)),
          msg("request.opinions_complete.body", **_ref(request)), actor)


def reminder(uow: UnitOfWork, request: AccessRequest, users: list[User] | None, days: int, what: Msg,
             at: dt.datetime, *, organisations: list[str] | None = None) -> int:
    """Remind `users`, or, when the request waits on producers, the `organisations` (members or contacts)."""
    status = msg(f"request_status.{request.status}")
    subject = msg("request.reminder.subject", status=status, n=days, **_ref(request))
    body = msg("request.reminder.body", status=status, n=days, what=what, **_ref(request))
    if organisations is not None:
        return _to_producers(uow, request, organisations, "reminder", subject, body, None, at=at)
    return len(notify(uow, users or [], event="reminder", topic=f"access_request:{request.id}", subject=subject,
                      body=body, at=at))
