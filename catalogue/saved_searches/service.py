"""Saved searches: keep a search with alerts, list and delete one's own, stop the alerts by a link.

Alerts come from the search outbox (catalogue.outbox.service.drain calls `alert` with the documents it
has just indexed): a saved search is asked about those documents only, never re-run on a timer. See
`alert` for how a match is decided and `digest` for the daily delivery. Services never commit, except
`alert`, which runs after the drain's own transactions, in its own.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable

from pydantic import ValidationError
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.datasets import repository as datasets
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.errors import ValidationFailed
from catalogue.notifications import topics
from catalogue.notifications.service import notify
from catalogue.notifications.texts import Written, msg
from catalogue.principal import Principal
from catalogue.saved_searches import policies
from catalogue.saved_searches import repository as repo
from catalogue.saved_searches.errors import SavedSearchNotFound
from catalogue.saved_searches.models import KNOWN, NEW, SavedSearch, SavedSearchMatch
from catalogue.uow import UnitOfWork
from schemas.saved_searches import SavedSearchIn, defining
from schemas.search import MAX_RESULT_WINDOW, SearchDocument, SearchQuery
from search import understanding
from search.port import SearchEngine, SearchUnavailable

log = logging.getLogger(__name__)
KIND = "saved_search"  # notification topics "saved_search:<id>"
MAX_PER_USER = 50  # each one is asked about every description indexed: a bound on the work of the outbox
PAGE = 100  # engine page while walking a search's hits (at most MAX_RESULT_WINDOW of them)
UNSUBSCRIBE_PATH = "/saved-searches/unsubscribe/"  # the web page of an alert's link (GET confirms, POST stops)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def query_of(saved: SavedSearch) -> SearchQuery:
    """The stored search as a query (validated again: what was stored is what the schema accepted)."""
    return SearchQuery.model_validate(saved.query)


def asked(query: SearchQuery) -> SearchQuery:
    """The query as the engine is asked it by every search door (catalogue.discovery.service.search): the
    constraints its words state applied, unless it turns that off. So an alert follows what the user saw."""
    return understanding.apply(query)[0] if query.understand else query


# -- a user's own saved searches ----------------------------------------------------------------------

def create(uow: UnitOfWork, engine: SearchEngine, actor: Principal, data: SavedSearchIn) -> SavedSearch:
    """Keep the search; the descriptions it finds now are known already, so that only later ones alert.

    Asks the engine for the current results: an unavailable engine refuses the save (SearchUnavailable),
    rather than alerting later about descriptions the user saw when saving."""
    policies.save(actor)
    assert actor.user_id is not None  # policies.save
    if repo.count_of_user(uow.session, actor.user_id) >= MAX_PER_USER:
        raise ValidationFailed(f"you may keep at most {MAX_PER_USER} saved searches; delete one first",
                               details=[{"field": "name", "message": f"at most {MAX_PER_USER} saved searches"}])
    saved = SavedSearch(user_id=actor.user_id, name=data.name, query=defining(data.search), delivery=data.delivery,
                        created_at=utcnow())
    uow.session.add(saved)
    uow.flush()
    found = datasets.published_among(uow.session, sorted(_hits(engine, asked(query_of(saved))))).values()
    repo.add_matches(uow.session, (SavedSearchMatch(saved_search_id=saved.id, dataset_id=d.id, kind=KNOWN,
                                                    matched_at=saved.created_at) for d in found))
    return saved


def list_for(uow: UnitOfWork, actor: Principal) -> list[SavedSearch]:
    return repo.of_user(uow.session, actor.user_id) if actor.user_id is not None else []


def get(uow: UnitOfWork, actor: Principal, saved_search_id: int) -> SavedSearch:
    saved = repo.get(uow.session, saved_search_id)
    if saved is None:
        raise SavedSearchNotFound(f"saved search {saved_search_id} not found")
    policies.own(actor, saved)
    return saved


def delete(uow: UnitOfWork, actor: Principal, saved_search_id: int) -> None:
    uow.session.delete(get(uow, actor, saved_search_id))


# -- unsubscribe links: whoever holds one, signed in or not --------------------------------------------

def by_token(uow: UnitOfWork, token: str) -> SavedSearch:
    """The saved search an alert's link stops; a token naming none is 'not found' (nothing else is told)."""
    saved = repo.by_token(uow.session, _hash(token)) if 0 < len(token) <= 200 else None
    if saved is None:
        raise SavedSearchNotFound("this link does not stop any alert (the saved search may have been deleted)")
    return saved


