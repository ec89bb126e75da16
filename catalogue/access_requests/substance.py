"""The substance of a request: what producers give their opinion on.

A resubmission that changes any of these invalidates the opinions already given (they are marked
superseded and kept for the audit trail) and the producers are asked again. The project title,
team names and roles, attachments and milestones are not substance: correcting them keeps the
opinions. The list is pinned by tests/access_requests/test_hardening_workflow.py.
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests.models import AccessRequest

FIELDS = ("purpose", "requester_organisation", "requester_organisation_type", "project_summary", "variables",
          "duration_months", "legal_route")
SUBSTANCE = (*FIELDS, "datasets", "team")  # team: who will handle the data (their e-mail addresses)


def of(request: AccessRequest) -> dict:
    """The request's substance as plain JSON (stored at each filing, compared at resubmission)."""
    out: dict = {name: getattr(request, name) for name in FIELDS}
    out["datasets"] = sorted(d.dataset_id for d in request.datasets)
    out["team"] = sorted(request.team_emails())
    return out


def changed(request: AccessRequest) -> list[str]:
    """The substantive fields changed since the request was last filed (all of them if unknown)."""
    before, now = request.submitted_substance, of(request)
    if not before:
        return list(SUBSTANCE)
    return [name for name in SUBSTANCE if before.get(name) != now[name]]


def supersede(request: AccessRequest, now: dt.datetime) -> list[str]:
    """Start a new round of opinions; returns the datasets whose opinion must be given again."""
    superseded = []
    for opinion in request.opinions:
        opinion.superseded_at = now
        superseded.append(opinion.dataset_id)
    request.opinion_round += 1
    return superseded
