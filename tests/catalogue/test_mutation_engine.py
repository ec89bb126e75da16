"""The workflow engine's messages and hand-offs, the one optimistic-concurrency helper, and the catalogue's
policies, each refusal with its exact words (issue 11, item 5).

Written from a mutation run (scripts/mutation.sh on catalogue/workflow.py, catalogue/concurrency.py,
catalogue/policies.py): each case kills mutants the other tests let live. The messages are what the
front doors show people (REST `message`, the web's error page), so their words are part of the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from catalogue import policies
from catalogue.concurrency import expect_version, flush_guarded
from catalogue.errors import (
    EmailNotVerified, Forbidden, InvalidTransition, StaleVersion, Unauthenticated, ValidationFailed,
)
from catalogue.principal import ANONYMOUS, SYSTEM, Principal
from catalogue.workflow import Move, Step, Workflow, states_of

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
USER = Principal(user_id=2, email="user@example.org")
GOVERNANCE = Principal(user_id=3, is_governance=True)
ADMIN = Principal(user_id=4, is_platform_admin=True)
CHU_EDITOR = Principal(user_id=5, roles={"chu": "editor"})
CHU_ADMIN = Principal(user_id=6, roles={"chu": "admin"})
SIGN_IN = "sign in first: send an API token in the Authorization header"


@dataclass
class Thing:
    status: str
    version: int = 1


class FakeUnitOfWork:
    """Only what the engine and the helper call: flush, which may fail the way SQLAlchemy does."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error, self.flushes = error, 0

    def flush(self) -> None:
        self.flushes += 1
        if self.error is not None:
            raise self.error


# -- the engine -----------------------------------------------------------------------------------

def flow(seen: list) -> Workflow[Thing]:
    def effect(uow, move: Move[Thing]) -> None:
        seen.append((uow, move.params))

    return Workflow("thing", states_of(["open", "closed"], "ThingState"),
                    {("open", "close"): Step("closed", lambda actor, thing: None, needs_reason=True, effect=effect),
                     ("closed", "reopen"): Step("open", lambda actor, thing: None)},
                    {}, label=lambda thing: "thing 1", record=lambda uow, move: None)


def test_the_effect_gets_the_unit_of_work_and_the_actions_own_input():
    seen: list = []
    uow, params = FakeUnitOfWork(), {"conditions": "anonymised extracts only"}
    flow(seen).apply(uow, Thing("open"), "close", USER, NOW, reason="done", params=params)
    assert seen == [(uow, {"conditions": "anonymised extracts only"})]
    assert seen[0][0] is uow and uow.flushes == 1


def test_a_step_without_its_written_reason_says_so():
    with pytest.raises(ValidationFailed) as info:
        flow([]).apply(FakeUnitOfWork(), Thing("open"), "close", USER, NOW, reason="  ")
    assert info.value.message == "reason: a written reason is required to close"
    assert info.value.details == [{"field": "reason", "message": "a written reason is required to close"}]


def test_an_unknown_action_is_named_cut_at_80_characters_with_the_known_ones():
    long = "x" * 100
    with pytest.raises(ValidationFailed) as info:
        flow([]).step_for(Thing("open"), long)
    assert info.value.message == f"action: unknown action '{'x' * 80}': one of close, reopen"
    assert info.value.details == [{"field": "action", "message": f"unknown action '{'x' * 80}': one of close, reopen"}]


def test_a_table_naming_an_unknown_state_lists_the_known_ones():
    states = states_of(["a", "b"], "AB")
    with pytest.raises(ValueError) as info:
        Workflow("toy", states, {("a", "go"): Step("c", lambda actor, thing: None)}, {},
                 label=str, record=lambda uow, move: None)
    assert str(info.value) == "toy workflow names an unknown state 'c': one of a, b"


def watched(seen: list) -> Workflow[Thing]:
    """Two moves from 'open', none from 'gone'; the guard, the record and the notices note what they are given."""
    def guard(thing: Thing, now: dt.datetime) -> None:
        seen.append(("guard", now))

    return Workflow("thing", states_of(["open", "closed", "gone"], "WatchedState"),
                    {("open", "close"): Step("closed", lambda actor, thing: None, guard=guard),
                     ("open", "drop"): Step("gone", lambda actor, thing: None)},
                    {}, label=lambda thing: "thing 1", record=lambda uow, move: None,
                    notify=lambda uow, move: seen.append(("notify", uow, move.action, move.previous, move.reason)))


