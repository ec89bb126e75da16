"""The access-request policies on their own: who may, and the reason when not."""

from __future__ import annotations

import pytest

from catalogue.access_requests import policies
from catalogue.access_requests.errors import AccessRequestNotFound
from catalogue.access_requests.models import AccessRequest, RequestedDataset, TeamMember
from catalogue.errors import Forbidden, Unauthenticated
from catalogue.principal import ANONYMOUS, SYSTEM, Principal

REQUESTER = Principal(user_id=1, email="req@example.org", roles={"lab": "editor"})
TEAMMATE = Principal(user_id=2, email="Mate@Example.org")
GOVERNANCE = Principal(user_id=3, email="gov@example.org", is_governance=True)
GOV_OF_LAB = Principal(user_id=4, email="gov4@example.org", is_governance=True, roles={"lab": "admin"})
PRODUCER = Principal(user_id=5, email="prod@example.org", roles={"chu": "editor"})
OTHER_PRODUCER = Principal(user_id=6, email="other@example.org", roles={"elsewhere": "admin"})
ADMIN = Principal(user_id=7, email="admin@example.org", is_platform_admin=True)


def make(filed: bool = True) -> AccessRequest:
    import datetime as dt

    request = AccessRequest(id=9, requester_id=1, requester_memberships=["lab"], status="submitted")
    request.datasets = [RequestedDataset(dataset_id="d", organisation_id="chu")]
    request.team = [TeamMember(email="mate@example.org", name="Mate", role="stats", user_id=2,
                               accepted_at=dt.datetime.now(dt.UTC)),  # accepted by account 2
                    TeamMember(email="invited@example.org", name="Invited", role="stats")]  # not yet
    request.submitted_at = dt.datetime.now(dt.UTC) if filed else None
    return request


@pytest.mark.parametrize(("actor", "draft", "filed"), [
    (REQUESTER, True, True), (TEAMMATE, True, True), (GOVERNANCE, False, True), (ADMIN, False, True),
    (PRODUCER, False, True), (OTHER_PRODUCER, False, False), (ANONYMOUS, False, False),
])
def test_visibility(actor, draft, filed):
    assert policies.can_view(actor, make(filed=False)) is draft
    assert policies.can_view(actor, make()) is filed
    if not filed:
        with pytest.raises(AccessRequestNotFound):
            policies.view_request(actor, make())


def test_separation_of_duties_reasons():
    request = make()
    cases = [
        (policies.review_request, REQUESTER, "only governance staff start reviews"),
        (policies.review_request, GOV_OF_LAB, "your organisation 'lab' filed this request: you cannot review it"),
        (policies.decide_request, GOV_OF_LAB, "your organisation 'lab' filed this request: you cannot decide it"),
        (policies.decide_request, PRODUCER, "only governance staff decide access requests"),
    ]
    for policy, actor, reason in cases:
        with pytest.raises(Forbidden) as refused:
            policy(actor, request)
        assert reason in refused.value.message
    policies.review_request(GOVERNANCE, request)
    policies.decide_request(GOVERNANCE, request)
    with pytest.raises(Forbidden, match="team"):
        policies.decide_request(Principal(user_id=2, email="mate@example.org", is_governance=True), request)
    # Named but not accepted: not the requester's side (naming reviewers does not bar them).
    policies.decide_request(Principal(user_id=8, email="invited@example.org", is_governance=True), request)


def test_opinions_only_for_the_own_producer():
    request = make()
    policies.give_opinion(PRODUCER, request, "chu")
    with pytest.raises(Forbidden, match="only editors and admins of 'chu'"):
        policies.give_opinion(OTHER_PRODUCER, request, "chu")
    with pytest.raises(Forbidden, match="you filed this request"):
        policies.give_opinion(Principal(user_id=1, roles={"chu": "admin"}), request, "chu")


def test_requester_side_acts():
    request = make()
    policies.file_request(REQUESTER, request)
    policies.add_attachment(TEAMMATE, request)
    policies.record_milestone(TEAMMATE, request)
    policies.record_milestone(GOVERNANCE, request)
    with pytest.raises(Forbidden):
        policies.file_request(TEAMMATE, request)
    with pytest.raises(Forbidden):
        policies.record_milestone(PRODUCER, request)
    with pytest.raises(Unauthenticated):
        policies.create_request(ANONYMOUS)
    with pytest.raises(Forbidden):
        policies.create_request(SYSTEM)
    policies.expire_access(SYSTEM, request)
    with pytest.raises(Forbidden):
        policies.expire_access(REQUESTER, request)


def test_only_governance_staff_and_admins_read_the_queue():
    policies.read_queue(GOVERNANCE)
    policies.read_queue(ADMIN)
    with pytest.raises(Forbidden, match="governance staff"):
        policies.read_queue(PRODUCER)
    with pytest.raises(Unauthenticated):
        policies.read_queue(ANONYMOUS)
