"""The access-request workflow (catalogue/access_requests/workflow.py): the table pinned literally, each
refusal, the expiry guard and what `apply` changes. `apply` runs on a fake unit of work (a unit test of
the logic; the API tests run it on the real stores).

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm.exc import StaleDataError

from catalogue.access_requests import policies, workflow
from catalogue.access_requests.errors import StaleRequest
from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.errors import Forbidden, InvalidTransition, ValidationFailed
from catalogue.principal import SYSTEM, Principal

NOW = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)
REQUESTER = Principal(user_id=1, email="req@example.org")
GOVERNANCE = Principal(user_id=3, email="gov@example.org", is_governance=True)


def make(status: str, access_until: dt.date | None = None) -> AccessRequest:
    request = AccessRequest(id=9, requester_id=1, requester_memberships=[], status=status, access_until=access_until,
                            submitted_at=NOW, opinion_round=1)
    request.datasets = [RequestedDataset(dataset_id="d", organisation_id="chu")]
    request.team, request.opinion_history = [], []
    return request


def test_the_transition_table_is_pinned():
    ended = workflow._access_ended  # noqa: SLF001
    file, review, decide = policies.file_request, policies.review_request, policies.decide_request
    assert {key: (s.target, s.policy, s.needs_reason, s.guard) for key, s in workflow.TRANSITIONS.items()} == {
        ("draft", "submit"): ("submitted", file, False, None),
        ("submitted", "start_review"): ("under_review", review, False, None),
        ("submitted", "request_changes"): ("changes_requested", review, True, None),
        ("under_review", "request_changes"): ("changes_requested", review, True, None),
        ("changes_requested", "resubmit"): ("submitted", file, False, None),
        ("under_review", "approve"): ("approved", decide, False, None),
        ("under_review", "approve_with_conditions"): ("approved_with_conditions", decide, False, None),
        ("under_review", "reject"): ("rejected", decide, True, None),
        ("draft", "withdraw"): ("withdrawn", file, False, None),
        ("submitted", "withdraw"): ("withdrawn", file, False, None),
        ("under_review", "withdraw"): ("withdrawn", file, False, None),
        ("changes_requested", "withdraw"): ("withdrawn", file, False, None),
        ("approved", "expire"): ("expired", policies.expire_access, False, ended),
        ("approved_with_conditions", "expire"): ("expired", policies.expire_access, False, ended),
    }
    assert workflow.Step("x", file) == workflow.Step("x", file, needs_reason=False, guard=None)


def test_the_names_are_pinned():
    assert workflow.ACTIONS == ("submit", "start_review", "request_changes", "resubmit", "approve",
                                "approve_with_conditions", "reject", "withdraw", "expire")
    assert workflow.STATES == ("draft", "submitted", "under_review", "changes_requested", "approved",
                               "approved_with_conditions", "rejected", "withdrawn", "expired")
    assert workflow.DECISIONS == ("approve", "approve_with_conditions", "reject")
    assert workflow.APPROVED == ("approved", "approved_with_conditions")
    assert workflow.EDITABLE == ("draft", "changes_requested")
    assert workflow.OPEN == ("submitted", "under_review", "changes_requested")


def test_allowed_actions_by_state():
    assert workflow.allowed_actions("draft") == ["submit", "withdraw"]
    assert workflow.allowed_actions("under_review") == ["request_changes", "approve", "approve_with_conditions",
                                                        "reject", "withdraw"]
    assert workflow.allowed_actions("rejected") == []


def test_an_unknown_action_is_a_validation_error_naming_the_action():
    with pytest.raises(ValidationFailed) as info:
        workflow.step_for(make("draft"), "x" * 100)
    message = f"unknown action {'x' * 80!r}: one of {', '.join(workflow.ACTIONS)}"
    assert info.value.details == [{"field": "action", "message": message}]


@pytest.mark.parametrize(("status", "action", "message"), [
    ("draft", "approve", "cannot approve a draft access request (allowed from draft: submit, withdraw)"),
    ("rejected", "withdraw", "cannot withdraw a rejected access request (allowed from rejected: none)"),
])
def test_a_wrong_state_is_an_invalid_transition(status, action, message):
    with pytest.raises(InvalidTransition) as info:
        workflow.step_for(make(status), action)
    assert info.value.message == message


def test_the_step_of_an_allowed_action():
    assert workflow.step_for(make("under_review"), "reject").target == "rejected"


@pytest.mark.parametrize(("until", "shown"), [
    (None, "no end date"), (NOW.date(), "2025-06-15"), (NOW.date() + dt.timedelta(days=1), "2025-06-16"),
])
def test_an_access_expires_only_after_its_end_date(until, shown):
    with pytest.raises(InvalidTransition) as info:
        workflow.check(make("approved", until), "expire", SYSTEM, NOW)
    assert info.value.message == (f"access request 9 grants access until {shown}: "
                                  "it expires only after that date")


def test_the_day_after_the_end_date_it_expires():
    step = workflow.check(make("approved", NOW.date() - dt.timedelta(days=1)), "expire", GOVERNANCE, NOW)
    assert step.target == "expired"


def test_check_applies_the_policy():
    with pytest.raises(Forbidden):
        workflow.check(make("under_review"), "approve", REQUESTER, NOW)


@pytest.mark.parametrize(("status", "until", "actor", "actions"), [
    ("under_review", None, GOVERNANCE, ["request_changes", "approve", "approve_with_conditions", "reject"]),
    ("under_review", None, REQUESTER, ["withdraw"]),
    ("approved", dt.date(2025, 6, 14), SYSTEM, ["expire"]),
    ("approved", dt.date(2025, 6, 15), SYSTEM, []),
    ("rejected", None, GOVERNANCE, []),
])
def test_what_each_actor_may_do_next(status, until, actor, actions):
    assert workflow.actions_for(make(status, until), actor, NOW) == actions


class FakeUnitOfWork:
    def __init__(self, error: Exception | None = None) -> None:
        self.flushes, self.error = 0, error

    def flush(self) -> None:
        self.flushes += 1
        if self.error:
            raise self.error


@pytest.fixture
def audited(monkeypatch):
    entries: list = []
    monkeypatch.setattr(workflow.audit, "record", lambda *args, **kwargs: entries.append((args, kwargs)))
    return entries


def test_apply_moves_the_state_and_audits_it(audited):
    uow, request = FakeUnitOfWork(), make("under_review")
    assert workflow.apply(uow, request, "reject", GOVERNANCE, NOW, reason="no", details={"k": 1}) == "under_review"
    assert (request.status, request.status_since, request.updated_at, uow.flushes) == ("rejected", NOW, NOW, 1)
    assert audited == [((uow, GOVERNANCE, "access_request.reject", "access_request", 9),
                        {"from_state": "under_review", "to_state": "rejected", "reason": "no",
                         "details": {"k": 1}, "at": NOW})]


def test_apply_without_a_reason_where_one_is_needed(audited):
    for reason in (None, "", "  \n"):
        request = make("under_review")
        with pytest.raises(ValidationFailed) as info:
            workflow.apply(FakeUnitOfWork(), request, "reject", GOVERNANCE, NOW, reason=reason)
        assert info.value.details == [{"field": "reason", "message": "a written reason is required to reject"}]
        assert request.status == "under_review"
    workflow.apply(FakeUnitOfWork(), make("under_review"), "approve", GOVERNANCE, NOW)  # no reason needed
    assert audited[0][1]["reason"] is None and audited[0][1]["details"] is None


def test_apply_refuses_a_stale_request(audited):
    with pytest.raises(StaleRequest) as info:
        workflow.apply(FakeUnitOfWork(StaleDataError()), make("under_review"), "approve", GOVERNANCE, NOW)
    assert info.value.message == ("access request 9 was changed by someone else meanwhile: "
                                  "reload it and try again")
    assert audited == []


def test_apply_checks_the_guard_at_the_given_time(audited):
    request = make("approved", dt.date(2025, 6, 14))
    assert workflow.apply(FakeUnitOfWork(), request, "expire", SYSTEM, NOW) == "approved"
    assert request.status == "expired"
    with pytest.raises(InvalidTransition):
        workflow.apply(FakeUnitOfWork(), make("approved", NOW.date()), "expire", SYSTEM, NOW)
