"""A small workflow engine: the one place that says what an actor may do with a thing, now.

A workflow declares, over the states of one aggregate (a dataset description, an access request):

- `steps`: (state, action) -> `Step(target, policy, needs_reason, guard, effect)`, the moves between
  states;
- `acts`: the acts that change the thing but not its state (edit, attach a document, give an
  opinion, record a milestone), each with the states where it is allowed and its policy.

`apply` runs one step, always in this order: the table (is the action known, is it allowed from
this state), the guard (a condition of the thing itself, e.g. "the access has ended"), the policy
(who may), the written reason where one is needed, the effect (what the step writes besides the
state: requirements at submission, the decision's terms…), the state change with the optimistic
version check, the record (audit entry or revision), then the notices. The version the client saw
is compared first of all, when the thing is loaded (`concurrency.expect_version`).

`actions_for` gives every front door the same answer to "what may this actor do now?", with the
reason for each action refused, so no adapter recomputes it. `allows` asks one act.

Policies, guards and checks raise `DomainError`s (Forbidden, InvalidTransition, ValidationFailed…);
only those mean "no": any other exception is a bug and propagates (`policies.allows` asks one
policy the same way).
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from catalogue.concurrency import flush_guarded
from catalogue.errors import DomainError, InvalidTransition, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork


T = TypeVar("T")  # an aggregate with a `status` column and a `version` column (SQLAlchemy mapped)


def written(text: str | None) -> bool:
    """Whether `text` says something: at least one character that is neither a space nor an invisible
    control or format character (a zero-width space alone is no reason)."""
    return any(unicodedata.category(char)[0] not in "ZC" for char in text or "")


def status_of(thing: Any) -> str:
    """The thing's state (every aggregate a workflow runs on has a `status` column)."""
    return str(thing.status)


@dataclass
class Move(Generic[T]):
    """One step being taken: what guards, effects, records and notices see."""

    thing: T
    action: str
    actor: Principal
    now: dt.datetime
    previous: str
    target: str
    reason: str | None = None
    params: Any = None  # the action's own input (e.g. a decision's conditions), validated by the schema
    details: dict[str, Any] = field(default_factory=dict)  # what the record keeps besides the states
    notes: dict[str, Any] = field(default_factory=dict)  # what an effect tells the notices


Policy = Callable[[Principal, T], None]
Guard = Callable[[T, dt.datetime], None]
Effect = Callable[[UnitOfWork, Move[T]], None]


@dataclass(frozen=True)
class Step(Generic[T]):
    target: str
    policy: Policy[T]
    needs_reason: bool = False
    guard: Guard[T] | None = None  # a condition of the thing itself, whoever acts
    effect: Effect[T] | None = None  # what the step writes besides the state


@dataclass(frozen=True)
class Act(Generic[T]):
    """An act that changes the thing, not its state: allowed in `states`, to whom `policy` lets."""

    states: Iterable[str]
    policy: Policy[T]
    refusal: str  # why not, in any other state: "... not on a {status} request"


@dataclass(frozen=True)
class Answer:
    """Whether the actor may take `action` now; if not, the domain's reason."""

    action: str
    allowed: bool
    reason: str | None = None
    code: str | None = None  # the refusal's stable code (forbidden, invalid_transition, …)
    params: Mapping[str, object] = field(default_factory=dict)  # the refusal's facts (its case…)


def states_of(vocabulary: Iterable[str], name: str) -> type[enum.StrEnum]:
    """An enum of the states a schema vocabulary declares (its `Literal` arguments), in that order."""
    return enum.StrEnum(name, {value: value for value in vocabulary})  # type: ignore[return-value]


