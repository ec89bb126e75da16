"""Recording a search for the statistics, from the doors that run one (REST /api/v1/search and the web
/search page), in a transaction of its own: a failure is logged and the search is answered anyway.

The doors record as soon as the engine has answered, before their own unit of work reads anything: on
SQLite every transaction takes the write lock when it begins (catalogue/db.py), so a recording made
while the request's transaction is open (or in a background task, which runs before the request's
dependencies close) would wait for the lock its own request holds. Made first, it costs one INSERT."""

from __future__ import annotations

import logging

from catalogue.bootstrap import Container
from catalogue.stats import recording
from catalogue.uow import UnitOfWork
from schemas.search import SearchQuery

log = logging.getLogger(__name__)


def _nothing() -> None:
    """No search-outbox drain after this commit: recording changes no description."""


def record_search(container: Container, query: SearchQuery, results: int) -> None:
    """Keep the search (catalogue/stats/recording.py says what is kept, and that nothing says who)."""
    if not recording.worth_recording(query):
        return
    try:
        with UnitOfWork(container.sessions, _nothing) as uow:
            recording.record(uow, query, results)
            uow.commit()
    except Exception:  # noqa: BLE001 - the statistics never break a search
        log.exception("search not recorded for the statistics")
