"""The composition root: reads settings, wires the SQL store, search engine and object store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalogue.audit import keys as audit_keys
from catalogue.organisations import links
from catalogue.db import make_engine, migrate
from catalogue.objects.port import ObjectStore
from catalogue.outbox import service as outbox
from catalogue.settings import Settings
from catalogue.uow import UnitOfWork
from search.port import SearchEngine, SearchUnavailable

log = logging.getLogger(__name__)


def build_search(settings: Settings) -> SearchEngine:
    if settings.search_engine == "elasticsearch":
        from search.elasticsearch_engine import ElasticsearchEngine

        user, password = settings.elasticsearch_username, settings.elasticsearch_password
        return ElasticsearchEngine(
            settings.elasticsearch_url or "", index_prefix=settings.elasticsearch_index,
            basic_auth=(user, password) if user and password else None, api_key=settings.elasticsearch_api_key,
            ca_certs=settings.elasticsearch_ca_certs, cursor_key=settings.effective_secret_key(),
        )
    from search.tantivy_engine import TantivyEngine

    return TantivyEngine(settings.search_dir, cursor_key=settings.effective_secret_key())


def build_objects(settings: Settings) -> ObjectStore:
    if settings.object_store == "s3":
        from catalogue.objects.port import ObjectStoreUnavailable
        from catalogue.objects.s3 import S3ObjectStore

        store = S3ObjectStore(endpoint=settings.s3_endpoint or "", access_key=settings.s3_access_key or "",
                              secret_key=settings.s3_secret_key or "", bucket=settings.s3_bucket,
                              secure=settings.s3_secure, region=settings.s3_region)
        try:
            store.ensure_bucket()
        except ObjectStoreUnavailable as exc:  # start anyway: health reports it, the first upload retries
            log.warning("object store not ready: %s", exc)
        return store

    from catalogue.objects.local import LocalObjectStore

    return LocalObjectStore(settings.objects_dir)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    search: SearchEngine
    objects: ObjectStore
    last_drain: outbox.DrainResult = field(default_factory=outbox.DrainResult)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.drain_outbox)

    def drain_outbox(self) -> None:
        """Push pending changes to search; an unavailable engine leaves them for a later drain.

        Never raises: it runs after a write has been committed (the write stands) and at start-up
        (one bad row must not stop the server); bad descriptions become dead letters, and any other
        failure is logged and shown by /health through last_drain.
        """
        try:
            self.last_drain = outbox.drain(self.sessions, self.search)
        except Exception as exc:  # noqa: BLE001 - see above; the rows stay pending for the next drain
            log.exception("search outbox drain failed")
            self.last_drain = outbox.DrainResult(error=outbox.reason(exc))

    def rebuild_if_stale(self) -> None:
        """Rebuild the index from the database when the engine's was made by another schema or text
        analysis; searches use the old one meanwhile. Never raises (start-up goes on): an unreachable
        engine is checked again at the next start, `catalogue reindex` rebuilds by hand."""
        try:
            if self.search.stale():
                log.warning("search index made by another schema or text analysis: rebuilding it")
                outbox.rebuild(self.sessions, self.search)
        except SearchUnavailable as exc:
            log.warning("search index version not checked: %s", exc)
        except Exception:  # noqa: BLE001 - logged; the server starts and /health shows the engine
            log.exception("search index rebuild failed")

    def close(self) -> None:
        self.search.close()
        self.engine.dispose()


def bootstrap(settings: Settings, *, run_migrations: bool = True) -> Container:
    """Create the data directory, apply migrations, connect the engines."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if run_migrations:
        migrate(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    # Each session carries the audit key (never stored in the database) to seal the entries it records.
    # and the key that signs invitation links (catalogue.organisations.links).
    sessions = sessionmaker(engine, expire_on_commit=False,
                            info={**audit_keys.session_info(settings), **links.session_info(settings)})
    container = Container(settings, engine, sessions, build_search(settings), build_objects(settings))
    container.rebuild_if_stale()  # an index of another schema or text analysis (a stemmer upgrade)
    container.drain_outbox()  # converge anything a crash left behind
    return container
