"""The states of a need and the one way to change them (catalogue.workflow): the author marks an open
need satisfied or closes it; a platform admin hides any need that is not hidden yet, with a reason.
Every step is written to the audit trail in the same transaction."""

from __future__ import annotations

import datetime as dt
import enum

from catalogue.audit import service as audit
from catalogue.needs import policies
from catalogue.needs.models import Need
from catalogue.uow import UnitOfWork
from catalogue.workflow import Act, Move, Step, Workflow, states_of
from schemas.needs import NeedStatus

State: type[enum.StrEnum] = states_of(NeedStatus.__args__, "NeedState")  # type: ignore[attr-defined]


def _hide(uow: UnitOfWork, move: Move[Need]) -> None:
    move.thing.hidden_reason = move.reason


def _satisfy(uow: UnitOfWork, move: Move[Need]) -> None:
    move.thing.satisfied_by = move.params
    if move.params is not None:
        move.details["response_id"] = move.params


STEPS: dict[tuple[str, str], Step[Need]] = {
    ("open", "satisfy"): Step("satisfied", policies.author, effect=_satisfy),
    ("open", "close"): Step("closed", policies.author),
    ("open", "hide"): Step("hidden", policies.moderate, needs_reason=True, effect=_hide),
    ("satisfied", "hide"): Step("hidden", policies.moderate, needs_reason=True, effect=_hide),
    ("closed", "hide"): Step("hidden", policies.moderate, needs_reason=True, effect=_hide),
}
ACTS: dict[str, Act[Need]] = {
    "edit": Act(("open",), policies.author, "a {status} need cannot be edited"),
    "respond": Act(("open",), policies.respond, "a {status} need takes no more answers"),
}


def _record(uow: UnitOfWork, move: Move[Need]) -> None:
    audit.record(uow, move.actor, f"need.{move.action}", "need", move.thing.id, from_state=move.previous,
                 to_state=move.target, reason=move.reason, details=move.details)


def _stamp(need: Need, now: dt.datetime) -> None:
    need.updated_at = now


NEEDS: Workflow[Need] = Workflow("need", State, STEPS, ACTS, label=lambda n: f"need {n.id}", record=_record,
                                 stamp=_stamp)
