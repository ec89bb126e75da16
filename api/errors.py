"""The one table mapping domain errors to HTTP, and the one error body shape.

Body: {"error": {"code": "<stable machine code>", "message": "...", "details": [...], "request_id": "..."}}
Web pages (paths outside the API) get the same error as an HTML page instead.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from catalogue import errors as domain
from catalogue.objects.port import ObjectStoreUnavailable
from schemas.errors import describe, summary
from search.port import SearchUnavailable

STATUS: list[tuple[type[Exception], int]] = [
    (domain.NotFound, 404),
    (domain.Unauthenticated, 401),
    (domain.Forbidden, 403),
    (domain.Conflict, 409),  # includes InvalidTransition and stale versions
    (domain.ValidationFailed, 422),
    (domain.TooLarge, 413),
    (domain.UnsupportedMedia, 415),
    (domain.TooManyRequests, 429),  # carries Retry-After
    (SearchUnavailable, 503),
    (ObjectStoreUnavailable, 503),
]
HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}
# Paths answered in JSON even for a browser: the APIs, the RDF exports, health and the API docs.
_MACHINE_PATHS = re.compile(r"^/(?:api/|health|openapi\.json|docs|redoc|static/|catalog\.)|\.(?:ttl|jsonld|rdf)$")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    field: str = Field(description="the input at fault: a dotted path, a parameter or header name")
    message: str


class ErrorInfo(BaseModel):
    code: str = Field(description="stable and machine-readable, e.g. not_found, validation_failed")
    message: str
    details: list[ErrorDetail] | None = None
    request_id: str = Field(description="also in the X-Request-ID response header; quote it when reporting")


class ErrorBody(BaseModel):
    """Every error of the API has this body."""

    error: ErrorInfo


def request_id_of(scope: Scope) -> str | None:
    return scope.get("request_id")


def error_body(code: str, message: str, details: object | None = None, request_id: str | None = None) -> dict:
    body: dict = {"code": code, "message": message}
    if details:
        body["details"] = details
    if request_id:
        body["request_id"] = request_id
    return {"error": body}


def is_web_path(path: str) -> bool:
    """Pages for people (HTML errors), as opposed to the API and machine-readable exports."""
    return not _MACHINE_PATHS.search(path)


def wants_html(scope: Scope) -> bool:
    """A browser on a web page (it asks for HTML); API clients and exports get the JSON body."""
    return is_web_path(scope.get("path", "")) and "text/html" in Headers(scope=scope).get("accept", "")


def error_response(scope: Scope, status: int, code: str, message: str, details: object | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """The error as JSON body, or as the HTML error page for a browser on a web page."""
    if wants_html(scope):
        from api.web.render import error_html  # the web layer imports this module

        return error_html(scope, status, message, headers)
    body = error_body(code, message, details, request_id_of(scope))
    return JSONResponse(body, status_code=status, headers=headers)


def _respond(request: Request, status: int, code: str, message: str, details: object | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details, request_id_of(request.scope)), status_code=status,
                        headers=headers)


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    status = next(code for cls, code in STATUS if isinstance(exc, cls))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, domain.TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, domain.DomainError):
        return _respond(request, status, exc.code, exc.message, exc.details, headers)
    return _respond(request, status, "unavailable", str(exc) or "a backing service is unavailable")


def _not_json(request: Request, exc: Exception) -> bool:
    """A JSON body sent with another content type: FastAPI then validates the raw bytes and fails."""
    if not isinstance(exc, RequestValidationError):
        return False
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    json_media = media == "application/json" or media.endswith("+json")
    return not json_media and any(tuple(err.get("loc", ())) == ("body",) and err.get("type") != "missing"
                                  for err in exc.errors())


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    if _not_json(request, exc):
        return _respond(request, 415, "unsupported_media_type",
                        "send the body as JSON (Content-Type: application/json)",
                        [{"field": "Content-Type", "message": "expected application/json"}])
    items = describe(exc) if isinstance(exc, ValidationError) else _request_items(exc)
    return _respond(request, 422, "validation_failed", summary(items), items)


def _request_items(exc: RequestValidationError) -> list[dict[str, str]]:
    from schemas.errors import field_path

    items = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = "unknown field"
        if err.get("type") == "json_invalid":  # loc is ("body", <character position>)
            where = err.get("loc", ("body", 0))[-1]
            error = (err.get("ctx") or {}).get("error", "malformed")
            items.append({"field": "body", "message": f"not valid JSON: {error} (character {where})"})
            continue
        items.append({"field": field_path(tuple(err.get("loc", ()))), "message": message})
    return items


def _body_problem(exc: HTTPException) -> tuple[str, list[dict[str, str]] | None]:
    """Why FastAPI could not parse a body (it raises a bare 400 whose cause says why)."""
    cause = exc.__cause__
    if isinstance(cause, RecursionError):
        return "the JSON body is nested too deeply", [{"field": "body", "message": "nested too deeply"}]
    if isinstance(cause, UnicodeDecodeError):
        return "the body is not valid UTF-8", [{"field": "body", "message": "not valid UTF-8"}]
    if cause is not None:
        return "the body could not be parsed", [{"field": "body", "message": "malformed"}]
    return str(exc.detail), None


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message, details = _body_problem(exc) if exc.status_code == 400 else (str(exc.detail), None)
    return error_response(request.scope, exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"), message,
                          details, headers=getattr(exc, "headers", None))


def install(app: FastAPI) -> None:
    for cls, _ in STATUS:
        app.add_exception_handler(cls, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)


# --- OpenAPI: what each kind of operation may answer besides success -----------------------------

_DESCRIPTIONS = {
    400: "Malformed request (unparsable body or header, a NUL in the path or query)",
    401: "No valid token: send `Authorization: Bearer <token>`",
    403: "Signed in, but not allowed to do this",
    404: "Not found, or not visible to you",
    409: "Conflict: stale version (If-Match) or not possible in the current state",
    413: "Request body too large",
    415: "Unsupported file type",
    422: "Invalid input: `details` names each field and the reason",
    429: "Too many attempts: wait the seconds the Retry-After header gives",
    503: "A backing service (database, search, object store) is unavailable",
}


def openapi_responses(codes: list[int]) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries with the error body for each status code."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}
