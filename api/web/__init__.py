"""The web interface: server-rendered pages in French and English over the catalogue services.

`install(app)` adds the session middleware, the static files and every page router.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web.security import WebSessionMiddleware

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    from api.web import (
        account, basket, compare, governance, join, needs, partners, public, requests, saved_searches, showcases,
        stats, workspace,
    )

    app.add_middleware(WebSessionMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (public, account, join, workspace, requests, governance, stats, saved_searches, compare, basket,
                   needs, showcases, partners):
        app.include_router(module.router)