def test_the_guard_is_asked_at_the_instant_of_the_step_and_the_notices_get_the_move():
    seen: list = []
    uow = FakeUnitOfWork()
    assert watched(seen).allowed(Thing("open"), USER, NOW) == ["close", "drop"]
    assert watched(seen).apply(uow, Thing("open"), "close", USER, NOW).reason is None  # no reason: none kept
    assert seen == [("guard", NOW), ("guard", NOW), ("notify", uow, "close", "open", None)]
    assert seen[2][1] is uow


def test_a_move_from_the_wrong_state_lists_the_moves_allowed_from_it():
    with pytest.raises(InvalidTransition) as info:
        watched([]).step_for(Thing("closed"), "drop")
    assert info.value.message == "cannot drop a closed thing (allowed from closed: none)"
    with pytest.raises(InvalidTransition) as info:
        watched([]).step_for(Thing("gone"), "close")
    assert info.value.message == "cannot close a gone thing (allowed from gone: none)"
    flow = Workflow("thing", states_of(["open", "closed", "gone"], "S3"),
                    {("closed", "reopen"): Step("open", lambda actor, thing: None),
                     ("closed", "drop"): Step("gone", lambda actor, thing: None),
                     ("open", "close"): Step("closed", lambda actor, thing: None)},
                    {}, label=str, record=lambda uow, move: None)
    with pytest.raises(InvalidTransition) as info:
        flow.step_for(Thing("open"), "reopen")
    assert info.value.message == "cannot reopen a open thing (allowed from open: close)"
    with pytest.raises(InvalidTransition) as info:
        flow.step_for(Thing("gone"), "drop")
    assert info.value.message == "cannot drop a gone thing (allowed from gone: none)"
    with pytest.raises(InvalidTransition) as info:
        flow.step_for(Thing("closed"), "close")
    assert info.value.message == "cannot close a closed thing (allowed from closed: reopen, drop)"


def test_a_step_needing_a_reason_refuses_none_at_all():
    with pytest.raises(ValidationFailed):
        flow([]).apply(FakeUnitOfWork(), Thing("open"), "close", USER, NOW)


# -- one optimistic-concurrency helper ----------------------------------------------------------------

def test_expect_version_names_the_thing_its_version_and_the_one_expected():
    with pytest.raises(StaleVersion) as info:
        expect_version(Thing("open", version=3), 2, "access request 12")
    assert info.value.message == "access request 12 is at version 3, not 2: reload it and apply your change again"
    assert info.value.code == "stale_version"


@pytest.mark.parametrize("expected", [None, 3])
def test_expect_version_lets_the_current_version_or_no_version_through(expected):
    assert expect_version(Thing("open", version=3), expected, "dataset 'x'") is None


def test_a_lost_race_at_flush_is_a_stale_version():
    uow = FakeUnitOfWork(StaleDataError("UPDATE statement on table expected to update 1 row(s); 0 were matched"))
    with pytest.raises(StaleVersion) as info:
        flush_guarded(uow, "dataset 'x'")
    assert info.value.message == "dataset 'x' was changed by someone else meanwhile: reload it and try again"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def duplicate() -> IntegrityError:
    return IntegrityError("INSERT INTO opinions ...", {}, Exception("UNIQUE constraint failed: opinions.dataset_id"))


def test_a_unique_violation_is_a_lost_race_only_where_the_caller_says_so():
    with pytest.raises(StaleVersion) as info:
        flush_guarded(FakeUnitOfWork(duplicate()), "access request 7", unique_races=True)
    assert info.value.message == "access request 7 was changed by someone else meanwhile: reload it and try again"
    with pytest.raises(IntegrityError):  # by default a constraint violation is a bug, not a race: it propagates
        flush_guarded(FakeUnitOfWork(duplicate()), "access request 7")
    with pytest.raises(IntegrityError):
        flush_guarded(FakeUnitOfWork(duplicate()), "access request 7", unique_races=False)


