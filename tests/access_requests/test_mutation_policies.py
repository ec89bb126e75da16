"""Access-request policies (catalogue/access_requests/policies.py): every refusal with its exact reason.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.access_requests import policies
from catalogue.access_requests.errors import AccessRequestNotFound
from catalogue.access_requests.models import AccessRequest, Opinion, RequestedDataset, TeamMember
from catalogue.errors import Forbidden, Unauthenticated
from catalogue.principal import ANONYMOUS, SYSTEM, Principal

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
REQUESTER = Principal(user_id=1, email="req@example.org", roles={"lab": "editor"})
TEAMMATE = Principal(user_id=2, email="mate@example.org")
PENDING = Principal(user_id=8, email="pending@example.org", is_governance=True)  # named, not accepted
GOVERNANCE = Principal(user_id=3, email="gov@example.org", is_governance=True)
GOV_REQUESTER = Principal(user_id=1, email="req@example.org", is_governance=True)
GOV_TEAMMATE = Principal(user_id=2, email="mate@example.org", is_governance=True)
GOV_OF_LAB = Principal(user_id=4, email="gov4@example.org", is_governance=True,
                       roles={"zeta": "editor", "lab": "admin"})
GOV_REVIEWER = Principal(user_id=5, email="gov5@example.org", is_governance=True, roles={"chu": "editor"})
PRODUCER = Principal(user_id=5, email="prod@example.org", roles={"chu": "editor"})
CHU_ADMIN = Principal(user_id=6, email="admin6@example.org", roles={"chu": "admin"})
CHU_OTHER_ROLE = Principal(user_id=6, email="x@example.org", roles={"chu": "viewer"})
OTHER_PRODUCER = Principal(user_id=9, email="other@example.org", roles={"elsewhere": "admin"})
ADMIN = Principal(user_id=7, email="admin@example.org", is_platform_admin=True)
ACCOUNTLESS_GOVERNANCE = Principal(user_id=None, is_system=True, is_governance=True)

SIGN_IN = "sign in first: send an API token in the Authorization header"


def make(filed: bool = True, requester_id: int | None = 1) -> AccessRequest:
    request = AccessRequest(id=9, requester_id=requester_id, requester_memberships=["zeta", "lab"],
                            status="submitted", opinion_round=1)
    request.datasets = [RequestedDataset(dataset_id="d", organisation_id="chu")]
    request.team = [TeamMember(email="mate@example.org", name="Mate", role="stats", user_id=2, accepted_at=NOW),
                    TeamMember(email="pending@example.org", name="Pending", role="stats", user_id=8),
                    TeamMember(email="invited@example.org", name="Invited", role="stats", accepted_at=NOW)]
    request.opinion_history = [Opinion(dataset_id="d", organisation_id="chu", reviewer_id=5, round=1),
                               Opinion(dataset_id="d", organisation_id="chu", reviewer_id=None, round=1)]
    request.submitted_at = NOW if filed else None
    return request


def test_review_roles_are_pinned():
    assert policies.REVIEW_ROLES == ("editor", "admin")


@pytest.mark.parametrize(("actor", "side"), [
    (REQUESTER, True), (TEAMMATE, True), (PENDING, False), (GOVERNANCE, False), (ANONYMOUS, False), (SYSTEM, False),
])
def test_the_requester_side_is_the_requester_and_the_accepted_team(actor, side):
    assert policies.is_requester_side(actor, make()) is side


def test_an_accountless_actor_is_never_the_requester_side_even_of_an_orphan_request():
    assert policies.is_requester_side(SYSTEM, make(requester_id=None)) is False
    assert policies.gave_opinion(SYSTEM, make()) is False  # an opinion whose reviewer was deleted


@pytest.mark.parametrize(("actor", "gave"), [(PRODUCER, True), (GOVERNANCE, False), (ANONYMOUS, False)])
def test_who_gave_an_opinion(actor, gave):
    assert policies.gave_opinion(actor, make()) is gave


@pytest.mark.parametrize(("actor", "on_draft", "on_filed"), [
    (REQUESTER, True, True), (TEAMMATE, True, True), (PENDING, False, True), (GOVERNANCE, False, True),
    (ADMIN, False, True), (PRODUCER, False, True), (CHU_ADMIN, False, True), (OTHER_PRODUCER, False, False),
    (ANONYMOUS, False, False),
])
def test_who_sees_a_request(actor, on_draft, on_filed):
    assert policies.can_view(actor, make(filed=False)) is on_draft
    assert policies.can_view(actor, make()) is on_filed


def test_others_are_told_the_request_does_not_exist():
    policies.view_request(PRODUCER, make())
    with pytest.raises(AccessRequestNotFound) as info:
        policies.view_request(OTHER_PRODUCER, make())
    assert info.value.message == "access request 9 not found"


def _call(policy, actor, request):
    if policy is policies.create_request or policy is policies.read_queue:
        return policy(actor)
    if policy is policies.give_opinion:
        return policy(actor, request, "chu")
    return policy(actor, request)


ALLOWED = [
    (policies.create_request, REQUESTER), (policies.edit_request, REQUESTER), (policies.file_request, REQUESTER),
    (policies.add_attachment, REQUESTER), (policies.add_attachment, TEAMMATE),
    (policies.review_request, GOVERNANCE), (policies.review_request, PENDING), (policies.review_request, GOV_REVIEWER),
    (policies.decide_request, GOVERNANCE), (policies.decide_request, PENDING),
    (policies.give_opinion, PRODUCER), (policies.give_opinion, CHU_ADMIN),
    (policies.record_milestone, REQUESTER), (policies.record_milestone, TEAMMATE),
    (policies.record_milestone, GOVERNANCE),
    (policies.expire_access, SYSTEM), (policies.expire_access, GOVERNANCE),
    (policies.read_queue, GOVERNANCE), (policies.read_queue, ADMIN),
]


@pytest.mark.parametrize(("policy", "actor"), ALLOWED)
def test_allowed(policy, actor):
    assert _call(policy, actor, make()) is None


REFUSED = [
    (policies.create_request, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.create_request, SYSTEM, Forbidden, "access requests are filed by a person with an account"),
    (policies.edit_request, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.edit_request, TEAMMATE, Forbidden, "only the requester edits the request"),
    (policies.file_request, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.file_request, TEAMMATE, Forbidden, "only the requester submits, resubmits or withdraws the request"),
    (policies.add_attachment, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.add_attachment, PENDING, Forbidden, "only the requester and the team members add attachments"),
    (policies.review_request, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.review_request, REQUESTER, Forbidden, "only governance staff start reviews and request changes"),
    (policies.review_request, GOV_REQUESTER, Forbidden, "you filed this request: you cannot review it"),
    (policies.review_request, GOV_TEAMMATE, Forbidden, "you are on this request's team: you cannot review it"),
    (policies.review_request, GOV_OF_LAB, Forbidden,
     "your organisation 'lab' filed this request: you cannot review it"),
    (policies.decide_request, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.decide_request, PRODUCER, Forbidden, "only governance staff decide access requests"),
    (policies.decide_request, GOV_OF_LAB, Forbidden,
     "your organisation 'lab' filed this request: you cannot decide it"),
    (policies.decide_request, GOV_REVIEWER, Forbidden,
     "you gave a producer's opinion on this request: another governance staff member decides it"),
    (policies.give_opinion, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.give_opinion, OTHER_PRODUCER, Forbidden,
     "only editors and admins of 'chu' give its opinion on its datasets"),
    (policies.give_opinion, CHU_OTHER_ROLE, Forbidden,
     "only editors and admins of 'chu' give its opinion on its datasets"),
    (policies.give_opinion, Principal(user_id=1, roles={"chu": "admin"}), Forbidden,
     "you filed this request: you cannot give an opinion on it"),
    (policies.record_milestone, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.record_milestone, PRODUCER, Forbidden,
     "only the requester, the team and governance staff record milestones"),
    (policies.record_milestone, GOV_OF_LAB, Forbidden,
     "your organisation 'lab' filed this request: you cannot record milestones of it"),
    (policies.expire_access, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.expire_access, REQUESTER, Forbidden, "only the system or governance staff expire an access"),
    (policies.expire_access, ADMIN, Forbidden, "only the system or governance staff expire an access"),
    (policies.read_queue, ANONYMOUS, Unauthenticated, SIGN_IN),
    (policies.read_queue, PRODUCER, Forbidden, "only governance staff see the queue of access requests"),
]


@pytest.mark.parametrize(("policy", "actor", "error", "message"), REFUSED)
def test_refused_with_the_reason(policy, actor, error, message):
    with pytest.raises(error) as info:
        _call(policy, actor, make())
    assert type(info.value) is error
    assert info.value.message == message


def test_an_accountless_governance_actor_is_independent_of_an_orphan_request():
    policies.review_request(ACCOUNTLESS_GOVERNANCE, make(requester_id=None))


UNVERIFIED_MATE = "verify your e-mail address mate@example.org first: a team place goes to its proven owner"


def test_team_invitations_go_to_proven_owners_who_did_not_review():
    request = make()
    request.decided_by = 3
    policies.answer_team_invitation(GOVERNANCE, request, email_verified=True, accepting=False)
    policies.answer_team_invitation(TEAMMATE, request, email_verified=True, accepting=True)
    cases = [
        (TEAMMATE, False, True, UNVERIFIED_MATE),
        (TEAMMATE, False, False, UNVERIFIED_MATE),
        (PRODUCER, True, True, "you reviewed this request: you cannot join its team"),
        (GOVERNANCE, True, True, "you reviewed this request: you cannot join its team"),
    ]
    for actor, verified, accepting, message in cases:
        with pytest.raises(Forbidden) as info:
            policies.answer_team_invitation(actor, request, email_verified=verified, accepting=accepting)
        assert info.value.message == message
    with pytest.raises(Unauthenticated):
        policies.answer_team_invitation(ANONYMOUS, request, email_verified=True, accepting=True)
