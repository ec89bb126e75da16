"""The data-needs board: a data user posts what data they look for; producers whose published descriptions
match are alerted and answer; the author marks the need satisfied or closes it; platform admins hide.

A need is a search (`query_of`): its themes, population, volume, period and access constraints become the
filters of a SearchQuery, asked of the search engine as the saved searches are (catalogue.saved_searches),
so "matches" means what the catalogue's search finds. At posting, the producers of the descriptions it
finds now are alerted; afterwards the search outbox (catalogue.outbox.service.drain) calls `alert` with
the descriptions it has just indexed, and a producer is alerted once per (need, description). Services
never commit, except `alert`, which runs after the drain's own transactions, in its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.accounts import repository as accounts
from catalogue.datasets import repository as datasets
from catalogue.datasets.errors import DatasetNotFound
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.errors import ValidationFailed
from catalogue.needs import policies
from catalogue.needs import repository as repo
from catalogue.needs.errors import NeedNotFound, ResponseNotFound
from catalogue.needs.models import OPEN, Need, NeedMatch, NeedResponse, NeedTheme
from catalogue.needs.workflow import NEEDS
from catalogue.notifications import topics
from catalogue.notifications.service import notify
from catalogue.organisations import onboarding
from catalogue.notifications.texts import Written, msg
from catalogue.principal import Principal
from catalogue.saved_searches import service as saved_searches
from catalogue.uow import UnitOfWork
from schemas.needs import NeedFields, NeedIn, ResponseIn
from schemas.search import SearchDocument, SearchQuery
from search.port import SearchEngine, SearchUnavailable

log = logging.getLogger(__name__)
MAX_PAGE_SIZE = 100
MAX_MATCHES = 100  # the descriptions a need page lists (the most recent first)
# A need's fields a PATCH may not clear (every new need has them).
REQUIRED = ("title", "description", "themes", "purpose", "deadline", "visibility", "open_data_only")


@dataclass
class Board:
    total: int
    page: int
    page_size: int
    needs: list[Need]


def today() -> dt.date:
    return utcnow().date()


def query_of(need: Need) -> SearchQuery:
    """The search a need stands for: what a description must have to serve it (no text: the description
    of a need is prose for people, it would rule out descriptions worded otherwise)."""
    filters: dict[str, list[str]] = {"typology.health_categories": list(need.themes)}
    if need.geography:
        filters["population.geography"] = list(need.geography)
    if need.open_to:
        filters[f"access.audiences.{need.open_to}"] = ["yes", "under_conditions"]
    if need.open_data_only:
        filters["access.rights"] = ["PUBLIC"]
    return SearchQuery(
        filters=filters, individuals_min=need.individuals_min, age_min=need.age_min, age_max=need.age_max,
        covers_from=dt.date(need.period_from, 1, 1) if need.period_from else None,
        covers_to=dt.date(need.period_to, 12, 31) if need.period_to else None, understand=False, facets=[],
    )


# -- reading ---------------------------------------------------------------------------------------

def get(uow: UnitOfWork, actor: Principal, need_id: int) -> Need:
    need = repo.get(uow.session, need_id)
    if need is None:
        raise NeedNotFound(f"need {need_id} not found")
    policies.see(actor, need)
    return need


def board(uow: UnitOfWork, actor: Principal, *, q: str = "", themes: Iterable[str] = (), status: str | None = None,
          mine: bool = False, page: int = 1, page_size: int = 20) -> Board:
    """The needs this actor may see, newest first, filtered by words of the title or description and themes."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    total, needs = repo.page(uow.session, user_id=actor.user_id, producer=policies.is_producer(actor),
                             admin=actor.is_platform_admin, q=q.strip(), themes=sorted(set(themes)), status=status,
                             mine=mine and actor.user_id is not None, offset=(page - 1) * size, limit=size)
    return Board(total=total, page=page, page_size=size, needs=needs)


def responses(uow: UnitOfWork, need: Need) -> list[NeedResponse]:
    return repo.responses(uow.session, need.id)


def actions(need: Need, actor: Principal) -> list[str]:
    """What the actor may do with the need now (every front door shows this answer)."""
    return NEEDS.allowed(need, actor, utcnow())


def matches(uow: UnitOfWork, engine: SearchEngine, actor: Principal, need_id: int) -> list[Dataset]:
    """The published descriptions that serve the need, newest first (at most MAX_MATCHES)."""
    need = get(uow, actor, need_id)
    query = query_of(need).model_copy(update={"sort": "newest", "page_size": MAX_MATCHES})
    ids = [hit.id for hit in engine.search(query).hits]
    found = datasets.published_among(uow.session, ids)
    return [found[i] for i in ids if i in found]


def unserved(engine: SearchEngine, need: Need) -> bool:
    """No published description serves the need: demand nobody meets yet (computed by running its search)."""
    return engine.search(query_of(need).model_copy(update={"page_size": 0})).total == 0


