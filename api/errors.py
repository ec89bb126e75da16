"""The one table mapping domain errors to HTTP, and the one error body shape.

Body: {"error": {"code": "<stable machine code>", "message": "...", "details": [...]}}
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

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


def error_body(code: str, message: str, details: object | None = None) -> dict:
    body: dict = {"code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def _respond(status: int, code: str, message: str, details: object | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    status = next(code for cls, code in STATUS if isinstance(exc, cls))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, domain.TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, domain.DomainError):
        return _respond(status, exc.code, exc.message, exc.details, headers)
    return _respond(status, "unavailable", str(exc) or "a backing service is unavailable")


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    items = describe(exc) if isinstance(exc, ValidationError) else _request_items(exc)
    return _respond(422, "validation_failed", summary(items), items)


def _request_items(exc: RequestValidationError) -> list[dict[str, str]]:
    from schemas.errors import field_path

    items = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = "unknown field"
        items.append({"field": field_path(tuple(err.get("loc", ()))), "message": message})
    return items


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated", 403: "forbidden"}
    return _respond(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                    headers=getattr(exc, "headers", None))


def install(app: FastAPI) -> None:
    for cls, _ in STATUS:
        app.add_exception_handler(cls, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
