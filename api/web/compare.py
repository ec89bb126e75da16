"""Comparing two to four descriptions side by side (`/compare?id=a&id=b`), picked on the search page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from api.deps import UowDep
from api.web.deps import WebActorDep, web_router
from api.web.render import render
from catalogue.datasets import compare as comparing

router = web_router()
AUDIENCES = ("academic", "public_agency", "hospital", "startup", "industry")  # the dataset page's order
SHOWN_MISSING = 5  # ids named in the "not found" notice; a crafted URL with hundreds says "and N more"
# The page's status for each reason the descriptions cannot be compared (Comparison.problem).
STATUS = {"too_many": 400, "too_few": 400, "not_found": 404}


@router.get("/compare")
def compare_page(request: Request, uow: UowDep, actor: WebActorDep,
                 ids: Annotated[list[str], Query(alias="id")] = []) -> HTMLResponse:  # noqa: B006 - FastAPI's idiom
    """The comparison table, or the page explaining why not (with the descriptions found, to pick again)."""
    comparison = comparing.compare(uow, actor, ids)
    problem = comparison.problem
    return render(request, "compare.html", status_code=STATUS.get(problem or "", 200),
                  comparison=comparison, problem=problem, datasets=comparison.datasets,
                  missing=[_shortened(i) for i in comparison.missing[:SHOWN_MISSING]],
                  more_missing=max(0, len(comparison.missing) - SHOWN_MISSING),
                  fewest=comparing.FEWEST, most=comparing.MOST, audiences=AUDIENCES)


def _shortened(dataset_id: str, most: int = 80) -> str:
    """An id as named in the notice: a crafted one thousands of characters long is cut (a slug has 80 at most)."""
    return dataset_id if len(dataset_id) <= most else dataset_id[:most] + "…"