def unsubscribe(uow: UnitOfWork, token: str) -> SavedSearch:
    """Stop the alerts of the search (it stays in its owner's list); again is harmless."""
    saved = by_token(uow, token)
    if saved.unsubscribed_at is None:
        saved.unsubscribed_at = utcnow()
    return saved


# -- matching, from the search outbox -----------------------------------------------------------------

def _hits(engine: SearchEngine, query: SearchQuery, among: set[str] | None = None) -> set[str]:
    """Ids the query finds (those of `among` only, when given: the walk stops once they are all found).

    Pages of PAGE in the cheapest order, no facets: only membership matters. At most MAX_RESULT_WINDOW
    hits are walked (one engine page window); `alert` narrows the query first so that this is the
    descriptions of one producer, far fewer."""
    wanted = None if among is None else set(among)
    found: set[str] = set()
    page = 1
    while wanted is None or wanted:
        step = query.model_copy(update={"sort": "newest", "page": page, "page_size": PAGE, "facets": [],
                                        "cursor": None})
        result = engine.search(step)
        ids = {hit.id for hit in result.hits}
        if wanted is None:
            found |= ids
        else:
            found |= ids & wanted
            wanted -= ids
        if not result.hits or page * PAGE >= min(result.total, MAX_RESULT_WINDOW):
            break
        page += 1
    return found


def hits(engine: SearchEngine, query: SearchQuery) -> set[str]:
    """Every id the query finds (at most MAX_RESULT_WINDOW): what the needs board asks at posting."""
    return _hits(engine, query)


def _facets_allow(query: SearchQuery, doc: SearchDocument) -> bool:
    """The query's facet filters and exclusions, decided on the document's own values (both engines compare
    facet values as exact keywords, so this is their answer, without asking them)."""
    for path, values in query.filters.items():
        if values and not set(values) & set(doc.facets.get(path, [])):
            return False
    return not any(set(values) & set(doc.facets.get(path, [])) for path, values in query.exclude.items())


def matching(engine: SearchEngine, query: SearchQuery, docs: Iterable[SearchDocument]) -> set[str]:
    """Which of these indexed documents the query finds, asked of the engine itself.

    The engine decides (its text analysis, typo fallback and ranges, the same on Tantivy and Elasticsearch)
    rather than a second matcher in Python that could drift from it. It is asked the saved query narrowed to
    the documents' producers: a producer filter keeps every one of them in (each has its producer's id), so a
    document is among the hits of the narrowed query exactly when it is among those of the saved one, and
    the hits to walk are one producer's descriptions, not the catalogue."""
    groups: dict[tuple[str, ...], set[str]] = {}
    for doc in docs:
        if _facets_allow(query, doc):
            groups.setdefault(tuple(sorted(doc.facets.get("producer.id", []))), set()).add(doc.id)
    found: set[str] = set()
    for producers, ids in groups.items():
        narrowed = query
        if producers:
            chosen = query.filters.get("producer.id")
            keep = [p for p in producers if not chosen or p in chosen]
            narrowed = query.model_copy(update={"filters": {**query.filters, "producer.id": keep}})
        found |= _hits(engine, narrowed, ids)
    return found


