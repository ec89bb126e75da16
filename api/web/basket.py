"""The request basket: a signed-in data user gathers published descriptions (of one or several
producers) from search results and description pages, sees what a request for them needs, then opens
the request form with them. Every rule (owner only, published only, duplicates, the limit) is in
catalogue.baskets; the checklist is catalogue.access_requests.preview's.
"""

from __future__ import annotations

from fastapi import Request

from api.deps import UowDep
from api.web import security
from api.web.deps import FormDep, SignedInDep, WebActorDep, safe_next, web_router
from api.web.render import query_url, redirect, render
from catalogue.access_requests import preview
from catalogue.baskets import service as baskets
from catalogue.baskets.errors import BasketFull
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

router = web_router()
BASKET = "/me/basket"


def _choices(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The requester type and legal route chosen on the basket page, and an error for each unknown one."""
    values, errors = {}, {}
    for name, allowed in (("requester_organisation_type", preview.REQUESTER_TYPES),
                          ("legal_route", preview.LEGAL_ROUTES)):
        value = request.query_params.get(name, "").strip()
        if value and value not in allowed:
            errors[name] = "unknown"
        elif value:
            values[name] = value
    return values, errors


def _page(request: Request, uow: UnitOfWork, actor: Principal, *, values: dict[str, str],
          errors: dict[str, str], status_code: int = 200, refusal: str | None = None):
    basket = baskets.contents(uow, actor, values.get("requester_organisation_type"), values.get("legal_route"))
    form_link = query_url("/requests/new", [("dataset", i) for i in basket.ids] + [("from", "basket")]
                          + sorted(values.items()))
    return render(request, "basket.html", status_code=status_code, basket=basket, values=values, errors=errors,
                  refusal=refusal, form_link=form_link, limit=baskets.MAX_ITEMS,
                  requester_types=preview.REQUESTER_TYPES, legal_routes=preview.LEGAL_ROUTES)


@router.get(BASKET)
def basket_page(request: Request, uow: UowDep, actor: SignedInDep):
    """The basket with the checklist for the requester type and legal route chosen (a GET form)."""
    values, errors = _choices(request)
    return _page(request, uow, actor, values=values, errors=errors, status_code=422 if errors else 200)


@router.post(BASKET)
def add(request: Request, form: FormDep, uow: UowDep, actor: WebActorDep):
    """Add one description; back to the page the user was on. Signed out: sign in, then back there."""
    back = safe_next(str(form.get("back", "")), BASKET)
    if not actor.authenticated:
        return redirect(query_url("/signin", [("next", back)]))
    dataset_id = str(form.get("dataset_id", "")).strip()
    try:
        added = baskets.add(uow, actor, dataset_id)
    except BasketFull:  # stay with the basket: removing one is the way on
        return _page(request, uow, actor, values={}, errors={}, status_code=422, refusal="basket.full")
    count = len(baskets.ids(uow, actor))
    uow.commit()
    security.flash(request, "basket.flash_added" if added else "basket.flash_already", n=count)
    return redirect(back)


@router.post(BASKET + "/{dataset_id}/remove")
def remove(dataset_id: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    baskets.remove(uow, actor, dataset_id)
    uow.commit()
    security.flash(request, "basket.flash_removed")
    return redirect(BASKET)
