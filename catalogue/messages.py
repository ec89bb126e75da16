"""Texts in French and English, from gettext catalogues read with Babel.

A set of catalogues is a directory `<root>/<lang>/LC_MESSAGES/<domain>.po`: the msgid is a stable key
("request.submitted.subject"), the msgstr the text with `{name}` placeholders; counts have CLDR plural
forms. The .po files are read as they are (no build step, nothing generated in git). The web pages
(api.web.i18n, domain "messages") and the notifications (catalogue.notifications.texts, domain
"notifications") each have their own set; `Writer` writes one language of a set, with numbers and dates
of its locale.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("fr", "en")
DEFAULT = "fr"  # the product's language: pages and messages of someone whose language is not known


def language(code: object) -> str:
    """A supported language, else the default: what a stored or declared preference is read as."""
    return code if isinstance(code, str) and code in LANGUAGES else DEFAULT


def _forms(string: object) -> tuple[str, ...]:
    """The plural forms of a count's message (Babel types a message's string loosely)."""
    return tuple(string) if isinstance(string, (list, tuple)) else (str(string),)


class Catalogues:
    """The .po catalogues of one domain, each read once."""

    def __init__(self, root: Path, domain: str) -> None:
        self.root, self.domain = root, domain
        self._po: dict[str, Catalog] = {}
        self._compiled: dict[str, Translations] = {}
        self._texts: dict[str, dict[str, str]] = {}
        self._plurals: dict[str, dict[str, tuple[str, ...]]] = {}

    def path(self, lang: str) -> Path:
        return self.root / lang / "LC_MESSAGES" / f"{self.domain}.po"

    def po(self, lang: str) -> Catalog:
        if lang not in self._po:
            with self.path(lang).open("rb") as file:
                self._po[lang] = read_po(file, locale=lang)
        return self._po[lang]

    def compiled(self, lang: str) -> Translations:
        """The catalogue compiled in memory, for gettext's plural choice (the catalogue's Plural-Forms)."""
        if lang not in self._compiled:
            buffer = io.BytesIO()
            write_mo(buffer, self.po(lang))
            buffer.seek(0)
            self._compiled[lang] = Translations(buffer, domain=self.domain)
        return self._compiled[lang]

    def texts(self, lang: str) -> dict[str, str]:
        """Key -> text, in file order; a count's text is its general plural form (checks and tests read this)."""
        if lang not in self._texts:
            texts: dict[str, str] = {}
            for message in self.po(lang):
                if not message.id:
                    continue  # the header
                if message.pluralizable:
                    texts[message.id[0]] = _forms(message.string)[-1]
                else:
                    texts[str(message.id)] = str(message.string)
            self._texts[lang] = texts
        return self._texts[lang]

    def plurals(self, lang: str) -> dict[str, tuple[str, ...]]:
        """Key -> its plural forms, in the catalogue's order, for the messages that are counts."""
        if lang not in self._plurals:
            self._plurals[lang] = {message.id[0]: _forms(message.string)
                                   for message in self.po(lang) if message.id and message.pluralizable}
        return self._plurals[lang]


class Writer:
    """`w("key", name=value)` in one language of a set of catalogues, with its locale's numbers and dates."""

    def __init__(self, catalogues: Catalogues, lang: str) -> None:
        self.catalogues = catalogues
        self.lang = lang
        self.messages = catalogues.texts(lang)
        self.fallback = catalogues.texts(DEFAULT)
        self.counts = catalogues.plurals(lang)

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    def __call__(self, key: str, **params: Any) -> str:
        """A message with its placeholders filled; a count (`n`, an integer) picks its plural form and is
        written as a number of the locale. A key no catalogue has is returned as it is."""
        n = params.get("n")
        if key in self.counts and isinstance(n, int) and not isinstance(n, bool):
            text = self.catalogues.compiled(self.lang).ngettext(key, key, n)
            params = {**params, "n": self.number(n)}
        else:
            text = self.messages.get(key) or self.fallback.get(key) or key
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in self.messages

    def number(self, value: int | float | None) -> str:
        """A number of the locale: "1 234,5" (narrow no-break spaces) in French, "1,234.5" in English."""
        if value is None:
            return "—"
        return format_decimal(value, locale=self.locale)

    def date(self, value: Any) -> str:
        """A day in words with CLDR's month names ("1er janvier 2017", "1 January 2017"); a record's ISO text too."""
        if value is None:
            return "—"
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day[:10])
            except ValueError:
                return day  # not a date: shown as stored
        if self.lang == "fr" and day.day == 1:  # French writes the first of the month as an ordinal
            return "1er " + format_date(day, "MMMM y", locale=self.locale)
        return format_date(day, "d MMMM y", locale=self.locale)

    def _shown(self, value: dict[str, Any]) -> str | None:
        """The language a multilingual value is shown in: ours, else French, else English, else any it has."""
        for key in (self.lang, "fr", "en"):
            if value.get(key):
                return key
        return next((key for key, v in value.items() if v), None)

    def text(self, value: object) -> str:
        """One language of a multilingual value (see `_shown`)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            key = self._shown(value)
            return "" if key is None else str(value[key])
        return str(value)
