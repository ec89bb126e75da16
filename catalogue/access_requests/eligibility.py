"""Can I get it? What a requester of one type would need for one dataset, before filing anything.

The dataset page answers from the very rules a request is checked against (requirements.py): the
same audience answer (rule 1), the same admissible routes (rule 2), and, for each route, the
milestones and attachments `derive` would demand (rules 3 and 4). A rule changed there changes this
answer too, so the page never promises what the request form would then refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from catalogue.access_requests.requirements import AUTHORISATION, audience_answer, derive, routes_of
from schemas.vocabularies import Audience

# The requester types an account declares: the audiences of the exchange format (access.audiences).
REQUESTER_TYPES: tuple[str, ...] = get_args(Audience)


@dataclass(frozen=True)
class RouteNeeds:
    """One legal route the dataset admits, with what `derive` demands on it."""

    route: str
    milestones: tuple[str, ...]
    attachments: tuple[str, ...]


@dataclass(frozen=True)
class Eligibility:
    """The answer for one requester type (`answer`), or for each type when none is known (`answers`)."""

    requester_type: str | None
    answer: str | None
    answers: dict[str, str]
    open_data: bool
    download_url: str | None
    routes: tuple[RouteNeeds, ...] = ()
    any_route: bool = False  # the dataset names no route: its producer checks the one claimed
    through_hdh: bool = False  # an SNDS main base is filed through the Health Data Hub
    platform: str | None = None
    delay_days: int | None = None
    cost: dict[str, Any] | None = None
    data_use_conditions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def can_request(self) -> bool:
        """A request is offered unless the data is open or closed to the requester (to every type, anonymous)."""
        if self.open_data:
            return False
        if self.requester_type is not None:
            return self.answer != "no"
        return any(answer != "no" for answer in self.answers.values())


def is_requester_type(value: str) -> bool:
    return value in REQUESTER_TYPES


def _needs(record: dict[str, Any], requester_type: str, route: str) -> RouteNeeds:
    """Milestones and attachments of one route, as `derive` would demand them at submission."""
    required = derive([record], requester_type, route)
    return RouteNeeds(route, tuple(required.milestones), tuple(required.attachments))


def _routes(record: dict[str, Any], requester_type: str) -> tuple[RouteNeeds, ...]:
    """The routes the dataset names, then the CNIL authorisation (the general regime, always admissible)."""
    named = routes_of(record)
    ordered = [r for r in named if r != AUTHORISATION] + [AUTHORISATION]
    return tuple(_needs(record, requester_type, route) for route in ordered)


def eligibility(record: dict[str, Any], requester_type: str | None) -> Eligibility:
    """What a requester of `requester_type` (None: unknown, answer for each type) needs for this record."""
    if requester_type is not None and not is_requester_type(requester_type):
        requester_type = None  # an unknown type is no type: the page shows every type's answer
    access = record.get("access", {})
    answers = {kind: audience_answer(record, kind) or "no" for kind in REQUESTER_TYPES}
    open_data = access.get("rights") == "PUBLIC"
    common: dict[str, Any] = dict(
        requester_type=requester_type, answer=answers[requester_type] if requester_type else None,
        answers=answers, open_data=open_data, platform=access.get("platform"),
        delay_days=access.get("typical_delay_days"), cost=access.get("cost"),
        data_use_conditions=tuple(access.get("data_use_conditions", [])),
    )
    if open_data:
        return Eligibility(**common, download_url=record.get("landing_page"))
    return Eligibility(
        **common, download_url=None, routes=_routes(record, requester_type or ""),
        any_route=not routes_of(record),
        through_hdh=record.get("health_data_hub", {}).get("relationship") == "snds_main_base",
    )