def alert(sessions: Callable[[], Session], engine: SearchEngine, docs: list[SearchDocument]) -> int:
    """Tell the owners of saved searches about the just-indexed published documents they newly match.

    Called by the search outbox's drain once `docs` are in the engine (drafts and unpublished descriptions
    are never indexed, so never reach here). A (saved search, description) pair alerts once in its life:
    the first time it matches, unless it was among the results when the search was saved; an edit that keeps
    matching, or one that stops and starts matching again, says nothing more. Immediate searches get one
    notification per drained batch; daily ones wait for `digest`. The owner's own descriptions alert too:
    the outbox does not know who changed a description, and the owner asked for every new match.

    SearchUnavailable propagates (the drain keeps its rows and tries again: the pairs recorded make that
    harmless); any other failure is logged and the drain goes on: alerts never stop search indexing.
    Returns the number of notifications queued."""
    if not docs:
        return 0
    try:
        return _alert(sessions, engine, docs)
    except SearchUnavailable:
        raise
    except Exception:  # noqa: BLE001 - see above
        log.exception("saved-search alerts for %d descriptions failed", len(docs))
        return 0


def _alert(sessions: Callable[[], Session], engine: SearchEngine, docs: list[SearchDocument]) -> int:
    ids = [doc.id for doc in docs]
    with sessions() as session:
        searches = repo.alerting(session)
        known = repo.known(session, [saved.id for saved, _ in searches], ids)
    new: list[tuple[SavedSearch, User, set[str]]] = []
    for saved, user in searches:
        candidates = [doc for doc in docs if (saved.id, doc.id) not in known]
        try:
            query = asked(query_of(saved))
        except ValidationError:  # stored under an older schema that refuses it now: this search only
            log.warning("saved search %s no longer validates; it sends no alert", saved.id)
            continue
        found = matching(engine, query, candidates) if candidates else set()
        if found:
            new.append((saved, user, found))
    if not new:
        return 0
    by_id = {doc.id: doc for doc in docs}
    sent = 0
    with UnitOfWork(sessions, lambda: None) as uow:
        now = utcnow()
        recorded = repo.known(uow.session, [saved.id for saved, _, _ in new], ids)  # a concurrent drain's
        for saved, user, found in new:
            fresh = sorted(found - {d for s, d in recorded if s == saved.id})
            immediate = saved.delivery == "immediate"
            repo.add_matches(uow.session, (SavedSearchMatch(saved_search_id=saved.id, dataset_id=d, kind=NEW,
                                                            matched_at=now, notified_at=now if immediate else None)
                                           for d in fresh))
            if immediate and fresh:
                titles = [(d, dict(by_id[d].title or {})) for d in fresh]
                _notify(uow, saved, user, titles, event="saved_search_match")
                sent += 1
        uow.commit()
    return sent


def _notify(uow: UnitOfWork, saved: SavedSearch, user: User, found: list[tuple[str, dict[str, str]]], *,
            event: str) -> None:
    """One notification (in-app and e-mail) about these descriptions, with a fresh unsubscribe link; titles
    in the user's language when the description has it."""
    raw = secrets.token_urlsafe(32)
    repo.add_token(uow.session, saved.id, _hash(raw))
    if len(found) == 1:
        subject = msg("saved_search.one.subject", name=saved.name, title=found[0][1])
    else:
        subject = msg("saved_search.many.subject", name=saved.name, n=len(found))
    lines = Written(lambda w: "\n".join(f"- {w.text(title)} ({dataset_id})" for dataset_id, title in found))
    body = [msg("saved_search.body", name=saved.name, lines=lines), msg("saved_search.unsubscribe")]
    notify(uow, [user], event=event, topic=topics.topic(KIND, saved.id), subject=subject, body=body,
           link=UNSUBSCRIBE_PATH + raw)


def digest(uow: UnitOfWork) -> int:
    """The daily digest: one notification per daily saved search with new matches since the last one,
    listing those still published. Returns the number of notifications queued."""
    sent = 0
    now = utcnow()
    for saved, user, matches in repo.waiting_for_digest(uow.session):
        found = datasets.published_among(uow.session, [m.dataset_id for m in matches])
        published: list[Dataset] = [found[m.dataset_id] for m in matches if m.dataset_id in found]
        for match in matches:
            match.notified_at = now
        if published:
            _notify(uow, saved, user, [(d.id, dict(d.record.get("title") or {})) for d in published],
                    event="saved_search_digest")
            sent += 1
    return sent