class Workflow(Generic[T]):
    """The declared steps and acts of one kind of thing, and the one way to apply them."""

    def __init__(self, noun: str, states: type[enum.StrEnum], steps: Mapping[tuple[str, str], Step[T]],
                 acts: Mapping[str, Act[T]], *, label: Callable[[T], str],
                 record: Callable[[UnitOfWork, Move[T]], None],
                 stamp: Callable[[T, dt.datetime], None] | None = None,
                 notify: Callable[[UnitOfWork, Move[T]], None] | None = None) -> None:
        """The tables name states as strings; each must be one of `states` (the schema's vocabulary),
        and is kept as that enum member."""
        def state(name: str) -> enum.StrEnum:
            try:
                return states(name)
            except ValueError:
                raise ValueError(f"{noun} workflow names an unknown state {name!r}: "
                                 f"one of {', '.join(states)}") from None

        self.noun, self.states = noun, states
        self.steps: dict[tuple[str, str], Step[T]] = {
            (state(source), action): replace(step, target=state(step.target))
            for (source, action), step in steps.items()}
        self.acts = {name: replace(act, states=frozenset(map(state, act.states))) for name, act in acts.items()}
        self.actions = tuple(dict.fromkeys(action for _, action in self.steps))
        self._label, self._record, self._stamp, self._notify = label, record, stamp, notify

    def moves_from(self, status: str) -> list[str]:
        """The actions the table allows from `status`, whoever asks."""
        return [action for (state, action) in self.steps if state == status]

    def step_for(self, thing: T, action: str) -> Step[T]:
        """The step `action` takes from the thing's state; unknown actions and wrong states refused."""
        if action not in self.actions:
            raise ValidationFailed(f"action: unknown action {action[:80]!r}: one of {', '.join(self.actions)}",
                                   details=[{"field": "action", "message": f"unknown action {action[:80]!r}: "
                                             f"one of {', '.join(self.actions)}"}],
                                   params={"case": "unknown_action", "field": "action"})
        status = status_of(thing)
        step = self.steps.get((status, action))
        if step is None:
            allowed = ", ".join(self.moves_from(status)) or "none"
            raise InvalidTransition(f"cannot {action} a {status} {self.noun} (allowed from {status}: {allowed})",
                                    params={"case": "state", "action": action, "status": status})
        return step

    def check(self, thing: T, action: str, actor: Principal, now: dt.datetime) -> Step[T]:
        """Everything that must hold for `actor` to take `action` now: the table, the guard, the policy."""
        step = self.step_for(thing, action)
        if step.guard is not None:
            step.guard(thing, now)
        step.policy(actor, thing)
        return step

    def check_act(self, thing: T, act: str, actor: Principal) -> None:
        """An act that leaves the state as it is: to this actor (asked first: the act exists in some
        state), and in this state."""
        declared = self.acts[act]
        declared.policy(actor, thing)
        if status_of(thing) not in declared.states:
            raise InvalidTransition(declared.refusal.format(status=status_of(thing)),
                                    params={"case": "state", "action": act, "status": status_of(thing)})

    def apply(self, uow: UnitOfWork, thing: T, action: str, actor: Principal, now: dt.datetime, *,
              reason: str | None = None, params: Any = None) -> Move[T]:
        """Take one step: guard, policy, reason, effect, state under the version check, record, notices."""
        label = self._label(thing)  # read now: a failed flush expires the object
        move = self.take(uow, thing, action, actor, now, reason=reason, params=params)
        flush_guarded(uow, label)
        self._record(uow, move)
        if self._notify is not None:
            self._notify(uow, move)
        return move

    def take(self, uow: UnitOfWork, thing: T, action: str, actor: Principal, now: dt.datetime, *,
             reason: str | None = None, params: Any = None) -> Move[T]:
        """The part of `apply` before anything is written: guard, policy, reason, effect, the new state
        and its stamp, on the object in memory. A bulk writer (e.g. an import of new descriptions) takes
        the step this way, then writes the rows and their records itself, many at a time."""
        step = self.check(thing, action, actor, now)
        reason = reason.strip() if reason is not None and written(reason) else None
        if step.needs_reason and reason is None:
            message = f"a written reason is required to {action}"
            raise ValidationFailed(f"reason: {message}", details=[{"field": "reason", "message": message}],
                                   params={"case": "reason_required", "field": "reason", "action": action})
        move = Move(thing, action, actor, now, previous=status_of(thing), target=str(step.target), reason=reason,
                    params=params)
        if step.effect is not None:
            step.effect(uow, move)
        setattr(thing, "status", move.target)  # noqa: B010 - the one place a state changes
        if self._stamp is not None:
            self._stamp(thing, now)
        return move

    def actions_for(self, thing: T, actor: Principal, now: dt.datetime) -> list[Answer]:
        """For each move from the thing's state and each act: may `actor` take it now, and if not, why."""
        moves = [_answer(action, self.check, thing, action, actor, now) for action in self.moves_from(status_of(thing))]
        return moves + [_answer(act, self.check_act, thing, act, actor) for act in self.acts]

    def allowed(self, thing: T, actor: Principal, now: dt.datetime) -> list[str]:
        """Only the names of what `actor` may do now (what the front doors offer)."""
        return [answer.action for answer in self.actions_for(thing, actor, now) if answer.allowed]


def _answer(action: str, check: Callable[..., object], *args: Any) -> Answer:
    try:
        check(*args)
    except DomainError as refusal:
        return Answer(action, False, refusal.message, refusal.code, refusal.params)
    return Answer(action, True)

