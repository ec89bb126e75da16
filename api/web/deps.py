"""Dependencies of the web pages: who is signed in (session), and forms checked for CSRF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData

from api.web import security
from api.web.render import WebRoute
from catalogue.errors import Unauthenticated
from catalogue.principal import Principal


def web_actor(request: Request) -> Principal:
    return security.current_principal(request)


WebActorDep = Annotated[Principal, Depends(web_actor)]


def web_router(**options: object) -> APIRouter:
    """A router of pages: HTML errors, not in the OpenAPI schema, and who is signed in resolved first.

    Resolving the session before the page's unit of work opens matters on SQLite, where a
    transaction holds the write lock: the principal's own short transaction must come before it.
    """
    return APIRouter(route_class=WebRoute, include_in_schema=False, dependencies=[Depends(web_actor)],
                     **options)  # type: ignore[arg-type]


def signed_in(actor: WebActorDep) -> Principal:
    if not actor.authenticated:
        raise Unauthenticated("sign in first")
    return actor


SignedInDep = Annotated[Principal, Depends(signed_in)]


async def posted_form(request: Request) -> FormData:
    """The submitted form, refused unless it carries this session's CSRF token."""
    form = await request.form()
    security.check_csrf(request, form.get("csrf_token"))
    return form


FormDep = Annotated[FormData, Depends(posted_form)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; anything else (another site, a scheme) is ignored."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def expected_version(form: FormData) -> int | None:
    """The version a form was filled on (its hidden `version` input), for the domain's check that nobody
    changed the thing meanwhile; absent or not a number: no check asked. Any length of digits is a
    version (a forged one is refused as stale, never skipped)."""
    raw = str(form.get("version", ""))
    return int(raw) if raw.isdecimal() else None