def shows_unserved(actor: Principal) -> bool:
    """Unserved demand is shown to producers (and platform admins)."""
    return policies.is_producer(actor)


# -- posting and editing ---------------------------------------------------------------------------

def _deadline(deadline: dt.date) -> None:
    if deadline < today():
        message = "the deadline must not be in the past"
        raise ValidationFailed(f"deadline: {message}", details=[{"field": "deadline", "message": message}],
                               params={"case": "needs_deadline_past", "field": "deadline"})


def post(uow: UnitOfWork, engine: SearchEngine, actor: Principal, data: NeedIn) -> Need:
    """Post a need, then alert the producers whose published descriptions serve it now."""
    user = accounts.get_user(uow.session, actor.user_id) if actor.user_id is not None else None
    policies.post(actor, email_verified=bool(user and user.email_verified))
    assert actor.user_id is not None  # policies.post
    _deadline(data.deadline)
    now = utcnow()
    values = data.model_dump(exclude={"themes"})
    values["geography"] = values["geography"] or []
    need = Need(author_id=actor.user_id, status=OPEN, created_at=now, updated_at=now, **values,
                theme_rows=[NeedTheme(theme=theme) for theme in dict.fromkeys(data.themes)])
    uow.session.add(need)
    uow.flush()
    _alert_current(uow, engine, need)
    return need


def update(uow: UnitOfWork, engine: SearchEngine, actor: Principal, need_id: int, data: NeedFields) -> Need:
    """Change what the author names (only while open); producers newly served are alerted."""
    need = get(uow, actor, need_id)
    NEEDS.check_act(need, "edit", actor)
    changes = data.model_dump(include=data.model_fields_set)
    for name in REQUIRED:
        if name in changes and changes[name] is None:
            raise ValidationFailed(f"{name}: may not be removed", details=[{"field": name, "message": "required"}],
                                   params={"case": "required", "field": name})
    if "deadline" in changes:
        _deadline(changes["deadline"])
    merged = {**{name: getattr(need, name) for name in ("age_min", "age_max", "period_from", "period_to")},
              **{k: v for k, v in changes.items() if k in ("age_min", "age_max", "period_from", "period_to")}}
    NeedFields.model_validate(merged)  # the ranges stay ordered with the values kept
    if "themes" in changes:
        need.theme_rows = [NeedTheme(theme=theme) for theme in dict.fromkeys(changes.pop("themes"))]
    if "geography" in changes:
        changes["geography"] = changes["geography"] or []
    for name, value in changes.items():
        setattr(need, name, value)
    need.updated_at = utcnow()
    uow.flush()
    _alert_current(uow, engine, need)
    return need


# -- answers and states ----------------------------------------------------------------------------

def _organisation_for(actor: Principal, wanted: str | None) -> str:
    if wanted is not None:
        policies.respond_for(actor, wanted)
        return wanted
    if len(actor.roles) != 1:
        message = "name the producer you answer for (you are a member of several)"
        raise ValidationFailed(f"organisation_id: {message}",
                               details=[{"field": "organisation_id", "message": message}],
                               params={"case": "needs_organisation_required", "field": "organisation_id"})
    return next(iter(actor.roles))


def respond(uow: UnitOfWork, actor: Principal, need_id: int, data: ResponseIn) -> NeedResponse:
    """A producer answers with a message and/or one of its published descriptions; the author is told."""
    need = get(uow, actor, need_id)
    NEEDS.check_act(need, "respond", actor)
    organisation_id = _organisation_for(actor, data.organisation_id)
    if not data.text and data.dataset_id is None:
        message = "write a message or point to one of your descriptions"
        raise ValidationFailed(f"text: {message}", details=[{"field": "text", "message": message}],
                               params={"case": "needs_empty_response", "field": "text"})
    if data.dataset_id is not None:
        dataset = datasets.published_among(uow.session, [data.dataset_id]).get(data.dataset_id)
        if dataset is None or dataset.organisation_id != organisation_id:
            raise DatasetNotFound(f"dataset_id: no published description '{data.dataset_id}' of '{organisation_id}'",
                                  details=[{"field": "dataset_id", "message": "not a published description of yours"}])
    response = NeedResponse(need_id=need.id, organisation_id=organisation_id, author_id=actor.user_id,
                            text=data.text, dataset_id=data.dataset_id, created_at=utcnow())
    uow.session.add(response)
    uow.flush()
    author = accounts.get_user(uow.session, need.author_id)
    if author is not None and author.is_active:
        body = [msg("needs.response.body", title=need.title, organisation=organisation_id, text=data.text or "—")]
        if data.dataset_id:
            body.append(msg("needs.response.dataset", dataset=data.dataset_id))
        notify(uow, [author], event="need_response", topic=topics.topic(topics.NEED, need.id),
               subject=msg("needs.response.subject", title=need.title), body=body, exclude=[actor.user_id])
    return response


