"""Who may do what with an access request: one named policy per action, each says why not.

Separation of duties: nobody reviews, gives an opinion on or decides a request they filed, are
a team member of (once they accepted: naming someone is only an invitation), or that their own
organisation filed (`requester_memberships`); producer reviewers act only for their own
organisation's datasets; whoever gave a producer's opinion on a request does not decide it.
"""

from __future__ import annotations

from catalogue.access_requests.errors import AccessRequestNotFound
from catalogue.access_requests.models import AccessRequest
from catalogue.errors import Forbidden, Unauthenticated
from catalogue.policies import allows  # noqa: F401 - re-exported: policies.allows(policies.x, ...)
from catalogue.principal import Principal

REVIEW_ROLES = ("editor", "admin")


def _signed_in(actor: Principal) -> None:
    if not actor.authenticated:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")


def is_requester_side(actor: Principal, request: AccessRequest) -> bool:
    """The requester, and team members who accepted their place (a pending invitation grants nothing)."""
    if actor.user_id is None:
        return False
    return actor.user_id == request.requester_id or actor.user_id in request.team_user_ids()


def gave_opinion(actor: Principal, request: AccessRequest) -> bool:
    """Whether `actor` gave a producer's opinion on this request, in any round."""
    return actor.user_id is not None and any(o.reviewer_id == actor.user_id for o in request.opinion_history)


def can_view(actor: Principal, request: AccessRequest) -> bool:
    """The requester and team always; once filed, governance, admins and the producers concerned."""
    if is_requester_side(actor, request):
        return True
    if request.submitted_at is None:
        return False  # a draft is the requester's own work
    if actor.is_governance or actor.is_platform_admin:
        return True
    return any(actor.role_in(org) for org in request.organisation_ids)


def view_request(actor: Principal, request: AccessRequest) -> None:
    """Everyone else is told the request does not exist."""
    if not can_view(actor, request):
        raise AccessRequestNotFound(f"access request {request.id} not found")


def create_request(actor: Principal) -> None:
    _signed_in(actor)
    if actor.user_id is None:
        raise Forbidden("access requests are filed by a person with an account")


def edit_request(actor: Principal, request: AccessRequest) -> None:
    _signed_in(actor)
    if actor.user_id != request.requester_id:
        raise Forbidden("only the requester edits the request")


def file_request(actor: Principal, request: AccessRequest) -> None:
    """Submit, resubmit or withdraw: the requester's own acts."""
    _signed_in(actor)
    if actor.user_id != request.requester_id:
        raise Forbidden("only the requester submits, resubmits or withdraws the request")


def add_attachment(actor: Principal, request: AccessRequest) -> None:
    _signed_in(actor)
    if not is_requester_side(actor, request):
        raise Forbidden("only the requester and the team members add attachments")


# The cases of a Forbidden that separation of duties raises (params["case"]): an interface says why.
SEPARATION = ("filed", "team", "organisation", "gave_opinion")


def _independent(actor: Principal, request: AccessRequest, act: str) -> None:
    """Separation of duties; the refusal's params name the case (SEPARATION) and the act refused."""
    if actor.user_id is not None and actor.user_id == request.requester_id:
        raise Forbidden(f"you filed this request: you cannot {act} it", params={"case": "filed", "act": act})
    if is_requester_side(actor, request):
        raise Forbidden(f"you are on this request's team: you cannot {act} it", params={"case": "team", "act": act})
    shared = sorted(org for org in request.requester_memberships if actor.role_in(org))
    if shared:
        raise Forbidden(f"your organisation '{shared[0]}' filed this request: you cannot {act} it",
                        params={"case": "organisation", "organisation": shared[0], "act": act})


def review_request(actor: Principal, request: AccessRequest) -> None:
    """Start the review or ask for changes: governance staff independent of the request."""
    _signed_in(actor)
    if not actor.is_governance:
        raise Forbidden("only governance staff start reviews and request changes")
    _independent(actor, request, "review")


def decide_request(actor: Principal, request: AccessRequest) -> None:
    """Governance staff independent of the request, who gave no producer's opinion on it."""
    _signed_in(actor)
    if not actor.is_governance:
        raise Forbidden("only governance staff decide access requests")
    _independent(actor, request, "decide")
    if gave_opinion(actor, request):
        raise Forbidden("you gave a producer's opinion on this request: another governance staff member decides it",
                        params={"case": "gave_opinion", "act": "decide"})


def give_opinion(actor: Principal, request: AccessRequest, organisation_id: str) -> None:
    """A producer's reviewer (editor or admin) for its own datasets only."""
    _signed_in(actor)
    if actor.role_in(organisation_id) not in REVIEW_ROLES:
        raise Forbidden(f"only editors and admins of '{organisation_id}' give its opinion on its datasets")
    _independent(actor, request, "give an opinion on")


def give_any_opinion(actor: Principal, request: AccessRequest) -> None:
    """Whether `actor` reviews for at least one producer the request concerns (the opinion act)."""
    _signed_in(actor)
    if not any(actor.role_in(org) in REVIEW_ROLES for org in request.organisation_ids):
        raise Forbidden("only editors and admins of the producers concerned give their opinion")
    _independent(actor, request, "give an opinion on")


def record_opinion_on_behalf(actor: Principal, request: AccessRequest) -> None:
    """Governance staff record the opinion a producer sent outside the platform, not on a request they are
    a party to (which producers may, reviews.record_opinion_on_behalf decides: those nobody represents)."""
    _signed_in(actor)
    if not actor.is_governance:
        raise Forbidden("only governance staff record an opinion on a producer's behalf")
    _independent(actor, request, "record an opinion on")


def record_milestone(actor: Principal, request: AccessRequest) -> None:
    """The requester side reports external steps; governance staff may record them too."""
    _signed_in(actor)
    if is_requester_side(actor, request):
        return
    if not actor.is_governance:
        raise Forbidden("only the requester, the team and governance staff record milestones")
    _independent(actor, request, "record milestones of")


def expire_access(actor: Principal, request: AccessRequest) -> None:
    """The scheduled job (system) or governance staff end an access that reached its end date."""
    _signed_in(actor)
    if not (actor.is_system or actor.is_governance):
        raise Forbidden("only the system or governance staff expire an access")


def answer_team_invitation(actor: Principal, request: AccessRequest, *, email_verified: bool,
                           accepting: bool) -> None:
    """Only the owner of the named address, once proved, accepts a team place (or declines it)."""
    _signed_in(actor)
    if not email_verified:
        raise Forbidden(f"verify your e-mail address {actor.email} first: a team place goes to its proven owner")
    if accepting and (gave_opinion(actor, request) or actor.user_id == request.decided_by):
        raise Forbidden("you reviewed this request: you cannot join its team")


def read_queue(actor: Principal) -> None:
    """The queue of requests and its review pages are for governance staff (and platform admins)."""
    _signed_in(actor)
    if not (actor.is_governance or actor.is_platform_admin):
        raise Forbidden("only governance staff see the queue of access requests")
