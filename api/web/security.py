"""Web sessions in a signed cookie, CSRF tokens, and who is signed in.

The cookie holds the id of a server-side session (catalogue.accounts.sessions: only its hash is
stored, sign-out revokes it, so a session ends for real), a CSRF token and one-shot flash messages.
The id is not an API token: the REST API refuses it, and API calls authenticate with a bearer token
only, so cookies cannot drive them (no CSRF there). The cookie is signed with the settings' secret
key, HttpOnly, SameSite=Lax, and Secure when the catalogue's base URL is HTTPS. The Cookie header
is read with Starlette's tolerant parser: another site cookie that is not strictly formatted
(`prefs={"a": 1}`, `theme=dark mode`) must not hide ours.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from catalogue.accounts import identify, sessions
from catalogue.errors import DomainError, Forbidden
from catalogue.principal import ANONYMOUS, Principal

COOKIE = "mmd_session"
MAX_AGE = int(sessions.TTL.total_seconds())  # the server-side session ends at the same time
SALT = "meetmydata.web.session"
SKIPPED = ("/api/", "/static/", "/health", "/docs", "/openapi.json", "/redoc")


class Session(dict):
    """The session's content; `modified` tells the middleware to write the cookie back."""

    modified = False

    def __setitem__(self, key: str, value: Any) -> None:
        self.modified = True
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:  # type: ignore[override]
        self.modified = self.modified or key in self
        return super().pop(key, *default)

    def clear(self) -> None:
        self.modified = True
        super().clear()


def _serializer(app: Any) -> URLSafeTimedSerializer:
    cached = getattr(app.state, "web_serializer", None)
    if cached is None:
        key = app.state.container.settings.effective_secret_key()
        cached = app.state.web_serializer = URLSafeTimedSerializer(key, salt=SALT)
    return cached


class WebSessionMiddleware:
    """Loads the session for web pages and writes it back when it changed (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(SKIPPED):
            await self.app(scope, receive, send)
            return
        serializer = _serializer(scope["app"])
        cookies = cookie_parser(dict(scope.get("headers", [])).get(b"cookie", b"").decode("latin-1"))
        session = Session()
        if COOKIE in cookies:
            try:
                session.update(serializer.loads(cookies[COOKIE], max_age=MAX_AGE))
            except (BadSignature, ValueError, TypeError):
                session.modified = True  # tampered or expired: replace it
        scope["web_session"] = session
        secure = scope["app"].state.container.settings.base_url.startswith("https://")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.modified:
                headers = MutableHeaders(scope=message)
                flags = f"Path=/; HttpOnly; SameSite=Lax{'; Secure' if secure else ''}"
                if session:
                    value = serializer.dumps(dict(session))
                    headers.append("Set-Cookie", f"{COOKIE}={value}; Max-Age={MAX_AGE}; {flags}")
                else:
                    headers.append("Set-Cookie", f"{COOKIE}=; Max-Age=0; {flags}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def session_of(request: Request) -> Session:
    return request.scope.setdefault("web_session", Session())


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (every form carries it)."""
    session = session_of(request)
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


class CsrfRefused(Forbidden):
    code = "csrf_refused"


def check_csrf(request: Request, submitted: object) -> None:
    """Refuse a POST whose token is not this session's, or that comes from another site."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise CsrfRefused("this form was sent from another site")
    expected = session_of(request).get("csrf")
    if not expected or not isinstance(submitted, str) or not hmac.compare_digest(expected, submitted):
        raise CsrfRefused("the form has expired or did not come from this site: reload the page and try again")


def flash(request: Request, key: str, kind: str = "success", **params: Any) -> None:
    """A message shown once on the next page (after a redirect)."""
    session = session_of(request)
    session["flash"] = [*session.get("flash", []), {"kind": kind, "key": key, "params": params}]


def take_flashes(request: Request) -> list[dict[str, Any]]:
    session = session_of(request)
    return session.pop("flash", []) if "flash" in session else []


def sign_in(request: Request, session_id: str) -> None:
    """Start a fresh session (new CSRF token) bound to a server-side session."""
    session = session_of(request)
    flashes = session.get("flash", [])
    session.clear()
    session.update(sid=session_id, csrf=secrets.token_urlsafe(32), flash=flashes)


def session_id(request: Request) -> str | None:
    return session_of(request).get("sid")


def current_principal(request: Request) -> Principal:
    """The signed-in user, or anonymous; a revoked or expired session is dropped."""
    if "principal" in request.scope:
        return request.scope["principal"]
    session = session_of(request)
    principal = ANONYMOUS
    for legacy in ("token", "token_id"):  # cookies from before server-side sessions: signed out
        session.pop(legacy, None)
    if raw := session.get("sid"):
        container = request.app.state.container
        try:
            with container.uow() as uow:
                principal = identify.by_session(uow, str(raw))
        except DomainError:
            session.pop("sid", None)
    request.scope["principal"] = principal
    return principal
