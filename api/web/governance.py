"""Governance staff's pages: the queue of requests with their age and state, and the review page."""

from __future__ import annotations

from fastapi import Request

from api.deps import DbId, UowDep
from api.web.deps import SignedInDep, web_router
from api.web.render import render
from api.web.requests import request_context
from catalogue.access_requests import policies, snapshots
from catalogue.access_requests import service as requests
from catalogue.access_requests import workflow
from catalogue.db import as_utc, utcnow

router = web_router(prefix="/governance")


@router.get("")
def queue(request: Request, uow: UowDep, actor: SignedInDep, status: str = ""):
    policies.read_queue(actor)
    states = (status,) if status in workflow.STATES else workflow.OPEN
    now = utcnow()
    # the last column: whoever gave a producer's opinion on a request does not decide it
    rows = [(item, (now - as_utc(item.status_since)).days, len(requests.pending_opinions(item)),
             policies.gave_opinion(actor, item)) for item in requests.waiting(uow, states)]
    return render(request, "governance_queue.html", rows=rows, status=status if status in workflow.STATES else "",
                  states=workflow.STATES)


@router.get("/requests/{request_id}")
def review(request_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    """Everything needed to decide: the request, the datasets' terms, opinions, files, messages, the trail."""
    policies.read_queue(actor)
    context = request_context(uow, actor, request_id)
    # the terms as published when the request was filed or decided, never a later draft
    terms = [(d, snapshots.published_record(uow, d) or (d.dataset.record if d.dataset.status == "published" else None))
             for d in context["item"].datasets]
    messages = [e for e in context["history"] if e.reason]
    return render(request, "review.html", terms=terms, messages=messages,
                  gave_opinion=policies.gave_opinion(actor, context["item"]), **context)
