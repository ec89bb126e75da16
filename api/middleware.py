"""Pure ASGI middleware around the whole app: request ids, the last-resort 500, request-body limits.

Order (outermost first): RequestContext -> BodyLimit -> RefuseNul -> the rest (web session, RDF negotiation,
routing). Both are plain ASGI callables, not BaseHTTPMiddleware: they never buffer a body, and an
error raised in a route reaches them unchanged.
"""

from __future__ import annotations

import logging
import re
import uuid
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response, is_web_path
from api.web.security import COOKIE as SESSION_COOKIE
from catalogue.settings import Settings

log = logging.getLogger("api.errors")

REQUEST_ID_HEADER = "x-request-id"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the small form fields beside the file
# Routes that take an upload; all need a signed-in caller, so an anonymous upload is refused unread.
UPLOAD_PATHS = re.compile(r"^/api/v1/(?:datasets/[^/]+/documents|access-requests/[^/]+/attachments)/?$")
WEB_UPLOAD_PATHS = re.compile(r"^/(?:workspace/datasets/[^/]+/documents|requests/[^/]+/attachments)/?$")


class RequestContext:
    """Give every request an id (a sane incoming X-Request-ID, else a new one), echo it in the
    response, and turn any unhandled exception into a logged 500 with the project's error body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        scope["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error, request_id=%s %s %s", request_id, scope.get("method"), scope.get("path"))
            if started:
                raise  # the response is half sent: only the server can end it now
            response = error_response(scope, 500, "internal_error",
                                      "an unexpected error occurred; quote the request id when reporting it")
            await response(scope, receive, send_with_id)


class RefuseNul:
    """A NUL character names nothing and no database stores it (PostgreSQL refuses the statement).

    In the path: 400. In the query string of an API call: 422 naming the parameter. Web pages take
    their query strings as they come (the search page drops bad values with a notice).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            response = None
            query = scope.get("query_string", b"")
            if "\x00" in scope["path"]:
                response = error_response(scope, 400, "bad_request", "the path holds a NUL character",
                                          [{"field": "path", "message": "NUL (%00) is not allowed"}])
            elif (b"%00" in query or b"\x00" in query) and not is_web_path(scope["path"]):
                names = sorted({name for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True)
                                if "\x00" in name or "\x00" in value})
                details = [{"field": name.replace("\x00", "\\0"), "message": "NUL (%00) is not allowed"}
                           for name in names]
                response = error_response(scope, 422, "validation_failed",
                                          f"{', '.join(d['field'] for d in details)}: NUL (%00) is not allowed",
                                          details)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit; FastAPI re-raises HTTP errors."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


def _may_upload(scope: Scope, headers: Headers) -> bool:
    """False for an upload route called with no credentials at all (a token or a session cookie)."""
    if UPLOAD_PATHS.match(scope["path"]):
        return "authorization" in headers
    if WEB_UPLOAD_PATHS.match(scope["path"]):
        return f"{SESSION_COOKIE}=" in headers.get("cookie", "")
    return True


def body_limit(scope: Scope, headers: Headers) -> int:
    """Uploads (multipart) up to the upload size plus form overhead; every other body much less."""
    container = getattr(scope["app"].state, "container", None)
    settings = container.settings if container is not None else Settings()
    if headers.get("content-type", "").lower().startswith("multipart/form-data"):
        return settings.max_upload_bytes + MULTIPART_OVERHEAD
    return settings.max_body_bytes


class BodyLimit:
    """Refuse a request body over its limit before anything parses or spools it.

    A declared Content-Length over the limit is answered 413 without reading a byte; a chunked
    body is counted as it streams and cut at the limit. An upload without credentials is answered
    before its body is read: 401 on the API, the sign-in page on the web.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = body_limit(scope, headers)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await error_response(scope, 400, "bad_request", "Content-Length must be a number of bytes",
                                     [{"field": "Content-Length", "message": "not a number"}])(scope, receive, send)
                return
            if int(declared) > limit:
                await self._too_large(scope, receive, send, limit)
                return
        if headers.get("content-type", "").lower().startswith("multipart/") and not _may_upload(scope, headers):
            await self._anonymous_upload(scope, receive, send)
            return
        await self._streamed(scope, receive, send, limit)

    @staticmethod
    async def _anonymous_upload(scope: Scope, receive: Receive, send: Send) -> None:
        if UPLOAD_PATHS.match(scope["path"]):
            response = error_response(scope, 401, "unauthenticated",
                                      "sign in first: send an API token in the Authorization header",
                                      headers={"WWW-Authenticate": "Bearer"})
        else:  # a web page: to the sign-in form, as for any page that needs it
            response = RedirectResponse(f"/signin?{urlencode({'next': scope['path']})}", status_code=303)
        await response(scope, receive, send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # whatever a layer made of the cut body (a 400, a page), the answer is our 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._too_large(scope, receive, send, limit)

    @staticmethod
    async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = error_response(scope, 413, "too_large", f"the request body is larger than {limit} bytes",
                                  [{"field": "body", "message": f"at most {limit} bytes"}])
        await response(scope, receive, send)