def test_a_flush_that_succeeds_raises_nothing():
    uow = FakeUnitOfWork()
    flush_guarded(uow, "dataset 'x'", unique_races=True)
    assert uow.flushes == 1


# -- the catalogue's policies, each refusal in its words ---------------------------------------------

def refusal(policy, *args, **kwargs) -> tuple[str, str] | None:
    try:
        policy(*args, **kwargs)
    except (Forbidden, Unauthenticated) as error:
        return type(error).__name__, error.message
    return None


@pytest.mark.parametrize(("policy", "args"), [
    (policies.create_organisation, ()), (policies.manage_organisation, ("chu",)), (policies.manage_users, ()),
    (policies.write_dataset, ("chu",)), (policies.archive_dataset, ("chu",)), (policies.reindex, ()),
    (policies.export_audit, ()),
])
def test_nobody_signed_in_is_asked_to_sign_in(policy, args):
    assert refusal(policy, ANONYMOUS, *args) == ("Unauthenticated", SIGN_IN)


def test_the_platform_admins_own_acts():
    for policy, message in ((policies.create_organisation, "only platform admins create producer organisations"),
                            (policies.manage_users, "only platform admins manage user accounts"),
                            (policies.reindex, "only platform admins rebuild the search index")):
        for actor in (USER, GOVERNANCE, CHU_ADMIN):
            assert refusal(policy, actor) == ("Forbidden", message)
        assert refusal(policy, ADMIN) is None
        assert refusal(policy, SYSTEM) is None


def test_an_organisations_profile_and_descriptions():
    manage = "only admins of 'chu' manage its profile and members"
    write = "only editors and admins of 'chu' write its descriptions"
    archive = "only admins of 'chu' archive or restore its descriptions"
    assert refusal(policies.manage_organisation, CHU_EDITOR, "chu") == ("Forbidden", manage)
    assert refusal(policies.manage_organisation, CHU_ADMIN, "other") == (
        "Forbidden", "only admins of 'other' manage its profile and members")
    assert refusal(policies.manage_organisation, CHU_ADMIN, "chu") is None
    assert refusal(policies.write_dataset, USER, "chu") == ("Forbidden", write)
    assert refusal(policies.write_dataset, CHU_EDITOR, "other") == (
        "Forbidden", "only editors and admins of 'other' write its descriptions")
    assert refusal(policies.write_dataset, CHU_EDITOR, "chu") is None
    assert refusal(policies.write_dataset, CHU_ADMIN, "chu") is None
    assert refusal(policies.write_dataset, ADMIN, "chu") is None
    assert refusal(policies.archive_dataset, CHU_EDITOR, "chu") == ("Forbidden", archive)
    assert refusal(policies.archive_dataset, CHU_ADMIN, "chu") is None
    assert refusal(policies.archive_dataset, ADMIN, "chu") is None


def test_the_audit_trail_is_read_by_governance_and_platform_admins_only():
    message = "only governance staff and platform admins read the audit trail"
    for actor in (USER, CHU_ADMIN):
        assert refusal(policies.export_audit, actor) == ("Forbidden", message)
    assert refusal(policies.export_audit, GOVERNANCE) is None
    assert refusal(policies.export_audit, ADMIN) is None


def test_an_invitation_is_answered_once_ones_address_is_proved():
    with pytest.raises(EmailNotVerified) as info:
        policies.answer_invitation(USER, email_verified=False)
    assert info.value.message == ("confirm your e-mail address first: follow the link we sent you "
                                  "(or ask for a new one from your account page)")
    assert info.value.code == "email_not_verified"
    assert refusal(policies.answer_invitation, ANONYMOUS, email_verified=True) == ("Unauthenticated", SIGN_IN)
    assert policies.answer_invitation(USER, email_verified=True) is None


def test_only_the_platform_itself_adds_members_without_their_acceptance():
    assert policies.add_member_directly(SYSTEM) is True
    assert policies.add_member_directly(ADMIN) is False


def test_unpublished_descriptions_are_seen_by_their_producers_members_and_admins():
    assert policies.can_see_unpublished(CHU_EDITOR, "chu") is True
    assert policies.can_see_unpublished(CHU_EDITOR, "other") is False
    assert policies.can_see_unpublished(ADMIN, "other") is True
    assert policies.can_see_unpublished(GOVERNANCE, "chu") is False
