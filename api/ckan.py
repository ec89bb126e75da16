"""The CKAN action API facade (`/api/3/action/<name>`, and `/api/action/<name>` as ckanapi calls it).

A translation layer only: CKAN action names, parameters, the envelope
`{help, success, result | error{__type, message}}` and its status codes live here and nowhere
else; every action calls the catalogue's services, which apply the same policies as REST v1.
Field-by-field mapping: docs/ckan-mapping.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from catalogue import errors as domain
from catalogue.accounts import identify
from catalogue.bootstrap import Container
from catalogue.ckan import query as ckan_query
from catalogue.ckan import service
from catalogue.datasets.errors import DatasetExists
from catalogue.principal import ANONYMOUS, Principal
from catalogue.uow import UnitOfWork
from search.cursors import InvalidCursor
from search.port import SearchUnavailable

router = APIRouter(tags=["ckan"])
CKAN_VERSION = "2.10.4"  # the API generation this facade answers like
_MAX_DEPTH = 32  # a package is a few levels deep; deeper JSON is an attack on the parsers after this one
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_ID = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # names never hold controls


@dataclass
class Call:
    uow: UnitOfWork
    container: Container
    actor: Principal
    params: dict[str, Any]

    @property
    def base_url(self) -> str:
        return self.container.settings.base_url

    def int(self, name: str, default: int | None) -> int | None:
        """A non-negative integer parameter (limit, offset), as a number or its digits."""
        value = self.params.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, str) and value.strip().isdigit() and len(value) <= 12:
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**12:
            return value
        raise domain.ValidationFailed(f"{name} must be a whole number from 0",
                                      details=[{"field": name, "message": "Invalid integer"}])

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.params.get(name, default)
        return value is True or str(value).lower() in ("true", "1", "yes")

    def ident(self) -> str:
        value = self.params.get("id") or self.params.get("name") or self.params.get("name_or_id")
        if not value:
            raise domain.ValidationFailed("id is required", details=[{"field": "id", "message": "Missing value"}])
        if not isinstance(value, str) or len(value) > 200 or _UNSAFE_ID.search(value):
            raise domain.ValidationFailed("id must be a package or organisation name",
                                          details=[{"field": "id", "message": "Invalid name"}])
        return value


def status_show(call: Call) -> dict[str, Any]:
    return {"site_title": "MeetMyData health-data catalogue", "site_description": "", "site_url": call.base_url,
            "ckan_version": CKAN_VERSION, "locale_default": "fr", "error_emails_to": None,
            "extensions": ["meetmydata-ckan-facade"]}


def package_search(call: Call) -> dict[str, Any]:
    cq = ckan_query.parse(call.params, ckan_query.facet_fields(call.params.get("facet.field")))
    return service.search(call.uow, call.container.search, call.actor, cq, call.base_url)


def package_show(call: Call) -> dict[str, Any]:
    return service.show(call.uow, call.actor, call.ident(), call.base_url)


def package_list(call: Call) -> list[str]:
    return service.names(call.uow, limit=call.int("limit", None), offset=call.int("offset", 0) or 0)


def organization_list(call: Call) -> list[Any]:
    found = service.organization_dicts(call.uow)
    wanted = call.params.get("organizations")
    if wanted:
        wanted = wanted if isinstance(wanted, list) else str(wanted).split(",")
        found = [o for o in found if o["name"] in wanted]
    sort = str(call.params.get("sort") or "name asc")
    key, _, direction = sort.partition(" ")
    if key in ("name", "title", "package_count"):
        found.sort(key=lambda o: o[key], reverse=direction.strip() == "desc")
    offset = call.int("offset", 0) or 0
    limit = call.int("limit", None)
    found = found[offset:offset + limit] if limit is not None else found[offset:]
    return found if call.flag("all_fields") else [o["name"] for o in found]


def organization_show(call: Call) -> dict[str, Any]:
    return service.organization_show(call.uow, call.actor, call.ident(),
                                     include_datasets=call.flag("include_datasets"), base_url=call.base_url)


def _written(call: Call, dataset: Any) -> dict[str, Any]:
    call.uow.commit()
    return service.package_of(dataset, call.base_url)


def package_create(call: Call) -> dict[str, Any]:
    return _written(call, service.create(call.uow, call.actor, call.params))


def package_update(call: Call) -> dict[str, Any]:
    return _written(call, service.update(call.uow, call.actor, call.params, base_url=call.base_url))


def package_patch(call: Call) -> dict[str, Any]:
    return _written(call, service.update(call.uow, call.actor, call.params, base_url=call.base_url, patch=True))


def help_show(call: Call) -> str | None:
    action = ACTIONS.get(str(call.params.get("name") or ""))
    if action is None:
        raise domain.NotFound(f"action '{call.params.get('name')}' not found")
    return action.__doc__ or f"{call.params.get('name')}: see docs/ckan-mapping.md"


ACTIONS: dict[str, Callable[[Call], Any]] = {
    fn.__name__: fn for fn in (status_show, package_search, package_show, package_list, organization_list,
                               organization_show, package_create, package_update, package_patch, help_show)
}
WRITES = {"package_create", "package_update", "package_patch"}


def _error(exc: Exception) -> tuple[int, dict[str, Any]]:
    """CKAN's error types and status codes for a domain error."""
    if isinstance(exc, domain.NotFound):
        return 404, {"__type": "Not Found Error", "message": f"Not found: {exc.message}"}
    if isinstance(exc, domain.Unauthenticated | domain.Forbidden):
        return 403, {"__type": "Authorization Error", "message": f"Access denied: {exc.message}"}
    if isinstance(exc, ckan_query.SearchQueryError | InvalidCursor):
        return 400, {"__type": "Search Query Error", "message": f"Search Query is invalid: {exc}",
                     exc.field: [str(exc)]}
    if isinstance(exc, SearchUnavailable):
        return 503, {"__type": "Search Error", "message": f"Search error: {exc}"}
    assert isinstance(exc, domain.DomainError)
    error: dict[str, Any] = {"__type": "Validation Error", "message": exc.message}
    if isinstance(exc, DatasetExists):
        error["name"] = ["That URL is already in use."]
    details = exc.details if isinstance(exc.details, list) else []
    for item in details:
        if isinstance(item, dict) and "field" in item:
            error.setdefault(str(item["field"]), []).append(str(item.get("message", "invalid")))
    return 409, error


