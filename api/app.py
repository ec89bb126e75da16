"""The FastAPI app factory: the HTTP composition root."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from api import ckan, errors, openapi, web
from api.middleware import BodyLimit, RefuseNul, RequestContext
from api.routers import (
    access_requests, accounts, audit, datasets, dcat, documents, enquiries, meta, needs, notifications,
    onboarding, organisations, partners, register, saved_searches, search, sessions, spreadsheet, stats,
)
from catalogue.bootstrap import Container, bootstrap
from catalogue.settings import Settings, load_settings

log = logging.getLogger(__name__)


async def _drain_forever(container: Container) -> None:
    """Retry what an unavailable engine or another process left in the search outbox."""
    while True:
        await asyncio.sleep(container.settings.outbox_interval_seconds)
        try:
            await run_in_threadpool(container.drain_outbox)
        except Exception:  # noqa: BLE001 - keep retrying; /health shows the backlog
            log.exception("search outbox drain failed")


M_ARENA_MAX = -8  # glibc's malloc.h
MALLOC_ARENAS = 2


def limit_malloc_arenas(libc_name: str = "libc.so.6") -> bool:
    """At most MALLOC_ARENAS glibc malloc arenas in this process, unless MALLOC_ARENA_MAX says otherwise.

    glibc gives a thread that finds the heap busy an arena of its own (up to 8 per core), and an arena keeps
    the memory freed in it. The server's request threads made several: with 2, the server of `make bench`
    (10k descriptions, 1 to 32 clients) peaked at 289 MiB instead of 423 (its own memory at the end 219 MiB
    instead of 346), at the same latencies. False where there is no glibc (the limit is then not needed).
    """
    if "MALLOC_ARENA_MAX" in os.environ:  # the operator's own setting, which glibc has already read
        return False
    try:
        libc = ctypes.CDLL(libc_name)
    except OSError:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS))


def serving_app() -> FastAPI:
    """The app as `catalogue serve` runs it (uvicorn's factory): `create_app` with the start-up heap frozen,
    in a process with few malloc arenas."""
    limit_malloc_arenas()
    return create_app(freeze_heap=True)


def create_app(settings: Settings | None = None, container: Container | None = None, *,
               freeze_heap: bool = False) -> FastAPI:
    """Build the app; engines are connected at start-up (lifespan), never at import time.

    `freeze_heap`: once started, what the process holds for good (modules, vocabularies, the password
    checker's word lists: about 200,000 objects) leaves the garbage collector's generations (`gc.freeze`).
    Each full collection walked all of it: on a page of the DCAT catalogue (17,000 triples), one request in
    two paid a 175-180 ms collection; frozen, 7-8 ms, and the page 224-416 -> 134-161 ms (100k descriptions).
    Only for a server process: tests create many apps in one process, and would keep their garbage.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = container is None
        app.state.container = container or bootstrap(settings or load_settings())
        if freeze_heap:
            gc.collect()
            gc.freeze()
        task = asyncio.create_task(_drain_forever(app.state.container))
        try:
            yield
        finally:
            task.cancel()
            if own:
                app.state.container.close()

    app = FastAPI(
        title="MeetMyData health-data catalogue",
        version="0.1.0",
        description="Dataset descriptions of health-data producers: publish, search, export.",
        lifespan=lifespan,
    )
    errors.install(app)
    # documents before datasets: "/{id}/documents" must not be taken for a lifecycle action
    for module in (meta, accounts, organisations, documents, partners, datasets, search, enquiries, access_requests,
                   notifications, register, audit, saved_searches, onboarding, needs, sessions, stats):
        app.include_router(module.router)
    app.include_router(ckan.router)
    dcat.install(app)  # before the web pages: /datasets/{id}.ttl and RDF content negotiation
    app.include_router(spreadsheet.router)
    web.install(app)  # web pages (templates + static) over the same services
    # outermost last: every request gets an id first, then its body limit, before any other layer
    app.add_middleware(RefuseNul)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestContext)
    openapi.install(app)
    return app
