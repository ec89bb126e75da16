"""Who is told what when an access request moves: notifications queued in the same transaction."""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.register import notice
from catalogue.accounts.models import User
from catalogue.notifications import repository as people
from catalogue.notifications.service import notify
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


def _send(uow: UnitOfWork, request: AccessRequest, users: list[User], event: str, subject: str, body: str,
          actor: Principal | None) -> None:
    """Queue for `users`, less the actor (people are not told of their own acts, except receipts)."""
    notify(uow, users, event=event, topic=f"access_request:{request.id}", subject=subject, body=body,
           exclude=[actor.user_id] if actor else [])


def on_transition(uow: UnitOfWork, request: AccessRequest, action: str, actor: Principal,
                  reason: str | None = None) -> None:
    ref = f"access request #{request.id} \"{request.project_title}\""
    if action in ("submit", "resubmit"):
        _send(uow, request, requester_side(uow, request), "submitted", f"Your {ref} was submitted",
              f"Your {ref} was submitted to governance staff.\n\n{notice(request)}", None)  # the receipt
        _send(uow, request, governance(uow, request), "submitted", f"New {ref}",
              f"{request.requester_organisation} submitted {ref}; it waits for its review to start.", actor)
    elif action == "start_review":
        ask_opinions(uow, request, actor, f"The review of {ref} has started.")
    elif action == "request_changes":
        _send(uow, request, requester_side(uow, request), "changes_requested", f"Changes requested on {ref}",
              f"Governance staff ask for changes before reviewing {ref} further:\n\n{reason}\n\n"
              "Edit the request, then resubmit it.", actor)
    elif action in ("approve", "approve_with_conditions", "reject"):
        verdict = {"approve": "approved", "approve_with_conditions": "approved with conditions",
                   "reject": "rejected"}[action]
        body = f"{ref} was {verdict}." + (f"\n\nReason: {reason}" if reason else "")
        if request.conditions:
            body += f"\n\nConditions: {request.conditions}"
        if request.access_until:
            body += f"\n\nAccess ends on {request.access_until.isoformat()}."
        _send(uow, request, requester_side(uow, request), "decided", f"Decision on your {ref}: {verdict}", body,
              actor)
        _send(uow, request, producers(uow, request), "decided", f"Decision on {ref}: {verdict}", body, actor)
    elif action == "withdraw":
        if request.submitted_at is not None:
            _send(uow, request, governance(uow, request), "withdrawn", f"{ref} was withdrawn",
                  f"The requester withdrew {ref}." + (f"\n\nReason: {reason}" if reason else ""), actor)
    elif action == "expire":
        _send(uow, request, requester_side(uow, request), "expired", f"Your access under {ref} has ended",
              f"The access granted by {ref} reached its end date ({request.access_until}).", actor)


def ask_opinions(uow: UnitOfWork, request: AccessRequest, actor: Principal, why: str) -> None:
    """Ask the producers whose opinion is still expected (kept opinions are not asked again)."""
    given = {o.dataset_id for o in request.opinions}
    pending = [d for d in request.datasets if d.dataset_id not in given]
    for organisation in sorted({d.organisation_id for d in pending}):
        datasets = ", ".join(d.dataset_id for d in pending if d.organisation_id == organisation)
        ref = f"access request #{request.id} \"{request.project_title}\""
        _send(uow, request, producers(uow, request, [organisation]), "opinion_needed",
              f"Your opinion is needed on {ref}", f"{why} Please record your opinion for your datasets ({datasets}).",
              actor)


def opinions_superseded(uow: UnitOfWork, request: AccessRequest, datasets: list[str], actor: Principal) -> None:
    """The request changed in substance: the opinions given no longer count; their producers are asked again."""
    ref = f"access request #{request.id} \"{request.project_title}\""
    organisations = sorted({d.organisation_id for d in request.datasets if d.dataset_id in datasets})
    _send(uow, request, producers(uow, request, organisations), "opinion_needed",
          f"{ref} changed: your opinion is needed again",
          f"The requester changed {ref} after governance staff asked for changes. The opinions given on "
          f"{', '.join(datasets)} no longer count: please give yours again once the review restarts.", actor)


def team_invited(uow: UnitOfWork, request: AccessRequest, emails: set[str], actor: Principal) -> None:
    """Tell the owners of newly named addresses (proven ones only) that a team place awaits their answer."""
    if not emails:
        return
    invitees = [u for u in people.users_by_email(uow.session, emails) if u.email_verified]
    ref = f"access request #{request.id} \"{request.project_title}\""
    notify(uow, invitees, event="team_invitation", topic=f"access_request:{request.id}",
           subject=f"You are named in the team of {ref}",
           body=f"{request.requester_organisation} names you in the team of {ref}. Accept or decline: "
                "until you accept, you have no access to the request.",
           exclude=[actor.user_id])


def opinions_complete(uow: UnitOfWork, request: AccessRequest, actor: Principal) -> None:
    ref = f"access request #{request.id} \"{request.project_title}\""
    _send(uow, request, governance(uow, request), "opinions_complete", f"All opinions are in for {ref}",
          f"Every producer concerned gave its opinion on {ref}: it is ready for a decision.", actor)


def reminder(uow: UnitOfWork, request: AccessRequest, users: list[User], days: int, what: str,
             at: dt.datetime) -> int:
    ref = f"access request #{request.id} \"{request.project_title}\""
    rows = notify(uow, users, event="reminder", topic=f"access_request:{request.id}",
                  subject=f"Reminder: {ref} has been {request.status.replace('_', ' ')} for over {days} days",
                  body=f"{ref} has been waiting in state '{request.status}' for more than {days} days: {what}.",
                  at=at)
    return len(rows)
