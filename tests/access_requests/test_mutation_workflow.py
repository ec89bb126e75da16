"""The access-request workflow (catalogue/access_requests/workflow.py): the tables pinned literally, each
refusal, the expiry guard and what a step changes. Steps run on a fake unit of work with the audit and the
notices recorded (a unit test of the logic; the API tests run them on the real stores).

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest
from sqlalchemy.orm.exc import StaleDataError

from catalogue.access_requests import policies, workflow
from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.errors import Forbidden, InvalidTransition, StaleVersion, ValidationFailed
from catalogue.principal import SYSTEM, Principal
from schemas.access_vocabularies import RequestAction, RequestStatus

NOW = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)
REQUESTER = Principal(user_id=1, email="req@example.org")
GOVERNANCE = Principal(user_id=3, email="gov@example.org", is_governance=True)
REVIEWER = Principal(user_id=4, email="rev@example.org", roles={"chu": "editor"})
TABLE = workflow.REQUESTS


def make(status: str, access_until: dt.date | None = None) -> AccessRequest:
    request = AccessRequest(id=9, requester_id=1, requester_memberships=[], status=status, access_until=access_until,
                            submitted_at=NOW, opinion_round=1)
    request.datasets = [RequestedDataset(dataset_id="d", organisation_id="chu")]
    request.team, request.opinion_history = [], []
    return request


def test_the_transition_table_is_pinned():
    ended, file_, decide = workflow._access_ended, workflow._file, workflow._decide  # noqa: SLF001
    filer, review, decider = policies.file_request, policies.review_request, policies.decide_request
    assert {key: (str(s.target), s.policy, s.needs_reason, s.guard, s.effect) for key, s in TABLE.steps.items()} == {
        ("draft", "submit"): ("submitted", filer, False, None, file_),
        ("submitted", "start_review"): ("under_review", review, False, None, None),
        ("submitted", "request_changes"): ("changes_requested", review, True, None, None),
        ("under_review", "request_changes"): ("changes_requested", review, True, None, None),
        ("changes_requested", "resubmit"): ("submitted", filer, False, None, file_),
        ("under_review", "approve"): ("approved", decider, True, None, decide),
        ("under_review", "approve_with_conditions"): ("approved_with_conditions", decider, True, None, decide),
        ("under_review", "reject"): ("rejected", decider, True, None, decide),
        ("draft", "withdraw"): ("withdrawn", filer, False, None, None),
        ("submitted", "withdraw"): ("withdrawn", filer, False, None, None),
        ("under_review", "withdraw"): ("withdrawn", filer, False, None, None),
        ("changes_requested", "withdraw"): ("withdrawn", filer, False, None, None),
        ("approved", "expire"): ("expired", policies.expire_access, False, ended, None),
        ("approved_with_conditions", "expire"): ("expired", policies.expire_access, False, ended, None),
    }


def test_the_acts_table_is_pinned():
    """The acts that keep the state: where each is allowed, and whose policy decides who."""
    assert {name: (sorted(a.states), a.policy) for name, a in TABLE.acts.items()} == {
        "update": (["changes_requested", "draft"], policies.edit_request),
        "attach": (["changes_requested", "draft", "submitted", "under_review"], policies.add_attachment),
        "opinion": (["submitted", "under_review"], policies.give_any_opinion),
        "milestone": (["changes_requested", "draft", "submitted", "under_review"], policies.record_milestone),
    }


def test_the_schema_vocabularies_and_the_tables_agree():
    assert [str(s) for s in workflow.State] == list(get_args(RequestStatus))
    assert TABLE.actions == get_args(RequestAction)
    assert {str(s) for key, step in TABLE.steps.items() for s in (key[0], step.target)} <= set(get_args(RequestStatus))


def test_the_names_are_pinned():
    assert workflow.ACTIONS == ("submit", "start_review", "request_changes", "resubmit", "approve",
                                "approve_with_conditions", "reject", "withdraw", "expire")
    assert workflow.STATES == ("draft", "submitted", "under_review", "changes_requested", "approved",
                               "approved_with_conditions", "rejected", "withdrawn", "expired")
    assert workflow.DECISIONS == ("approve", "approve_with_conditions", "reject")
    assert workflow.APPROVED == ("approved", "approved_with_conditions")
    assert workflow.EDITABLE == ("draft", "changes_requested")
    assert workflow.BEFORE_DECISION == ("draft", "submitted", "under_review", "changes_requested")
    assert workflow.IN_REVIEW == ("submitted", "under_review")
    assert workflow.OPEN == ("submitted", "under_review", "changes_requested")


def test_moves_by_state():
    assert TABLE.moves_from("draft") == ["submit", "withdraw"]
    assert TABLE.moves_from("under_review") == ["request_changes", "approve", "approve_with_conditions",
                                                "reject", "withdraw"]
    assert TABLE.moves_from("rejected") == []


def test_an_unknown_action_is_a_validation_error_naming_the_action():
    with pytest.raises(ValidationFailed) as info:
        TABLE.step_for(make("draft"), "x" * 100)
    message = f"unknown action {'x' * 80!r}: one of {', '.join(workflow.ACTIONS)}"
    assert info.value.details == [{"field": "action", "message": message}]


@pytest.mark.parametrize(("status", "action", "message"), [
    ("draft", "approve", "cannot approve a draft access request (allowed from draft: submit, withdraw)"),
    ("rejected", "withdraw", "cannot withdraw a rejected access request (allowed from rejected: none)"),
])
def test_a_wrong_state_is_an_invalid_transition(status, action, message):
    with pytest.raises(InvalidTransition) as info:
        TABLE.step_for(make(status), action)
    assert info.value.message == message


def test_the_step_of_an_allowed_action():
    assert TABLE.step_for(make("under_review"), "reject").target == "rejected"


@pytest.mark.parametrize(("until", "shown"), [
    (None, "no end date"), (NOW.date(), "2025-06-15"), (NOW.date() + dt.timedelta(days=1), "2025-06-16"),
])
def test_an_access_expires_only_after_its_end_date(until, shown):
    with pytest.raises(InvalidTransition) as info:
        TABLE.check(make("approved", until), "expire", SYSTEM, NOW)
    assert info.value.message == (f"access request 9 grants access until {shown}: "
                                  "it expires only after that date")


def test_the_day_after_the_end_date_it_expires():
    step = TABLE.check(make("approved", NOW.date() - dt.timedelta(days=1)), "expire", GOVERNANCE, NOW)
    assert step.target == "expired"


def test_check_applies_the_policy():
    with pytest.raises(Forbidden):
        TABLE.check(make("under_review"), "approve", REQUESTER, NOW)


@pytest.mark.parametrize(("status", "until", "actor", "actions"), [
    ("under_review", None, GOVERNANCE, ["request_changes", "approve", "approve_with_conditions", "reject",
                                        "milestone"]),
    ("under_review", None, REQUESTER, ["withdraw", "attach", "milestone"]),
    ("under_review", None, REVIEWER, ["opinion"]),
    ("draft", None, REQUESTER, ["submit", "withdraw", "update", "attach", "milestone"]),
    ("changes_requested", None, REQUESTER, ["resubmit", "withdraw", "update", "attach", "milestone"]),
    ("approved", dt.date(2025, 6, 14), SYSTEM, ["expire"]),
    ("approved", dt.date(2025, 6, 15), SYSTEM, []),
    ("approved", None, REQUESTER, []),
    ("rejected", None, GOVERNANCE, []),
])
def test_what_each_actor_may_do_next(status, until, actor, actions):
    assert TABLE.allowed(make(status, until), actor, NOW) == actions


def test_each_refusal_says_why():
    answers = {a.action: a for a in TABLE.actions_for(make("under_review"), REQUESTER, NOW)}
    assert (answers["approve"].allowed, answers["approve"].code, answers["approve"].reason) == (
        False, "forbidden", "only governance staff decide access requests")
    assert (answers["update"].code, answers["update"].reason) == (
        "invalid_transition", "a under_review access request cannot be edited "
                              "(only a draft, or one whose changes were requested)")
    assert answers["opinion"].reason == "only editors and admins of the producers concerned give their opinion"
    assert answers["withdraw"].allowed and answers["withdraw"].reason is None


class FakeUnitOfWork:
    def __init__(self, error: Exception | None = None) -> None:
        self.flushes, self.error = 0, error

    def flush(self) -> None:
        self.flushes += 1
        if self.error:
            raise self.error


@pytest.fixture
def audited(monkeypatch):
    """The audit entries and notices a step writes (in the order written)."""
    entries: list = []
    monkeypatch.setattr(workflow.audit, "record", lambda *args, **kwargs: entries.append((args, kwargs)))
    monkeypatch.setattr(workflow.notices, "on_transition", lambda *args: entries.append(("notice", args)))
    return entries


def test_a_step_moves_the_state_audits_it_then_tells(audited):
    uow, request = FakeUnitOfWork(), make("submitted")
    move = TABLE.apply(uow, request, "request_changes", GOVERNANCE, NOW, reason=" why ")
    assert (move.previous, move.target, move.reason) == ("submitted", "changes_requested", "why")
    assert (request.status, request.status_since, request.updated_at, uow.flushes) == (
        "changes_requested", NOW, NOW, 1)
    assert type(request.status) is str
    assert audited == [((uow, GOVERNANCE, "access_request.request_changes", "access_request", 9),
                        {"from_state": "submitted", "to_state": "changes_requested", "reason": "why",
                         "details": {}, "at": NOW}),
                       ("notice", (uow, request, "request_changes", GOVERNANCE, "why"))]


def test_a_step_without_a_reason_where_one_is_needed(audited):
    for action in ("request_changes", "approve", "approve_with_conditions", "reject"):
        for reason in (None, "", "  \n"):
            request = make("under_review")
            with pytest.raises(ValidationFailed) as info:
                TABLE.apply(FakeUnitOfWork(), request, action, GOVERNANCE, NOW, reason=reason)
            message = f"a written reason is required to {action}"
            assert info.value.details == [{"field": "reason", "message": message}]
            assert request.status == "under_review"
    TABLE.apply(FakeUnitOfWork(), make("submitted"), "start_review", GOVERNANCE, NOW)  # no reason needed
    assert audited[0][1]["reason"] is None and audited[0][1]["details"] == {}


def test_a_step_refuses_a_stale_request(audited):
    with pytest.raises(StaleVersion) as info:
        TABLE.apply(FakeUnitOfWork(StaleDataError()), make("submitted"), "start_review", GOVERNANCE, NOW)
    assert info.value.message == ("access request 9 was changed by someone else meanwhile: "
                                  "reload it and try again")
    assert audited == []


def test_a_step_checks_the_guard_at_the_given_time(audited):
    request = make("approved", dt.date(2025, 6, 14))
    assert TABLE.apply(FakeUnitOfWork(), request, "expire", SYSTEM, NOW).previous == "approved"
    assert request.status == "expired"
    with pytest.raises(InvalidTransition):
        TABLE.apply(FakeUnitOfWork(), make("approved", NOW.date()), "expire", SYSTEM, NOW)


def test_the_guard_comes_before_the_policy(audited):
    """An access not yet ended is refused as such, whoever asks (the engine's order: guard, then policy)."""
    with pytest.raises(InvalidTransition):
        TABLE.check(make("approved", NOW.date()), "expire", REQUESTER, NOW)
    with pytest.raises(Forbidden):
        TABLE.check(make("approved", dt.date(2025, 6, 14)), "expire", REQUESTER, NOW)
