"""Refusals in the visitor's words: what the domain refused, said in the page's language, and where.

The domain raises errors with a stable `code` and `params` (the facts, not words: the action, the
state, the kinds missing…); pydantic names each invalid input with an error `type` and its context.
This module turns both into messages of the page's catalogue, so a refused action is explained on
the page where it was tried, next to the form and its values (never a separate error page):

- `explain(exc, t)`: one sentence saying what happened and what to do next. Keys are tried from the
  most specific to the most general: `refusal.<code>.<case>`, `refusal.<code>`, then the same for
  each parent class's code (an `opinions_pending` is a `conflict`), then `refusal.error`.
- `field_messages(exc, t)`: {input name: message} for the inputs concerned. A pydantic error type
  or a domain `case` with a catalogue entry is worded by the catalogue; anything else keeps the
  domain's English words, marked as such (`english`) so the page sets their `lang`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import STATUS
from api.web import codes
from api.web.codes import Message
from api.web.i18n import Translator
from catalogue import errors as domain

# How each domain parameter is written in a sentence (pinned by tests/web/test_refusals.py).
PARAMS: dict[str, Callable[[Translator, Any], str]] = {
    "action": lambda t, v: t.label("action", v),
    "status": lambda t, v: t.label("request_status", v),
    "milestones": lambda t, v: t.labels("milestone_kind", list(v)),
    "attachments": lambda t, v: t.labels("attachment_kind", list(v)),
    "datasets": lambda t, v: ", ".join(str(d) for d in v),
    "limit": lambda t, v: t("refusal.megabytes", n=t.number(round(int(v) / 1_000_000, 1))),
    "until": lambda t, v: t.date(v) if isinstance(v, (dt.date, str)) else "—",
}

# pydantic error types -> messages of the form catalogue (`form.error.<key>`, with the error's context)
PYDANTIC: dict[str, str] = {
    "missing": "missing", "string_too_short": "too_short", "too_short": "choose_one",
    "int_parsing": "integer", "int_type": "integer", "int_from_float": "integer",
    "greater_than_equal": "min", "less_than_equal": "max", "greater_than": "min", "less_than": "max",
    "date_parsing": "date", "date_from_datetime_parsing": "date", "date_type": "date",
    "literal_error": "choice", "enum": "choice", "bool_parsing": "choice",
    "string_too_long": "too_long", "too_long": "too_long", "string_pattern_mismatch": "pattern",
}


@dataclass
class Refusal:
    """A refused form, shown again on its page: which form, the sentence, the inputs, what was typed."""

    form: str
    status: int
    message: str
    fields: dict[str, Message] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)


def _codes(exc: BaseException) -> list[str]:
    """The refusal's code, then its parents' codes (most specific first)."""
    out = [getattr(exc, "code", None)] + [getattr(cls, "code", None) for cls in type(exc).__mro__[1:]]
    return [code for code in dict.fromkeys(out) if isinstance(code, str)]


def _words(t: Translator, params: Mapping[str, Any]) -> dict[str, str]:
    return {name: PARAMS[name](t, value) if name in PARAMS else str(value) for name, value in params.items()}


def explain(exc: BaseException, t: Translator) -> str:
    """What happened and what to do next, in the page's language (see the module's docstring)."""
    if isinstance(exc, ValidationError):
        return t("refusal.validation_failed")
    params = getattr(exc, "params", {}) or {}
    case = params.get("case")
    for code in _codes(exc):
        for key in ([f"refusal.{code}.{case}"] if case else []) + [f"refusal.{code}"]:
            if t.has(key):
                return t(key, **_words(t, params))
    return t("refusal.error")


def field_messages(exc: BaseException, t: Translator) -> dict[str, Message]:
    """{input: message} for each input the refusal names (the first part of its path: `team[2].email`
    is the `team` input); several problems of one input are joined."""
    items: list[tuple[str, Message]] = []
    if isinstance(exc, ValidationError):
        for err in exc.errors(include_url=False):
            key = PYDANTIC.get(err["type"], "")
            context = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (int, float, str))}
            if key == "choose_one" and context.get("field_type") != "List":
                key = "too_short"  # a constrained text (Line, Text) says too_short of a "Value"
            if key == "too_long" and context.get("field_type") == "List":
                key = "too_many"
            if key == "too_short" and context.get("min_length", 1) <= 1:
                key = "missing"
            message = (Message(t(f"form.error.{key}", **context)) if key and t.has(f"form.error.{key}")
                       else Message(str(err["msg"]).removeprefix("Value error, "), english=True))
            # our own models' errors: the first part of the location is the input (even one named "body")
            items.append((str(err["loc"][0]) if err["loc"] else "form", message))
    elif isinstance(exc, domain.DomainError):
        for detail in exc.details if isinstance(exc.details, list) else []:
            if not isinstance(detail, dict) or "field" not in detail:
                continue
            # the rule an input broke: named on the item itself, or by the refusal when it is about that input
            own = detail["field"] == exc.params.get("field")
            case = detail.get("case") or (exc.params.get("case") if own else None)
            key = f"refusal.field.{case}"
            items.append((str(detail["field"]), Message(t(key)) if case and t.has(key) else codes.word(t, detail)))
    out: dict[str, Message] = {}
    for path, message in items:
        name = path.split("[")[0].split(".")[0] or "form"
        if name not in out:
            out[name] = message
        elif message.text not in out[name].text:
            out[name] = Message(f"{out[name].text} {message.text}", out[name].english or message.english)
    return out


def status_of(exc: BaseException) -> int:
    """The HTTP status a refused form is shown again with (the REST API's mapping)."""
    if isinstance(exc, ValidationError):
        return 422
    return next((code for cls, code in STATUS if isinstance(exc, cls)), 400)


def refusal(exc: BaseException, t: Translator, form: str, values: Mapping[str, str]) -> Refusal:
    return Refusal(form=form, status=status_of(exc), message=explain(exc, t), fields=field_messages(exc, t),
                   values=values)


def typed(form: FormData) -> dict[str, str]:
    """What a form sent, to fill it again after a refusal (texts only: never a file, never the token)."""
    return {name: value for name, value in form.multi_items() if isinstance(value, str) and name != "csrf_token"}
