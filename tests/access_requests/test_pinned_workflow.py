"""The access-request workflow pinned as literal tables, checked through the services (issue 11, item 5).

Written before the workflow code moves. Every expectation is spelled out here row by row and checked by
driving `access_requests.service.transition/update`, `reviews.record_opinion/record_milestone` and
`attachments.upload` on real stores, for every actor kind (tests/access_requests/pinned.py). Nothing is
read from the code's own tables (`workflow.TRANSITIONS`, `EDITABLE`, `OPINION_STATES`…): a test that
loops over them cannot catch a wrong row.

Each attempt runs in a unit of work that is never committed, so every attempt starts from the same
request in its state. The tests at the end each pin one rule that survived the last mutation check.
"""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.access_requests import attachments, reviews, schedule
from catalogue.access_requests import service as requests
from catalogue.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from schemas.access_requests import AccessRequestIn, MilestoneIn, OpinionIn, TransitionIn
from tests.access_requests.helpers import (
    PDF, act, add_user, attach, create, join_team, opinion, request_body, setup_datasets, version_of,
)
from tests.access_requests.pinned import (
    FORBIDDEN, INVALID, INVALID_INPUT, KINDS, LATER, NOT_FOUND, REFUSALS, TEAM, body, in_state, milestone,
    outcome_of, people, principals, rest, status_of,
)

STATES = ("draft", "submitted", "under_review", "changes_requested", "approved", "approved_with_conditions",
          "rejected", "withdrawn", "expired")
ACTIONS = ("submit", "start_review", "request_changes", "resubmit", "approve", "approve_with_conditions", "reject",
           "withdraw", "expire")

REQUESTER, GOVERNANCE, EXPIRERS = {"requester"}, {"governance"}, {"governance", "governance_of_filer", "system"}
# (state, action) -> (target state, the actor kinds who may take it, a written reason needed?).
# Every other (state, action) pair is refused as an invalid transition (to those who see the request).
# Every decision needs a written reason: the web always asked for one; issue 11 made the services agree.
WORKFLOW = {
    ("draft", "submit"): ("submitted", REQUESTER, False),
    ("draft", "withdraw"): ("withdrawn", REQUESTER, False),
    ("submitted", "start_review"): ("under_review", GOVERNANCE, False),
    ("submitted", "request_changes"): ("changes_requested", GOVERNANCE, True),
    ("submitted", "withdraw"): ("withdrawn", REQUESTER, False),
    ("under_review", "request_changes"): ("changes_requested", GOVERNANCE, True),
    ("under_review", "approve"): ("approved", GOVERNANCE, True),
    ("under_review", "approve_with_conditions"): ("approved_with_conditions", GOVERNANCE, True),
    ("under_review", "reject"): ("rejected", GOVERNANCE, True),
    ("under_review", "withdraw"): ("withdrawn", REQUESTER, False),
    ("changes_requested", "resubmit"): ("submitted", REQUESTER, False),
    ("changes_requested", "withdraw"): ("withdrawn", REQUESTER, False),
    ("approved", "expire"): ("expired", EXPIRERS, False),
    ("approved_with_conditions", "expire"): ("expired", EXPIRERS, False),
}

# Who sees a request (everyone else is told it does not exist): a draft is the requester's and their
# accepted team's own work; once filed, governance, platform admins, the system and the producers named.
DRAFT_VIEWERS = {"requester", "team_member"}
FILED_VIEWERS = DRAFT_VIEWERS | {"chu_editor", "chu_admin", "other_admin", "governance", "governance_of_filer",
                                 "platform_admin", "system"}
VIEWERS = {state: DRAFT_VIEWERS if state == "draft" else FILED_VIEWERS for state in STATES}

# The acts that do not change the state: the states where each is allowed and who may do it.
REQUESTER_SIDE = {"requester", "team_member"}
ACTS = {
    "edit": ({"draft", "changes_requested"}, {"requester"}),
    "attach": ({"draft", "submitted", "under_review", "changes_requested"}, REQUESTER_SIDE),
    "opinion": ({"submitted", "under_review"}, {"chu_editor", "chu_admin"}),  # on registre-test (chu-test's)
    "milestone": ({"draft", "submitted", "under_review", "changes_requested"}, REQUESTER_SIDE | {"governance"}),
}


@pytest.fixture
def who(client, container, actors, record):
    setup_datasets(client, actors, record)
    return people(client, container, actors)


@pytest.fixture
def each_state(client, container, actors, who) -> dict[str, int]:
    """One request in each of the nine states."""
    return {state: in_state(client, container, actors, state) for state in STATES}


def transition(container, actor, request_id: int, action: str, *, reason: bool = True) -> str:
    """Take `action` in a transaction that is thrown away; the state reached, or the refusal."""
    with container.uow() as uow:
        try:
            requests.transition(uow, actor, request_id, action, body(action, reason=reason),
                                 now=LATER if action == "expire" else None)
        except REFUSALS as error:
            return outcome_of(error)
        return requests.get(uow, SYSTEM if action != "withdraw" else actor, request_id).status


