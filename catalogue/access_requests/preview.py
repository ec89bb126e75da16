"""What filing a request for these descriptions would need, before the request exists.

The basket page and the request form show it as the request page shows its checklist (the same
`requirements.derive`, the same report shape), so a data user sees what is missing while gathering
datasets and filling the form, not only when submission is refused. Until the requester type and the
legal route are chosen, the rules that depend on them (audience, route, milestones) cannot be applied:
the preview then lists only what the procedures ask for, and asks for the two choices.
"""

from __future__ import annotations

from typing import Any, get_args

from catalogue.access_requests import requirements
from catalogue.datasets import repository as datasets_repo
from catalogue.datasets.models import Dataset
from catalogue.uow import UnitOfWork
from schemas import access_vocabularies as av

REQUESTER_TYPES: tuple[str, ...] = get_args(av.RequesterType)
LEGAL_ROUTES: tuple[str, ...] = get_args(av.LegalRoute)


def report(records: list[dict[str, Any]], requester_type: str | None, legal_route: str | None,
           attached: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The checklist of a request not filed yet, in the shape of service.report; `blocking` lists every
    problem that would stop its submission (the choices still to make first)."""
    chosen = bool(requester_type) and bool(legal_route)
    needs = requirements.derive(records, requester_type or "", legal_route or "")
    to_choose = [{"field": name, **requirements.coded("choose", "choose one")}
                 for name, value in (("requester_organisation_type", requester_type), ("legal_route", legal_route))
                 if not value]
    refusals = needs.refusals if chosen else []
    missing_attachments = requirements.missing(needs.attachments, set(attached), "attachments")
    nothing = [] if records else [{"field": "datasets", **requirements.coded(
        "no_dataset", "name at least one published description")}]
    return {"attachments": needs.attachments, "milestones": needs.milestones if chosen else {},
            "flags": needs.flags if chosen else [], "refusals": refusals,
            "reasons": needs.reasons if chosen else {**needs.reasons, "milestones": {}, "flags": []},
            "missing_attachments": missing_attachments, "missing_milestones": [], "pending_opinions": [],
            "to_choose": to_choose, "complete": chosen,
            "blocking": nothing + to_choose + refusals + missing_attachments}


def of(uow: UnitOfWork, dataset_ids: list[str], requester_type: str | None, legal_route: str | None,
       attached: set[str] | frozenset[str] = frozenset()) -> tuple[list[Dataset], dict[str, Any]]:
    """The published descriptions among `dataset_ids` (in order) and the checklist of a request for them."""
    found = datasets_repo.published_among(uow.session, dataset_ids)
    chosen = [found[i] for i in dict.fromkeys(dataset_ids) if i in found]
    return chosen, report([d.record for d in chosen], requester_type, legal_route, attached)
