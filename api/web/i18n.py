"""French and English for the web pages: message catalogues, the choice of language, labels.

Messages live in `locales/<lang>.json` (flat keys, `{name}` placeholders). The language is the
`mmd_lang` cookie set by the switch, else the best match of the browser's Accept-Language,
else French. Codes of the exchange format are shown through `label(vocabulary, code)`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from starlette.requests import Request

from schemas import iso

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
COOKIE = "mmd_lang"
LOCALES = Path(__file__).parent / "locales"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def negotiate(accept_language: str | None) -> str:
    """The supported language the browser prefers most (q-values honoured), else French."""
    best, best_q = DEFAULT, -1.0
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        q -= position * 1e-6  # equal weights: the first listed wins
        if lang in LANGUAGES and q > 0 and q > best_q:
            best, best_q = lang, q
    return best


def language_of(request: Request) -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return negotiate(request.headers.get("accept-language"))


@lru_cache(maxsize=4)
def _countries(lang: str) -> gettext.NullTranslations:
    """pycountry's translations of the ISO 3166-1 names (English: the names themselves)."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


class Translator:
    """`t("key", name=value)` and `label("vocabulary", code)` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.messages = catalogue(lang)
        self.fallback = catalogue(DEFAULT)

    def __call__(self, key: str, **params: Any) -> str:
        text = self.messages.get(key) or self.fallback.get(key) or key
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in self.messages

    def label(self, vocabulary: str, code: object) -> str:
        key = f"{vocabulary}.{code}"
        return self.messages.get(key) or self.fallback.get(key) or str(code)

    def labels(self, vocabulary: str, codes: list[str] | None, empty: str = "", sep: str = ", ") -> str:
        """Codes of a vocabulary as their labels, joined by `sep` (`empty` when there are none)."""
        return sep.join(self.label(vocabulary, code) for code in codes or []) or empty

    def coded(self, path: str, value: object, vocabularies: dict[str, str]) -> object:
        """A record value at `path` with its codes as labels (a revision's before and after): a field of a
        vocabulary (`vocabularies`: path -> vocabulary), places and legal bases; any other value as it is."""
        if value is None or value == []:
            return value
        if path == "population.geography":
            return self.places(value if isinstance(value, list) else [str(value)])
        vocabulary = "legal_basis" if path == "access.legal_bases" else vocabularies.get(path)
        if vocabulary is None:
            return value
        if isinstance(value, list):
            return self.labels(vocabulary, [str(v) for v in value])
        return self.label(vocabulary, str(value).lower() if isinstance(value, bool) else value)

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

    def place(self, code: str) -> str:
        """An ISO 3166 place by name: a country in the page language ("DE": "Allemagne" / "Germany"), a
        subdivision by its own name ("FR-IDF": "Île-de-France"); an unknown code as it is."""
        if found := iso.subdivision(code):
            return str(found.name)
        if found := iso.country(code):
            return _countries(self.lang).gettext(str(found.name))
        return code

    def places(self, codes: list[str] | None, sep: str = ", ") -> str:
        return sep.join(self.place(code) for code in codes or [])

    def language_of(self, value: object) -> str | None:
        """The language `text(value)` shows a multilingual value in, when it is not the page's (for a lang
        attribute: content that exists in another language only); None when it is the page's or unknown."""
        if not isinstance(value, dict):
            return None
        shown = self._shown(value)
        return None if shown in (None, self.lang) else shown

    def texts(self, value: object) -> list[str]:
        """One language of a multilingual list."""
        if isinstance(value, dict):
            for key in (self.lang, "fr", "en"):
                if value.get(key):
                    return list(value[key])
            return next((list(v) for v in value.values() if v), [])
        return list(value or [])

    def number(self, value: int | float | None) -> str:
        if value is None:
            return "—"
        text = f"{value:,}"  # 1,234.5: French groups with a narrow space and marks decimals with a comma
        return text.replace(",", "\u202f").replace(".", ",") if self.lang == "fr" else text

    def date(self, value: Any) -> str:
        """A day in words ("1er janvier 2017", "1 January 2017"); a record's ISO text ("2017-01-01") too."""
        if value is None:
            return "—"
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day[:10])
            except ValueError:
                return day  # not a date: shown as stored
        months = self("months").split(",")
        if self.lang == "fr":
            return f"{'1er' if day.day == 1 else day.day} {months[day.month - 1]} {day.year}"
        return f"{day.day} {months[day.month - 1]} {day.year}"
