"""The public register of approved requests, and the notice telling requesters what it shows."""

from __future__ import annotations

from catalogue.access_requests import repository as repo
from catalogue.access_requests.models import AccessRequest
from catalogue.access_requests.states import APPROVED
from catalogue.notifications.texts import Msg, msg, write, writer
from catalogue.uow import UnitOfWork

# Expired accesses stay on the register: they were granted.
LISTED = (*APPROVED, "expired")


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


def notice_message(request: AccessRequest) -> Msg:
    """What the public register would show of the request once approved (and what it never shows)."""
    return msg("request.register_notice", title=request.project_title, organisation=request.requester_organisation,
               datasets=", ".join(d.dataset_id for d in request.datasets), purpose=msg(f"purpose.{request.purpose}"))


def notice(request: AccessRequest, lang: str = "en") -> str:
    """The register notice written in `lang` (the API's documents are in English)."""
    return write(writer(lang), notice_message(request))


def page(uow: UnitOfWork, *, page: int = 1, page_size: int = 50) -> tuple[int, list[dict]]:
    """Anyone may read the register."""
    total, rows = repo.register(uow.session, LISTED, (page - 1) * page_size, page_size)
    return total, [entry(r) for r in rows]
