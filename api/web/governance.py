"""Governance staff's pages: the queue of requests with their age and state, and the review page."""

from __future__ import annotations

from fastapi import Request

from api.deps import DbId, UowDep
from api.web.deps import SignedInDep, web_router
from api.web.render import render
from api.web.requests import page_of
from catalogue.access_requests import service as requests

router = web_router(prefix="/governance")


@router.get("")
def queue(request: Request, uow: UowDep, actor: SignedInDep, status: str = ""):
    rows = requests.queue(uow, actor, status)
    return render(request, "governance_queue.html", rows=rows, status=status if status in requests.STATES else "",
                  states=requests.STATES)


@router.get("/requests/{request_id}")
def review(request_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    """Everything needed to decide: the request, the datasets' terms, opinions, files, messages, the trail."""
    return page_of(request, uow, actor, request_id, staff=True)