def do(container, actor, request_id: int, act_: str) -> str:
    """One act that keeps the state, in a transaction that is thrown away: "ok", or the refusal."""
    with container.uow() as uow:
        try:
            if act_ == "edit":
                data = AccessRequestIn.model_validate(request_body(project_title="Titre revu", team=TEAM))
                requests.update(uow, actor, request_id, data)
            elif act_ == "attach":
                attachments.upload(uow, container.objects, actor, request_id, kind="dpia", title="DPIA",
                                   filename="dpia.pdf", content_type="application/pdf", chunks=[PDF],
                                   max_bytes=64 * 1024)
            elif act_ == "opinion":
                try:  # replacing an opinion needs the version
                    version = requests.get(uow, actor, request_id).version
                except NotFound:
                    version = None  # record_opinion says why
                reviews.record_opinion(uow, actor, request_id, OpinionIn(
                    dataset_id="registre-test", opinion="favourable", reason="sound"), expected_version=version)
            else:
                reviews.record_milestone(uow, actor, request_id, MilestoneIn(
                    kind="ethics_opinion", reference="CPP 2026-001", date=dt.date(2026, 1, 10)))
        except REFUSALS as error:
            return outcome_of(error)
        return "ok"


def test_the_tables_are_complete():
    assert set(STATES) == {s for s, _ in WORKFLOW} | {t for t, _, _ in WORKFLOW.values()} | {"draft"}
    assert set(ACTIONS) == {a for _, a in WORKFLOW}
    assert all(allowed <= set(KINDS) for _, allowed, _ in WORKFLOW.values())
    assert all(states <= set(STATES) and allowed <= set(KINDS) for states, allowed in ACTS.values())


def test_every_state_action_and_actor_has_its_pinned_outcome(container, who, each_state):
    """9 states x 9 actions x 12 actor kinds: the target, or the refusal (404 to those who do not see it)."""
    wrong = []
    for state in STATES:
        for action in ACTIONS:
            target, allowed, _ = WORKFLOW.get((state, action), (None, set(), False))
            for kind in KINDS:
                if kind not in VIEWERS[state]:
                    expected = NOT_FOUND
                elif target is None:
                    expected = INVALID
                else:
                    expected = target if kind in allowed else FORBIDDEN
                got = transition(container, who[kind], each_state[state], action)
                if got != expected:
                    wrong.append(f"{kind} {action} on {state}: expected {expected}, got {got}")
    assert wrong == []
    assert {state: status_of(container, request_id) for state, request_id in each_state.items()} == {
        state: state for state in STATES}


def test_the_written_reason_each_step_needs(container, who, each_state):
    wrong = []
    for (state, action), (target, allowed, needs_reason) in WORKFLOW.items():
        actor = who[sorted(allowed)[0]]
        got = transition(container, actor, each_state[state], action, reason=False)
        if got != (INVALID_INPUT if needs_reason else target):
            wrong.append(f"{action} on {state} without a reason: got {got}")
    assert wrong == []
    with container.uow() as uow, pytest.raises(ValidationFailed) as refused:
        requests.transition(uow, who["governance"], each_state["submitted"], "request_changes",
                            TransitionIn(reason="   "))
    assert refused.value.details == [{"field": "reason", "message": "a written reason is required to request_changes"}]


def test_each_act_is_allowed_in_its_states_only(container, who, each_state):
    """Edit, attach, opinion, milestone, by an actor who may: done in the listed states, refused in the others."""
    wrong = []
    for act_, (states, allowed) in ACTS.items():
        kind = "requester" if "requester" in allowed else "chu_editor"
        actor = who[kind]
        for state in STATES:
            expected = NOT_FOUND if kind not in VIEWERS[state] else "ok" if state in states else INVALID
            got = do(container, actor, each_state[state], act_)
            if got != expected:
                wrong.append(f"{act_} on {state}: expected {expected}, got {got}")
    assert wrong == []


def test_who_may_do_each_act(container, who, each_state):
    """In each state where the act is allowed: the actors listed do it, the others are refused."""
    wrong = []
    for act_, (states, allowed) in ACTS.items():
        for state in sorted(states):
            for kind in KINDS:
                if kind not in VIEWERS[state]:
                    expected = NOT_FOUND
                else:
                    expected = "ok" if kind in allowed else FORBIDDEN
                got = do(container, who[kind], each_state[state], act_)
                if got != expected:
                    wrong.append(f"{kind} {act_} on {state}: expected {expected}, got {got}")
    assert wrong == []


# -- one test per rule the last mutation check let change unnoticed ---------------------------------


def test_a_governance_member_of_the_filing_organisation_may_not_record_milestones(client, container, actors, who):
    request_id = in_state(client, container, actors, "submitted")
    data = MilestoneIn(kind="ethics_opinion", reference="CPP 2026-001", date=dt.date(2026, 1, 10))
    with container.uow() as uow, pytest.raises(Forbidden, match="your organisation 'lab' filed this request"):
        reviews.record_milestone(uow, who["governance_of_filer"], request_id, data)
    with container.uow() as uow:
        reviews.record_milestone(uow, who["governance"], request_id, data)


