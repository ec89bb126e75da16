"""The public register of approved requests, and the notice telling requesters what it shows."""

from __future__ import annotations

from catalogue.access_requests import repository as repo
from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.states import APPROVED
from catalogue.uow import UnitOfWork

# Expired accesses stay on the register: they were granted.
LISTED = (*APPROVED, "expired")
PUBLISHED_FIELDS = "project title, requester organisation, datasets, purpose, decision and decision date"


def entry(request: AccessRequest) -> dict:
    """The public projection of a request: these fields and nothing else."""
    return {
        "id": request.id,
        "project_title": request.project_title,
        "requester_organisation": request.requester_organisation,
        "purpose": request.purpose,
        # the snapshot of what was published, never the live record (it may be a draft by now)
        "datasets": [{"id": d.dataset_id, "title": d.title, "titles": d.titles, "producer": d.producer_name}
                     for d in request.datasets],
        "decision": "approved_with_conditions" if request.conditions else "approved",
        "decided_at": request.decided_at,
    }


def notice(request: AccessRequest) -> str:
    datasets = ", ".join(d.dataset_id for d in request.datasets)
    return (f"If this request is approved, the public register will show its {PUBLISHED_FIELDS}: "
            f"\"{request.project_title}\", {request.requester_organisation}, {datasets}, {request.purpose}. "
            "Names, team, summary, variables, opinions and attachments are never published.")


def page(uow: UnitOfWork, *, page: int = 1, page_size: int = 50) -> tuple[int, list[dict]]:
    """Anyone may read the register."""
    total, rows = repo.register(uow.session, LISTED, (page - 1) * page_size, page_size)
    return total, [entry(r) for r in rows]
