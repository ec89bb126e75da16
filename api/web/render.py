"""Rendering web pages: the Jinja environment, page responses, HTML error pages, safe fragments."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from pydantic import ValidationError
from starlette.types import Scope

from api.errors import STATUS, request_id_of
from api.web import codes, figures, security
from api.web.i18n import Translator, language_of
from catalogue import errors as domain
from catalogue.notifications import topics
from schemas.links import is_document_url

TEMPLATES = Path(__file__).parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_MARK = re.compile(r"(</?mark>)")


def highlight(fragment: str) -> Markup:
    """An engine's highlighted fragment (escaped text with <mark>): keep <mark>, escape all else."""
    out, depth = [], 0
    for part in _MARK.split(fragment):
        if part == "<mark>" and depth == 0:
            out.append("<mark>")
            depth = 1
        elif part == "</mark>" and depth == 1:
            out.append("</mark>")
            depth = 0
        else:
            out.append(str(escape(html.unescape(part))))
    if depth:
        out.append("</mark>")
    return Markup("".join(out))


def json_ld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block, unable to close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def paragraphs(text: str) -> Markup:
    """Plain text (Markdown source) as escaped paragraphs; line breaks kept."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("".join(f"<p>{escape(b)}</p>".replace("\n", "<br>") for b in blocks))


_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ý0-9«\"(])")


def steps(text: str) -> list[str]:
    """A procedure in plain words as its steps: one per line, else one per sentence."""
    lines = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1:
        return lines
    depth, parts, current = 0, [], ""
    for piece in _SENTENCE.split(lines[0] if lines else ""):
        current = f"{current} {piece}".strip()
        depth = current.count("(") - current.count(")")
        if depth <= 0:
            parts.append(current)
            current = ""
    return [*parts, current] if current else parts


def display(value: object) -> str:
    """A record value for people: texts as they are, lists joined, languages labelled."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):
        return " · ".join(f"{k}: {display(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    return str(value)


def page_link(notification: Any) -> str | None:
    """The page a notification leads to, from its topic (the same one its e-mail links to)."""
    return topics.page(notification.event, notification.topic, notification.link)


def query_url(path: str, params: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True, auto_reload=False)
env.filters.update(highlight=highlight, json_ld=json_ld, paragraphs=paragraphs, steps=steps,
                   page_link=page_link, display=display)
env.globals.update(query_url=query_url)
env.globals.update(coverage_timeline=figures.timeline, volume_figure=figures.volume)  # dataset_figures.html
env.globals.update(said=codes.word, reasons_of=codes.reasons, flags_of=codes.flags,  # the domain's coded words
                   audit_sentence=codes.sentence, separation_of=codes.separation)
env.tests["document_link"] = is_document_url  # only our paths and https URLs become links


def context(request: Request, **values: Any) -> dict[str, Any]:
    lang = language_of(request)
    t = Translator(lang)
    return {"request": request, "t": t, "lang": lang, "other_lang": "en" if lang == "fr" else "fr",
            "actor": security.current_principal(request), "csrf_token": lambda: security.csrf_token(request),
            "flashes": security.take_flashes(request), "path": request.url.path,
            "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""), **values}


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    body = env.get_template(template).render(context(request, **values))
    return HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)


def redirect(url: str) -> RedirectResponse:
    """After a POST, go to a page with GET (303), so reloading never sends the form again."""
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


def error_page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, domain.Unauthenticated):
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(query_url("/signin", [("next", here)]))
    if isinstance(exc, (RequestValidationError, ValidationError)):
        status, message = 422, _invalid_fields(exc)
    else:
        status = next((code for cls, code in STATUS if isinstance(exc, cls)), 500)
        message = getattr(exc, "message", None) or str(exc)
    response = render(request, "error.html", status_code=status, status=status, message=message,
                      request_id=request_id_of(request.scope), back=_back(request))
    if isinstance(exc, domain.TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _invalid_fields(exc: RequestValidationError | ValidationError) -> str:
    """Which fields were refused and why; never the error's repr (it quotes the input and our source)."""
    return "; ".join(f"{'.'.join(str(part) for part in error.get('loc', ())[-1:]) or 'input'}: {error.get('msg', '')}"
                     for error in exc.errors()[:5])


def _back(request: Request) -> str | None:
    """The page the visitor came from on this site, to go back to after a refusal (a form, a list)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if (referer.netloc != request.url.netloc or not referer.path.startswith("/")
            or referer.path.startswith(("//", "/\\")) or referer.path == request.url.path):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


_BARE_ERROR = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error {status}</title></head>"
               "<body><h1>Error {status}</h1><p>{message}</p><p>Request id: <code>{request_id}</code></p>"
               "<p><a href=\"/\">Home</a></p></body></html>")


def error_html(scope: Scope, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error page for an error met outside a page's handler (unknown page, body too large, a crash)."""
    request = Request(scope)
    request_id = request_id_of(scope)
    try:
        response: Response = render(request, "error.html", status_code=status, status=status, message=message,
                                    request_id=request_id, back=_back(request))
    except Exception:  # noqa: BLE001 - the page itself may need what failed (e.g. the database)
        response = HTMLResponse(_BARE_ERROR.format(status=status, message=escape(message),
                                                   request_id=escape(request_id or "")),
                                status_code=status, headers=SECURITY_HEADERS)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class WebRoute(APIRoute):
    """Web routes answer errors with an HTML page in the visitor's language, not a JSON body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except (domain.DomainError, RequestValidationError, ValidationError) as exc:
                return error_page(request, exc)
            except Exception as exc:
                if any(isinstance(exc, cls) for cls, _ in STATUS):  # engines unavailable: 503
                    return error_page(request, exc)
                raise

        return handle
