"""Saved searches on the web: "Save this search" on the search page, the list with delete on /me/saved-searches,
and the page an alert's link opens (no sign-in: it shows what the alert is about and stops it on POST)."""

from __future__ import annotations

from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from api.deps import ContainerDep, DbId, UowDep
from api.web import search_state, security
from api.web.deps import FormDep, SignedInDep, web_router
from api.web.i18n import language_of
from api.web.render import query_url, redirect, render
from catalogue.errors import ValidationFailed
from catalogue.saved_searches import service
from catalogue.saved_searches.models import SavedSearch
from schemas.saved_searches import SavedSearchIn

router = web_router()
# The search page's state that defines results.
STATE_PARAMS = ("q", "filter", "prefer", "understand", *search_state.RANGES)


def search_link(saved: SavedSearch) -> str:
    """The search page showing this saved search's results (its parameters are the page's own)."""
    query = saved.query
    params = [("q", query["q"])] if query.get("q") else []
    params += [("filter", f"{name}:{value}") for name, values in query.get("filters", {}).items() for value in values]
    params += [("prefer", f"{name}:{value}") for name, values in query.get("prefer", {}).items() for value in values]
    params += [(name, str(query[name])) for name in search_state.RANGES if query.get(name) is not None]
    if query.get("understand") is False:
        params.append(("understand", "0"))
    return query_url("/search", params)


@router.post("/me/saved-searches")
def save(request: Request, form: FormDep, container: ContainerDep, uow: UowDep, actor: SignedInDep):
    """Save the search the form carries (the search page's state: text, filters, ranges) with a name."""
    params = QueryParams([(k, v) for k, v in form.multi_items() if k in STATE_PARAMS and isinstance(v, str)])
    state = search_state.parse(params)
    back = query_url("/search", state.params())
    try:
        data = SavedSearchIn(name=str(form.get("name", "")), delivery=str(form.get("delivery", "immediate")),
                             search=state.query(language_of(request)))
        service.create(uow, container.search, actor, data)
    except (ValidationError, ValidationFailed):
        security.flash(request, "flash.saved_search_invalid", "error")
        return redirect(back)
    uow.commit()
    security.flash(request, "flash.saved_search_saved", name=data.name)
    return redirect("/me/saved-searches")


@router.get("/me/saved-searches")
def saved_list(request: Request, uow: UowDep, actor: SignedInDep):
    searches = service.list_for(uow, actor)
    return render(request, "saved_searches.html", searches=[(s, search_link(s)) for s in searches])


@router.post("/me/saved-searches/{saved_search_id}/delete")
def delete(saved_search_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    name = service.get(uow, actor, saved_search_id).name
    service.delete(uow, actor, saved_search_id)
    uow.commit()
    security.flash(request, "flash.saved_search_deleted", name=name)
    return redirect("/me/saved-searches")


@router.get("/saved-searches/unsubscribe/{token}")
def unsubscribe_page(token: str, request: Request, uow: UowDep):
    """What the alert's link stops, with a button: a GET never changes anything (mail scanners follow links)."""
    saved = service.by_token(uow, token)
    return render(request, "saved_search_unsubscribe.html", saved=saved, link=search_link(saved), token=token,
                  done=False)


@router.post("/saved-searches/unsubscribe/{token}")
def unsubscribe(token: str, request: Request, form: FormDep, uow: UowDep):
    saved = service.unsubscribe(uow, token)
    uow.commit()
    return render(request, "saved_search_unsubscribe.html", saved=saved, link=search_link(saved), token=token,
                  done=True)
