"""What notifications say, in the recipient's language.

A notification is asked for as messages, `Msg("request.decided.body", id=…, verdict=Msg("verdict.reject"))`:
a stable key of the notifications catalogues (`locales/<lang>/LC_MESSAGES/notifications.po`) and its
parameters. `notify` writes them once per recipient, in the language the recipient uses (`users.lang`,
else French), and keeps the finished text with its language: what was sent is what the inbox shows.

A parameter is written for the recipient's language: a message in its words, a day in words ("1er mars
2027"), a multilingual value (a dataset title) in that language when it has it, a `Written` by its own
function; an integer `n` picks the plural form. Text a person typed (a reason, a message) goes in as a
parameter or a paragraph of its own, never as a key, and is kept as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.messages import Catalogues, Writer, language

NOTIFICATIONS = Catalogues(Path(__file__).parent / "locales", "notifications")


@dataclass(frozen=True)
class Msg:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def msg(key: str, **params: Any) -> Msg:
    return Msg(key, params)


@dataclass(frozen=True)
class Written:
    """A parameter written by a function of the recipient's Writer (e.g. a list of titles in their language)."""
    write: Callable[[Writer], str]


Paragraph = Msg | str  # a str is a person's own text, kept as typed
Body = Paragraph | Sequence[Paragraph]


def writer(lang: str | None) -> Writer:
    return Writer(NOTIFICATIONS, language(lang))


def _param(w: Writer, value: Any) -> Any:
    if isinstance(value, Msg):
        return write(w, value)
    if isinstance(value, Written):
        return value.write(w)
    if isinstance(value, dt.date):
        return w.date(value)
    if isinstance(value, dict):
        return w.text(value)
    return value


def write(w: Writer, message: Paragraph) -> str:
    if isinstance(message, str):
        return message
    return w(message.key, **{name: _param(w, value) for name, value in message.params.items()})


def write_body(w: Writer, body: Body) -> str:
    paragraphs = [body] if isinstance(body, (Msg, str)) else list(body)
    return "\n\n".join(write(w, p) for p in paragraphs)
