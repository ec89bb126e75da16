"""REST v1: your saved searches (a search kept with alerts on new matches), and the unsubscribe link of an
alert, which works without signing in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.deps import ContainerDep, DbId, UowDep, UserDep
from catalogue.db import as_utc
from catalogue.saved_searches import service
from catalogue.saved_searches.models import SavedSearch
from schemas.saved_searches import SavedSearchIn, SavedSearchOut, UnsubscribedOut

router = APIRouter(prefix="/api/v1", tags=["saved searches"])
Token = Annotated[str, Path(min_length=1, max_length=200, description="the token of an alert's link")]


def saved_search_out(saved: SavedSearch) -> SavedSearchOut:
    return SavedSearchOut(id=saved.id, name=saved.name, delivery=saved.delivery, search=saved.query,  # type: ignore[arg-type]
                          alerts=saved.unsubscribed_at is None, created_at=as_utc(saved.created_at))


@router.post("/me/saved-searches", response_model=SavedSearchOut, status_code=status.HTTP_201_CREATED)
def save(body: SavedSearchIn, container: ContainerDep, uow: UowDep, actor: UserDep,
         response: Response) -> SavedSearchOut:
    """Keep a search (its text, filters and ranges; sort and page are not kept) with alerts: a description
    published later that it finds is notified once, at once or in a daily digest. What it finds today
    is never notified."""
    saved = service.create(uow, container.search, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/me/saved-searches/{saved.id}"
    return saved_search_out(saved)


@router.get("/me/saved-searches", response_model=list[SavedSearchOut])
def list_saved(uow: UowDep, actor: UserDep) -> list[SavedSearchOut]:
    return [saved_search_out(s) for s in service.list_for(uow, actor)]


@router.get("/me/saved-searches/{saved_search_id}", response_model=SavedSearchOut)
def get_saved(saved_search_id: DbId, uow: UowDep, actor: UserDep) -> SavedSearchOut:
    return saved_search_out(service.get(uow, actor, saved_search_id))


@router.delete("/me/saved-searches/{saved_search_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_saved(saved_search_id: DbId, uow: UowDep, actor: UserDep) -> Response:
    service.delete(uow, actor, saved_search_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/saved-searches/unsubscribe/{token}", response_model=UnsubscribedOut)
def alert_of(token: Token, uow: UowDep) -> UnsubscribedOut:
    """Which saved search an alert's link stops, and whether it still alerts (no sign-in)."""
    saved = service.by_token(uow, token)
    return UnsubscribedOut(name=saved.name, alerts=saved.unsubscribed_at is None)


@router.post("/saved-searches/unsubscribe/{token}", response_model=UnsubscribedOut)
def unsubscribe(token: Token, uow: UowDep) -> UnsubscribedOut:
    """Stop the alerts of the saved search an alert's link names (no sign-in: holding the link is enough)."""
    saved = service.unsubscribe(uow, token)
    uow.commit()
    return UnsubscribedOut(name=saved.name, alerts=False)