def transition(uow: UnitOfWork, actor: Principal, need_id: int, action: str, *, reason: str | None = None,
               response_id: int | None = None) -> Need:
    """Satisfy (optionally naming the response that did it), close, or hide (with a reason)."""
    need = get(uow, actor, need_id)
    if response_id is not None and response_id not in {r.id for r in repo.responses(uow.session, need.id)}:
        raise ResponseNotFound(f"response_id: need {need.id} has no response {response_id}",
                               details=[{"field": "response_id", "message": "not a response to this need"}])
    NEEDS.apply(uow, need, action, actor, utcnow(), reason=reason, params=response_id)
    return need


# -- alerts ----------------------------------------------------------------------------------------

def _tell(uow: UnitOfWork, need: Need, found: dict[str, Dataset]) -> int:
    """Record the (need, description) pairs and notify the members of each producer concerned (once per
    producer and batch); a producer nobody represents is told at the contact address of the descriptions
    concerned, with a link to claim it (catalogue.organisations.onboarding)."""
    if not found:
        return 0
    repo.add_matches(uow.session, (NeedMatch(need_id=need.id, dataset_id=d, matched_at=utcnow()) for d in found))
    by_org: dict[str, list[Dataset]] = {}
    for dataset in found.values():
        by_org.setdefault(dataset.organisation_id, []).append(dataset)
    people = repo.members(uow.session, list(by_org))
    sent = 0
    for organisation_id, served in sorted(by_org.items()):
        titles = [(d.id, dict(d.record.get("title") or {})) for d in sorted(served, key=lambda d: d.id)]
        lines = Written(lambda w, titles=titles: "\n".join(f"- {w.text(t)} ({i})" for i, t in titles))  # type: ignore[misc]
        subject = msg("needs.match.subject", title=need.title)
        body = [msg("needs.match.body", title=need.title, lines=lines), msg("needs.match.answer")]
        topic = topics.topic(topics.NEED, need.id)
        if organisation_id not in people:
            reached = onboarding.reach(uow, [organisation_id], [d.id for d in served], event="need_match",
                                       topic=topic, subject=subject, body=body)
            sent += 1 if reached else 0
            continue
        notify(uow, people[organisation_id], event="need_match", topic=topic, subject=subject, body=body,
               exclude=[need.author_id])
        sent += 1
    return sent


def _alert_current(uow: UnitOfWork, engine: SearchEngine, need: Need) -> int:
    """Alert the producers of what the need finds now and were not told yet. An unavailable engine is no
    reason to refuse the need: the descriptions indexed later still alert through the outbox."""
    try:
        ids = saved_searches.hits(engine, query_of(need))
    except SearchUnavailable:
        log.warning("search unavailable: need %s posted without alerting producers", need.id)
        return 0
    told = repo.known(uow.session, [need.id], ids)
    found = datasets.published_among(uow.session, sorted(ids - {d for _, d in told}))
    return _tell(uow, need, found)


def alert(sessions: Callable[[], Session], engine: SearchEngine, docs: list[SearchDocument]) -> int:
    """Tell producers about open needs their just-indexed descriptions newly serve (from the search outbox's
    drain; drafts are never indexed, so never reach here). Like the saved searches' alerts, a failure other
    than SearchUnavailable is logged and the drain goes on. Returns the number of notifications queued."""
    if not docs:
        return 0
    try:
        return _alert(sessions, engine, docs)
    except SearchUnavailable:
        raise
    except Exception:  # noqa: BLE001 - alerts never stop search indexing
        log.exception("need alerts for %d descriptions failed", len(docs))
        return 0


def _alert(sessions: Callable[[], Session], engine: SearchEngine, docs: list[SearchDocument]) -> int:
    ids = [doc.id for doc in docs]
    with sessions() as session:
        needs = repo.open_needs(session)
        known = repo.known(session, [n.id for n in needs], ids)
        new: list[tuple[int, set[str]]] = []
        for need in needs:
            candidates = [doc for doc in docs if (need.id, doc.id) not in known]
            found = saved_searches.matching(engine, query_of(need), candidates) if candidates else set()
            if found:
                new.append((need.id, found))
    if not new:
        return 0
    sent = 0
    with UnitOfWork(sessions, lambda: None) as uow:
        recorded = repo.known(uow.session, [need_id for need_id, _ in new], ids)  # a concurrent drain's
        for need_id, found in new:
            current = repo.get(uow.session, need_id)
            fresh = sorted(found - {d for n, d in recorded if n == need_id})
            if current is not None and current.status == OPEN and fresh:
                sent += _tell(uow, current, datasets.published_among(uow.session, fresh))
        uow.commit()
    return sent
