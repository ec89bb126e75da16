"""Governance staff's pages: the queue of requests with their age and state, and the review page."""

from __future__ import annotations

from fastapi import Request

from api.deps import DbId, UowDep
from api.web.deps import SignedInDep, web_router
from api.web.render import render
from api.web.requests import request_context
from catalogue.access_requests import service as requests
from catalogue.access_requests import snapshots

router = web_router(prefix="/governance")


@router.get("")
def queue(request: Request, uow: UowDep, actor: SignedInDep, status: str = ""):
    rows = requests.queue(uow, actor, status)
    return render(request, "governance_queue.html", rows=rows, status=status if status in requests.STATES else "",
                  states=requests.STATES)


@router.get("/requests/{request_id}")
def review(request_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    """Everything needed to decide: the request, the datasets' terms, opinions, files, messages, the trail."""
    context = request_context(uow, actor, request_id, staff=True)
    # the terms as published when the request was filed or decided, never a later draft
    terms = snapshots.terms(uow, context["item"])
    messages = [e for e in context["history"] if e.reason]
    return render(request, "review.html", terms=terms, messages=messages, **context)
