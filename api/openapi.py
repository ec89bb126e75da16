"""The OpenAPI document tells the truth about errors and tokens.

Each operation's error responses are derived from what the route depends on, so they stay true
when routes change: a route that needs a signed-in caller may answer 401/403, one that reads the
body 400/413/422, one with path parameters 404, and so on; every error uses the one error body
(`ErrorBody`). Operations that take a token but also serve anonymous callers declare the token as
optional (`security: [{}, {bearerAuth: []}]`). A route's own `responses=` wins over the derived ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from api.deps import get_container, get_principal, get_uow, require_user
from api.errors import ErrorBody, openapi_responses

SCHEME = "bearerAuth"
_REF = "#/components/schemas/{model}"
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
CKAN_ERRORS = {400: "Bad request (unknown action, GET for a write, unparsable body, invalid search query)",
               403: "Authorization Error", 404: "Not Found Error", 409: "Validation Error",
               503: "Search Error (the search engine is unavailable)"}
CKAN_ERROR_SCHEMA: dict[str, Any] = {
    "title": "CkanError", "type": "object", "required": ["help", "success", "error"],
    "description": "CKAN's error envelope; a Validation Error also lists messages per field.",
    "properties": {
        "help": {"type": "string"}, "success": {"type": "boolean", "enum": [False]},
        "error": {"type": "object", "required": ["__type", "message"], "additionalProperties": True,
                  "properties": {"__type": {"type": "string"}, "message": {"type": "string"}}}},
}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any] | None]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _has_params(dependant: Dependant) -> bool:
    if dependant.path_params or dependant.query_params or dependant.header_params or dependant.body_params:
        return True
    return any(_has_params(sub) for sub in dependant.dependencies)


def error_codes(route: APIRoute | RouteContext, method: str) -> list[int]:
    """The error statuses this operation can answer, from what it depends on."""
    calls = set(_calls(route.dependant))
    has_body = route.body_field is not None
    stateful = get_container in calls
    codes = {400}  # any request may be malformed (a NUL in the path or query, an unparsable body)
    if _has_params(route.dependant):
        codes.add(422)
    if has_body:
        codes |= {413, 415}  # 415: a JSON body of another content type, or an upload of a refused type
    if get_principal in calls:
        codes.add(401)
    if require_user in calls:
        codes.add(403)
    if get_uow in calls and _has_params(route.dependant):
        codes.add(404)  # a path id, or a name in the query or body, that matches nothing visible
    elif route.dependant.path_params:
        codes.add(404)
    if stateful:
        codes.add(503)
        if method in _WRITES and get_uow in calls:
            codes.add(409)
    return sorted(codes)


def _json(model: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF.format(model=model)}}}


def _ckan(operation: dict[str, Any], method: str) -> None:
    """The CKAN facade answers its own envelope with CKAN's status codes (api/ckan.py)."""
    operation["operationId"] = f"ckan_action_{method.lower()}"  # one route, two methods: ids must differ
    responses = operation.setdefault("responses", {})
    responses["422"] = {"description": "A NUL (%00) in a parameter", "content": _json("ErrorBody")}
    for code, description in CKAN_ERRORS.items():
        responses[str(code)] = {"description": description, "content": _json("CkanError")}
    either = [{"$ref": _REF.format(model="CkanError")}, {"$ref": _REF.format(model="ErrorBody")}]
    responses["400"]["content"] = {"application/json": {"schema": {"anyOf": either}}}  # a NUL: before CKAN
    responses["413"] = {"description": "Request body too large", "content": _json("ErrorBody")}


def _complete(app: FastAPI, schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorBody.model_json_schema(ref_template=_REF)
    components.update(error_schema.pop("$defs", {}))
    components["ErrorBody"] = error_schema
    components["CkanError"] = CKAN_ERROR_SCHEMA
    for route in iter_route_contexts(app.routes):  # routers are included as contexts, not copied
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        optional = require_user not in set(_calls(route.dependant))  # a token is taken, not required
        for method in route.methods:
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            if "ckan" in (route.tags or []):
                _ckan(operation, method)
                continue
            for code, spec in openapi_responses(error_codes(route, method)).items():
                if code in route.responses or str(code) in route.responses:
                    continue
                operation.setdefault("responses", {})[str(code)] = {"description": spec["description"],
                                                                    "content": _json("ErrorBody")}
            if optional and operation.get("security"):
                operation["security"] = [{}, *operation["security"]]
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 body, replaced by ours
        rest = {name: value for name, value in components.items() if name != unused}
        if unused in components and f'schemas/{unused}"' not in json.dumps([schema["paths"], rest]):
            del components[unused]


def install(app: FastAPI) -> None:
    """Complete the generated document once, the first time it is asked for."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        if getattr(app.state, "openapi_completed", None) is not schema:
            _complete(app, schema)
            app.state.openapi_completed = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
