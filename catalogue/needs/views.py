"""What the front doors show of a need: its author's name, the answers with their producers' names, what
the reader may do now, and, for producers, whether any published description serves it. Assembled here
so that the REST API, the web pages and the CLI show the same answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.accounts import repository as accounts
from catalogue.needs import policies, service
from catalogue.needs.models import Need, NeedResponse
from catalogue.organisations import repository as organisations
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from search.port import SearchEngine, SearchUnavailable


@dataclass
class ResponseView:
    response: NeedResponse
    organisation_name: str
    author_name: str


@dataclass
class NeedView:
    need: Need
    author_name: str
    mine: bool
    actions: list[str]
    hidden_reason: str | None  # the author and platform admins only
    unserved: bool | None = None  # asked for producers only; None when not asked (or the engine is down)
    responses: list[ResponseView] = field(default_factory=list)


def _unserved(engine: SearchEngine, need: Need) -> bool | None:
    try:
        return service.unserved(engine, need)
    except SearchUnavailable:
        return None


def views(uow: UnitOfWork, engine: SearchEngine, actor: Principal, needs: list[Need], *,
          with_responses: bool = False) -> list[NeedView]:
    authors = accounts.names_of(uow.session, {n.author_id for n in needs})
    producer = service.shows_unserved(actor)
    out = []
    for need in needs:
        reason = need.hidden_reason if actor.is_platform_admin or policies.is_author(actor, need) else None
        out.append(NeedView(need=need, author_name=authors.get(need.author_id, "—"),
                            mine=policies.is_author(actor, need),
                            actions=service.actions(need, actor), hidden_reason=reason,
                            unserved=_unserved(engine, need) if producer else None))
    if with_responses:
        for view in out:
            view.responses = _responses(uow, service.responses(uow, view.need))
    return out


def view(uow: UnitOfWork, engine: SearchEngine, actor: Principal, need: Need) -> NeedView:
    return views(uow, engine, actor, [need], with_responses=True)[0]


def _responses(uow: UnitOfWork, rows: list[NeedResponse]) -> list[ResponseView]:
    orgs = organisations.names(uow.session, sorted({r.organisation_id for r in rows}))
    people = accounts.names_of(uow.session, {r.author_id for r in rows if r.author_id is not None})
    return [ResponseView(r, orgs.get(r.organisation_id, r.organisation_id),
                         people.get(r.author_id, "—") if r.author_id is not None else "—") for r in rows]
