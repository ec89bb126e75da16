"""REST v1: the data-needs board. Data users post what data they look for; producers whose published
descriptions match are alerted and answer; the author marks the need satisfied or closes it; platform
admins hide. A producers-only need is shown to members of producer organisations, platform admins and its
author only (to anyone else it does not exist: 404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ContainerDep, DbId, PrincipalDep, UowDep, UserDep
from catalogue.db import as_utc
from catalogue.needs import service
from catalogue.needs.views import NeedView, ResponseView, view, views
from schemas.api import Page
from schemas.needs import (
    HideIn, MatchOut, NeedFields, NeedIn, NeedOut, NeedStatus, ResponseIn, ResponseOut, SatisfyIn,
)
from schemas.text import Line
from schemas.vocabularies import HealthCategory

router = APIRouter(prefix="/api/v1/needs", tags=["needs"])


def response_out(item: ResponseView) -> ResponseOut:
    r = item.response
    return ResponseOut(id=r.id, organisation_id=r.organisation_id, organisation_name=item.organisation_name,
                       author_name=item.author_name, text=r.text, dataset_id=r.dataset_id,
                       created_at=as_utc(r.created_at))


def need_out(item: NeedView) -> NeedOut:
    n = item.need
    return NeedOut(id=n.id, title=n.title, description=n.description, themes=n.themes, age_min=n.age_min,
                   age_max=n.age_max, geography=list(n.geography), individuals_min=n.individuals_min,
                   period_from=n.period_from, period_to=n.period_to, open_to=n.open_to,
                   open_data_only=n.open_data_only, purpose=n.purpose, deadline=n.deadline,
                   visibility=n.visibility, status=n.status,  # type: ignore[arg-type]
                   author_name=item.author_name, mine=item.mine, hidden_reason=item.hidden_reason,
                   satisfied_by=n.satisfied_by, unserved=item.unserved, actions=item.actions,
                   responses=[response_out(r) for r in item.responses], created_at=as_utc(n.created_at),
                   updated_at=as_utc(n.updated_at))


@router.get("", response_model=Page[NeedOut])
def list_needs(uow: UowDep, container: ContainerDep, actor: PrincipalDep,
               q: Annotated[Line, Query(max_length=200, description="words of the title or description")] = "",
               theme: Annotated[list[HealthCategory] | None, Query(max_length=17)] = None,
               status_: Annotated[NeedStatus | None, Query(alias="status")] = None,
               mine: Annotated[bool, Query(description="only the needs you posted")] = False,
               page: Annotated[int, Query(ge=1, le=10000)] = 1,
               page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[NeedOut]:
    """The needs you may see, newest first. `unserved` is given to producers: true when no published
    description matches."""
    found = service.board(uow, actor, q=q, themes=theme or [], status=status_, mine=mine, page=page,
                          page_size=page_size)
    items = [need_out(v) for v in views(uow, container.search, actor, found.needs)]
    return Page[NeedOut](total=found.total, page=found.page, page_size=found.page_size, items=items)


@router.post("", response_model=NeedOut, status_code=status.HTTP_201_CREATED)
def post_need(body: NeedIn, uow: UowDep, container: ContainerDep, actor: UserDep, response: Response) -> NeedOut:
    """Post a need (a verified e-mail address is required); the producers whose published descriptions
    match it are alerted."""
    need = service.post(uow, container.search, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/needs/{need.id}"
    return need_out(view(uow, container.search, actor, need))


@router.get("/{need_id}", response_model=NeedOut)
def get_need(need_id: DbId, uow: UowDep, container: ContainerDep, actor: PrincipalDep) -> NeedOut:
    return need_out(view(uow, container.search, actor, service.get(uow, actor, need_id)))


@router.patch("/{need_id}", response_model=NeedOut)
def patch_need(need_id: DbId, body: NeedFields, uow: UowDep, container: ContainerDep, actor: UserDep) -> NeedOut:
    """Change an open need (its author only); producers it newly matches are alerted."""
    need = service.update(uow, container.search, actor, need_id, body)
    uow.commit()
    return need_out(view(uow, container.search, actor, need))


@router.post("/{need_id}/close", response_model=NeedOut)
def close_need(need_id: DbId, uow: UowDep, container: ContainerDep, actor: UserDep) -> NeedOut:
    need = service.transition(uow, actor, need_id, "close")
    uow.commit()
    return need_out(view(uow, container.search, actor, need))


@router.post("/{need_id}/satisfy", response_model=NeedOut)
def satisfy_need(need_id: DbId, uow: UowDep, container: ContainerDep, actor: UserDep,
                 body: SatisfyIn | None = None) -> NeedOut:
    """Mark the need satisfied (its author only), optionally naming the response that satisfied it."""
    need = service.transition(uow, actor, need_id, "satisfy", response_id=body.response_id if body else None)
    uow.commit()
    return need_out(view(uow, container.search, actor, need))


@router.post("/{need_id}/hide", response_model=NeedOut)
def hide_need(need_id: DbId, body: HideIn, uow: UowDep, container: ContainerDep, actor: UserDep) -> NeedOut:
    """Moderation (platform admins): the need is then seen by its author and platform admins only, with
    the reason; the audit trail keeps who hid it and why."""
    need = service.transition(uow, actor, need_id, "hide", reason=body.reason)
    uow.commit()
    return need_out(view(uow, container.search, actor, need))


@router.post("/{need_id}/responses", response_model=ResponseOut, status_code=status.HTTP_201_CREATED)
def respond(need_id: DbId, body: ResponseIn, uow: UowDep, container: ContainerDep, actor: UserDep) -> ResponseOut:
    """A producer's member answers with a message and/or one of its published descriptions; the author is
    notified."""
    answer = service.respond(uow, actor, need_id, body)
    uow.commit()
    need = service.get(uow, actor, need_id)
    return next(response_out(r) for r in view(uow, container.search, actor, need).responses
                if r.response.id == answer.id)


@router.get("/{need_id}/matches", response_model=list[MatchOut])
def need_matches(need_id: DbId, uow: UowDep, container: ContainerDep, actor: PrincipalDep) -> list[MatchOut]:
    """The published descriptions that match the need (the same search as the alerts), newest first."""
    return [MatchOut(id=d.id, organisation_id=d.organisation_id, title=dict(d.record.get("title") or {}))
            for d in service.matches(uow, container.search, actor, need_id)]
