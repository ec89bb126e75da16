"""The workflow engine (catalogue/workflow.py) on a toy table: the order of a step, what a refusal leaves
behind, the answer to "what may this actor do now", and that only domain refusals mean "no"."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import pytest
from sqlalchemy.orm.exc import StaleDataError

from catalogue import policies
from catalogue.errors import Forbidden, InvalidTransition, StaleVersion, ValidationFailed
from catalogue.principal import ANONYMOUS, Principal
from catalogue.workflow import Act, Answer, Move, Step, Workflow, states_of

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
BOSS, CLERK = Principal(user_id=1, is_governance=True), Principal(user_id=2)


@dataclass
class Thing:
    status: str
    version: int = 1
    ready: bool = True


class Log:
    def __init__(self, flush_error: Exception | None = None) -> None:
        self.calls: list[str] = []
        self.flush_error = flush_error

    def flush(self) -> None:
        self.calls.append("flush")
        if self.flush_error:
            raise self.flush_error


def table(log: Log, *, effect_fails: bool = False) -> Workflow[Thing]:
    def boss_only(actor: Principal, thing: Thing) -> None:
        log.calls.append("policy")
        if not actor.is_governance:
            raise Forbidden("only the boss closes")

    def ready(thing: Thing, now: dt.datetime) -> None:
        log.calls.append("guard")
        if not thing.ready:
            raise InvalidTransition("not ready")

    def effect(uow, move: Move[Thing]) -> None:
        log.calls.append("effect")
        if effect_fails:
            raise ValidationFailed("effect refused")
        move.details["k"] = 1

    def anyone(actor: Principal, thing: Thing) -> None:
        if not actor.authenticated:
            raise Forbidden("sign in")

    return Workflow(
        "thing", states_of(["open", "closed"], "ThingState"),
        {("open", "close"): Step("closed", boss_only, needs_reason=True, guard=ready, effect=effect),
         ("closed", "reopen"): Step("open", anyone)},
        {"comment": Act(("open",), anyone, "no comments on a {status} thing")},
        label=lambda t: "thing 1",
        stamp=lambda t, now: log.calls.append("stamp"),
        record=lambda uow, move: log.calls.append(f"record {move.previous}->{move.target} {move.details}"),
        notify=lambda uow, move: log.calls.append("notify"))


def test_a_step_runs_guard_policy_reason_effect_state_record_notices_in_order():
    log = Log()
    thing = Thing("open")
    move = table(log).apply(log, thing, "close", BOSS, NOW, reason="done")  # the log is the unit of work too
    assert log.calls == ["guard", "policy", "effect", "stamp", "flush", "record open->closed {'k': 1}", "notify"]
    assert thing.status == "closed" and type(thing.status) is str and move.reason == "done"


@pytest.mark.parametrize(("thing", "actor", "reason", "error", "calls"), [
    (Thing("open", ready=False), BOSS, "r", InvalidTransition, ["guard"]),
    (Thing("open"), CLERK, "r", Forbidden, ["guard", "policy"]),
    (Thing("open"), BOSS, " ", ValidationFailed, ["guard", "policy"]),
    (Thing("closed"), BOSS, "r", InvalidTransition, []),
])
def test_a_refused_step_changes_nothing_and_records_nothing(thing, actor, reason, error, calls):
    log, before = Log(), thing.status
    with pytest.raises(error):
        table(log).apply(log, thing, "close", actor, NOW, reason=reason)
    assert log.calls == calls and thing.status == before


def test_a_refused_effect_leaves_the_state():
    log, thing = Log(), Thing("open")
    with pytest.raises(ValidationFailed):
        table(log, effect_fails=True).apply(log, thing, "close", BOSS, NOW, reason="r")
    assert thing.status == "open" and log.calls == ["guard", "policy", "effect"]


def test_a_lost_race_is_a_stale_version_and_nothing_is_recorded():
    log = Log(StaleDataError())
    with pytest.raises(StaleVersion, match="thing 1 was changed by someone else meanwhile"):
        table(log).apply(log, Thing("open"), "close", BOSS, NOW, reason="r")
    assert not [c for c in log.calls if c.startswith("record") or c == "notify"]


def test_unknown_actions_and_states():
    log = Log()
    with pytest.raises(ValidationFailed) as info:
        table(log).apply(log, Thing("open"), "explode", BOSS, NOW)
    assert info.value.details == [{"field": "action", "message": "unknown action 'explode': one of close, reopen"}]
    with pytest.raises(InvalidTransition, match=r"cannot reopen a open thing \(allowed from open: close\)"):
        table(log).check(Thing("open"), "reopen", BOSS, NOW)
    states = states_of(["a"], "S")
    with pytest.raises(ValueError, match="names an unknown state 'b'"):
        Workflow("x", states, {("a", "go"): Step("b", lambda actor, t: None)}, {}, label=str, record=print)
    with pytest.raises(ValueError, match="names an unknown state 'c'"):
        Workflow("x", states, {}, {"act": Act(("c",), lambda actor, t: None, "")}, label=str, record=print)


def test_the_tables_keep_enum_states():
    flow = table(Log())
    assert all(isinstance(key[0], enum.StrEnum) and isinstance(step.target, enum.StrEnum)
               for key, step in flow.steps.items())
    assert [str(s) for s in flow.states] == ["open", "closed"]


def test_what_each_actor_may_do_now_with_the_reasons():
    flow = table(Log())
    assert flow.actions_for(Thing("open"), CLERK, NOW) == [
        Answer("close", False, "only the boss closes", "forbidden"), Answer("comment", True)]
    assert flow.allowed(Thing("open"), BOSS, NOW) == ["close", "comment"]
    assert flow.allowed(Thing("open", ready=False), BOSS, NOW) == ["comment"]
    assert flow.actions_for(Thing("closed"), ANONYMOUS, NOW) == [
        Answer("reopen", False, "sign in", "forbidden"),
        Answer("comment", False, "sign in", "forbidden")]
    assert flow.actions_for(Thing("closed"), CLERK, NOW) == [
        Answer("reopen", True), Answer("comment", False, "no comments on a closed thing", "invalid_transition",
                                       {"case": "state", "action": "comment", "status": "closed"})]


def test_only_domain_refusals_mean_no():
    def broken(actor: Principal, thing: Thing) -> None:
        raise KeyError("a bug")

    flow = Workflow("thing", states_of(["open"], "S"), {("open", "poke"): Step("open", broken)}, {},
                    label=str, record=print)
    with pytest.raises(KeyError):
        flow.actions_for(Thing("open"), BOSS, NOW)
    assert policies.allows(policies.reindex, BOSS) is False
    assert policies.allows(policies.reindex, Principal(user_id=3, is_platform_admin=True)) is True
    with pytest.raises(KeyError):
        policies.allows(broken, BOSS, Thing("open"))


@pytest.mark.parametrize(("text", "says_something"), [
    (None, False), ("", False), ("  \n\t", False), ("\u200b", False), ("\u200b\u00a0\u2028\ufeff", False),
    ("\u0085", False), ("ok", True), (" \u200bok", True), ("1", True), ("·", True), ("é", True),
])
def test_a_written_reason_says_something_visible(text, says_something):
    from catalogue.workflow import written

    assert written(text) is says_something


def test_an_invisible_reason_is_no_reason():
    log = Log()
    with pytest.raises(ValidationFailed):
        table(log).apply(log, Thing("open"), "close", BOSS, NOW, reason="\u200b \u200b")
    move = table(log).apply(log, Thing("open"), "close", BOSS, NOW, reason=" \u200bdone ")
    assert move.reason == "\u200bdone"
