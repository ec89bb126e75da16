"""Team places on a request: naming someone is an invitation that the owner of the address accepts.

Until they accept, an invitee has no access to the request, its attachments or its milestones, and
is not on the requester's side (so naming reviewers cannot bar them from reviewing). Accepting
needs an account whose address is verified. Never commits.
"""

from __future__ import annotations

from catalogue.access_requests import policies
from catalogue.access_requests import repository as repo
from catalogue.access_requests.errors import AccessRequestNotFound
from catalogue.access_requests.models import AccessRequest, TeamMember
from catalogue.access_requests.service import touch
from catalogue.accounts.models import User
from catalogue.audit import service as audit
from catalogue.db import utcnow
from catalogue.errors import Forbidden, InvalidTransition
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

CLOSED = repo.CLOSED


def _verified(uow: UnitOfWork, actor: Principal) -> bool:
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    return bool(user is not None and user.email_verified and user.email == (actor.email or "").lower())


def invitations(uow: UnitOfWork, actor: Principal) -> list[tuple[TeamMember, AccessRequest]]:
    """The team places offered to the actor's address and not yet answered (a proven address only)."""
    if actor.user_id is None or not actor.email:
        return []
    if not _verified(uow, actor):
        raise Forbidden(f"verify your e-mail address {actor.email} first: team invitations go to its proven owner")
    return repo.invitations(uow.session, actor.email)


def answer(uow: UnitOfWork, actor: Principal, request_id: int, *, accept: bool) -> AccessRequest:
    """Accept (join the requester's side) or decline (leave the team) a place offered to the actor."""
    request = repo.get(uow.session, request_id)
    if request is None:
        raise AccessRequestNotFound(f"access request {request_id} not found")
    email = (actor.email or "").lower()
    member = next((m for m in request.team if m.email == email and m.accepted_at is None), None)
    if member is None or actor.user_id is None:
        raise AccessRequestNotFound(f"no team invitation for you on access request {request_id}")
    policies.answer_team_invitation(actor, request, email_verified=_verified(uow, actor), accepting=accept)
    if request.status in CLOSED:
        raise InvalidTransition(f"access request {request_id} is {request.status}: its team no longer changes")
    now = utcnow()
    if accept:
        member.accepted_at, member.user_id = now, actor.user_id
    else:
        request.team.remove(member)
    touch(uow, request, now)
    audit.record(uow, actor, f"access_request.team_{'accept' if accept else 'decline'}", "access_request",
                 request.id, details={"email": email}, at=now)
    return request