def test_memberships_are_taken_again_at_submission(client, container, actors, who):
    """Joining an organisation after writing the draft still bars that organisation's staff from reviewing."""
    add_user(container, actors, "late")  # no membership when the draft is written
    request_id = create(client, actors, "late", team=[])["id"]
    for kind in ("ethics_opinion", "protocol"):
        assert attach(client, actors, request_id, kind, "late").status_code == 201
    with container.uow() as uow:
        organisations.add_member(uow, SYSTEM, "lab", "late@example.org", "editor")
        uow.commit()
    rest(client, actors, request_id, "submit", "late")
    with container.uow() as uow, pytest.raises(Forbidden, match="your organisation 'lab' filed this request"):
        requests.transition(uow, who["governance_of_filer"], request_id, "start_review")
    with container.uow() as uow:
        assert requests.transition(uow, who["governance"], request_id, "start_review").status == "under_review"


def test_an_accepted_team_member_may_not_resubmit(client, container, actors, who):
    request_id = in_state(client, container, actors, "changes_requested")
    with container.uow() as uow, pytest.raises(Forbidden):
        requests.transition(uow, who["team_member"], request_id, "resubmit")
    with container.uow() as uow:
        assert requests.transition(uow, who["requester"], request_id, "resubmit").status == "submitted"


def test_requesting_changes_needs_a_written_reason(client, container, actors, who):
    for state in ("submitted", "under_review"):
        request_id = in_state(client, container, actors, state, team=False)
        for reason in (None, "", "  \n "):
            with container.uow() as uow, pytest.raises(ValidationFailed) as refused:
                requests.transition(uow, who["governance"], request_id, "request_changes", TransitionIn(reason=reason))
            assert refused.value.details[0]["field"] == "reason"
        response = act(client, actors, request_id, "request_changes", "governance")
        assert response.status_code == 422 and status_of(container, request_id) == state
        rest(client, actors, request_id, "request_changes", "governance", reason="name the ethics committee")
        assert status_of(container, request_id) == "changes_requested"


def test_a_conditional_approval_waits_for_the_required_milestones(client, container, actors, who):
    request_id = in_state(client, container, actors, "submitted", team=False)
    rest(client, actors, request_id, "start_review", "governance")
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    for action in ("approve_with_conditions", "approve"):
        with container.uow() as uow, pytest.raises(ValidationFailed) as refused:
            requests.transition(uow, who["governance"], request_id, action, body(action))
        assert refused.value.code == "milestones_missing" and "mr_declaration" in str(refused.value.details)
    assert milestone(client, actors, request_id).status_code == 200
    with container.uow() as uow:
        done = requests.transition(uow, who["governance"], request_id, "approve_with_conditions",
                                   body("approve_with_conditions"))
        assert done.status == "approved_with_conditions"


def test_a_conditional_approval_expires_after_its_end_date(client, container, actors, who):
    request_id = in_state(client, container, actors, "approved_with_conditions", team=False)
    with container.uow() as uow:
        until = requests.get(uow, SYSTEM, request_id).access_until
    last_day = dt.datetime.combine(until, dt.time(12), dt.UTC)
    day_after = last_day + dt.timedelta(days=1)
    with container.uow() as uow:
        assert schedule.expire_due(uow, now=last_day) == []
        with pytest.raises(InvalidTransition, match="expires only after"):
            requests.transition(uow, SYSTEM, request_id, "expire", now=last_day)
    with container.uow() as uow:
        assert requests.transition(uow, SYSTEM, request_id, "expire", now=day_after).status == "expired"
    with container.uow() as uow:  # the daily job ends it too
        assert schedule.expire_due(uow, now=day_after) == [request_id]
        uow.commit()
    assert status_of(container, request_id) == "expired"


def test_no_opinion_after_the_decision(client, container, actors, who):
    for state in ("approved", "approved_with_conditions", "rejected"):
        request_id = in_state(client, container, actors, state, team=False)
        version = version_of(client, actors, request_id)
        with container.uow() as uow, pytest.raises(InvalidTransition):
            reviews.record_opinion(uow, who["chu_admin"], request_id, OpinionIn(
                dataset_id="registre-test", opinion="unfavourable", reason="too late"), expected_version=version)
        response = opinion(client, actors, request_id, "registre-test", "orgadmin", "unfavourable", version=version)
        assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_a_named_person_joins_the_team_only_by_accepting(client, container, actors, who):
    """The invited-only kind above is only that until they accept: then they act as the team does."""
    request_id = in_state(client, container, actors, "draft")
    assert do(container, who["invited_only"], request_id, "attach") == NOT_FOUND
    join_team(client, container, actors, request_id, "invitee")
    assert do(container, principals(container)["invited_only"], request_id, "attach") == "ok"
