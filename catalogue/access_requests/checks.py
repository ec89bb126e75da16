"""What must hold of a request before it moves: its terms at submission, the opinions and
milestones before a decision. Pure reads of the request (and of the descriptions it names)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from catalogue.access_requests import repository as repo
from catalogue.access_requests import requirements
from catalogue.access_requests.errors import MilestonesMissing, OpinionsPending, field_error
from catalogue.access_requests.models import AccessRequest
from catalogue.errors import ValidationFailed
from catalogue.workflow import written
from catalogue.uow import UnitOfWork
from schemas.access_requests import TransitionIn
from schemas.errors import summary


def problems(uow: UnitOfWork, request: AccessRequest) -> tuple[requirements.Requirements, list[dict[str, Any]]]:
    """What the datasets' terms require of this request, and every problem that blocks submission."""
    found = repo.datasets(uow.session, [d.dataset_id for d in request.datasets])
    blocking = [{"field": f"datasets[{n}]", **requirements.coded(
                    "unpublished", f"'{d.dataset_id}' is no longer a published description", dataset=d.dataset_id)}
                for n, d in enumerate(request.datasets)
                if d.dataset_id not in found or found[d.dataset_id].status != "published"]
    # published records only: a description unpublished since is a draft nobody else may read
    records = [found[d.dataset_id].record for d in request.datasets
               if d.dataset_id in found and found[d.dataset_id].status == "published"]
    needs = requirements.derive(records, request.requester_organisation_type, request.legal_route)
    blocking += needs.refusals
    blocking += requirements.missing(needs.attachments, {a.kind for a in request.attachments}, "attachments")
    return needs, blocking


def pending_opinions(request: AccessRequest) -> list[str]:
    given = {o.dataset_id for o in request.opinions}
    return [d.dataset_id for d in request.datasets if d.dataset_id not in given]


def missing_milestones(request: AccessRequest) -> list[dict[str, Any]]:
    return requirements.missing(request.requirements.get("milestones", {}), {m.kind for m in request.milestones},
                                "milestones")


def decision(request: AccessRequest, action: str, body: TransitionIn) -> None:
    """A decision waits for every producer's opinion and follows them, unless governance overrules
    them with a written reason; an approval also waits for the milestones its route requires."""
    if action == "approve_with_conditions" and not written(body.conditions):
        raise field_error(ValidationFailed, "conditions", "state the conditions of the approval",
                          case="conditions_required")
    if body.overrule and not written(body.reason):
        raise field_error(ValidationFailed, "reason", "overruling needs a written reason", case="overrule_reason")
    if not body.overrule:
        pending = pending_opinions(request)
        if pending:
            raise OpinionsPending(f"opinions are still expected on {', '.join(pending)}: wait for them, "
                                  "or overrule with a written reason", params={"case": "pending", "datasets": pending})
        against = [o.dataset_id for o in request.opinions if o.opinion == "unfavourable"]
        if action != "reject" and against:
            raise OpinionsPending(f"the opinion on {', '.join(against)} is unfavourable: approving needs "
                                  "overrule with a written reason",
                                  params={"case": "unfavourable", "datasets": against})
        conditional = [o.dataset_id for o in request.opinions if o.opinion == "favourable_with_conditions"]
        if action == "approve" and conditional:
            raise OpinionsPending(f"the opinion on {', '.join(conditional)} carries conditions: "
                                  "approve_with_conditions, or overrule with a written reason",
                                  params={"case": "conditional", "datasets": conditional})
    if action != "reject" and (missing := missing_milestones(request)):
        raise MilestonesMissing(summary(missing), details=missing,
                                params={"milestones": [m["field"].split(".")[-1] for m in missing]})


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
