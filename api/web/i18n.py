"""French and English for the web pages: message catalogues, the choice of language, labels.

Messages live in gettext catalogues, `locales/<lang>/LC_MESSAGES/messages.po`, that translators' tools
read: the msgid is a stable key ("refusal.title"), the msgstr the text with `{name}` placeholders;
counts have CLDR plural forms. Babel reads them at start-up and does the rest: the choice of
language (the `mmd_lang` cookie set by the switch, else the best match of the browser's
Accept-Language, else French), numbers, dates and sizes in the page's locale. Codes of the exchange
format are shown through `label(vocabulary, code)`. `scripts/i18n_check.py` finds missing messages.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import negotiate_locale
from babel.messages.catalog import Catalog
from babel.units import format_unit
from starlette.requests import Request

from catalogue.messages import DEFAULT, LANGUAGES, Catalogues, Writer
from schemas import iso

__all__ = ["DEFAULT", "LANGUAGES", "Translator", "catalogue", "language_of", "negotiate", "plurals", "po"]
COOKIE = "mmd_lang"
LOCALES = Path(__file__).parent / "locales"
_UNITS = ((10**9, "digital-gigabyte"), (10**6, "digital-megabyte"), (10**3, "digital-kilobyte"))


WEB = Catalogues(LOCALES, "messages")


def po_path(lang: str) -> Path:
    return WEB.path(lang)


def po(lang: str) -> Catalog:
    """The gettext catalogue of a language, read once: the .po itself, so a clean clone needs no build step."""
    return WEB.po(lang)


def catalogue(lang: str) -> dict[str, str]:
    """Key -> text, in file order; a count's text is its general plural form (checks and tests read this)."""
    return WEB.texts(lang)


def plurals(lang: str) -> dict[str, tuple[str, ...]]:
    """Key -> its plural forms, in the catalogue's order, for the messages that are counts."""
    return WEB.plurals(lang)


def _weighted(accept_language: str) -> list[str]:
    """The tags of an Accept-Language header, most wanted first (equal weights: as listed); q=0 or a bad q drops one."""
    tags: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag.strip() and q > 0:
            tags.append((-q, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(tags)]


def negotiate(accept_language: str | None) -> str:
    """The supported language the browser prefers most (q-values honoured; "en-GB" matches "en"), else French."""
    return negotiate_locale(_weighted(accept_language or ""), LANGUAGES, sep="-") or DEFAULT


def language_of(request: Request) -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return negotiate(request.headers.get("accept-language"))


@lru_cache(maxsize=4)
def _countries(lang: str) -> gettext.NullTranslations:
    """pycountry's translations of the ISO 3166-1 names (English: the names themselves)."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


class Translator(Writer):
    """`t("key", name=value)` and `label("vocabulary", code)` in one language of the pages."""

    def __init__(self, lang: str) -> None:
        super().__init__(WEB, lang)

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

    def size(self, value: int | None) -> str:
        """A size in bytes in the largest decimal unit it reaches, with CLDR's unit words ("1,5 Mo", "1.5 MB")."""
        if value is None:
            return "—"
        for scale, unit in _UNITS:
            if value >= scale:
                return format_unit(round(value / scale, 1), unit, length="short", locale=self.locale)
        return format_unit(value, "digital-byte", length="short", locale=self.locale)