def _envelope(request: Request, name: str, status: int, **body: Any) -> JSONResponse:
    help_url = f"{str(request.base_url).rstrip('/')}/api/3/action/help_show?name={name}"
    return JSONResponse({"help": help_url, **body}, status_code=status)


def _principal(container: Container, request: Request) -> Principal:
    """A bare token in Authorization (as CKAN clients send it), `Bearer <token>`, or X-CKAN-API-Key."""
    raw = request.headers.get("authorization", "").strip() or request.headers.get("x-ckan-api-key", "").strip()
    if not raw:
        return ANONYMOUS
    scheme, _, value = raw.partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else raw
    with container.uow() as uow:
        return identify.by_token(uow, token)


async def _params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        else:
            raw = await request.body()
            if raw.strip():
                try:
                    body = json.loads(raw)
                except RecursionError:
                    raise ValueError("the JSON is nested too deeply") from None
                if not isinstance(body, dict):
                    raise ValueError("the request body must be a JSON object")
                params.update(body)
    _check(params)
    return params


def _check(value: Any, depth: int = 0) -> None:
    """Parameters every action can read: nested at most _MAX_DEPTH deep, text without lone surrogates
    (not Unicode: no database, engine or JSON answer can hold them)."""
    if depth > _MAX_DEPTH:
        raise ValueError(f"the parameters are nested more than {_MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise ValueError("a parameter is not valid Unicode (lone surrogate)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _run(container: Container, request: Request, name: str, params: dict[str, Any]) -> JSONResponse:
    try:
        actor = _principal(container, request)
        with container.uow() as uow:
            result = ACTIONS[name](Call(uow, container, actor, params))
    except (domain.DomainError, ckan_query.SearchQueryError, InvalidCursor, SearchUnavailable) as exc:
        status, error = _error(exc)
        return _envelope(request, name, status, success=False, error=error)
    return _envelope(request, name, 200, success=True, result=result)


@router.api_route("/api/3/action/{name}", methods=["GET", "POST"])
@router.api_route("/api/action/{name}", methods=["GET", "POST"], include_in_schema=False)
async def action(name: str, request: Request) -> JSONResponse:
    """Call a CKAN action; GET parameters or a JSON (or form) POST body, as CKAN accepts them."""
    if name not in ACTIONS:
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Bad request", "message": f"Bad request - Action name not known: {name}"})
    if name in WRITES and request.method != "POST":
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Bad request", "message": f"Bad request - {name} requires POST"})
    try:
        params = await _params(request)
    except ValueError as exc:
        return _envelope(request, name, 400, success=False,
                         error={"__type": "Bad request", "message": f"Bad request - JSON Error: {exc}"})
    return await run_in_threadpool(_run, request.app.state.container, request, name, params)
