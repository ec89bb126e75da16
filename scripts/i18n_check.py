"""Finds untranslated and broken messages of the web pages (run by tests/web/test_i18n_check.py).

The pages ask for messages by key: `t("search.count", n=...)` in the Jinja templates and in the Python
of api/web. Babel's extractors (Jinja's `babel_extract` for the templates, `extract_python` for the
code, keyword `t`) list the keys written literally; `t.label("vocabulary", code)` keys are found by
enumerating the exchange format's vocabularies. The check fails when a used key is missing from a
catalogue, when the French and English catalogues differ in keys, in placeholders of a key or in
plural-ness, when a text is empty, or when Babel's own catalogue checks object. A key built at run
time (`t("error." ~ status)`) cannot be read from the source: its vocabulary belongs in VOCABULARIES.

Usage: python scripts/i18n_check.py        (exit 1 with one line per problem; --used lists the keys found)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from jinja2.ext import babel_extract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.web import i18n  # noqa: E402  (the repository's root goes on the path first)
from catalogue.notifications import texts as notification_texts  # noqa: E402

WEB = ROOT / "api" / "web"
KEYWORDS: dict[str, None] = {"t": None}  # the Translator's call; arguments after the key are parameters
_PLACEHOLDER = re.compile(r"{(\w+)")
_LABEL = re.compile(r"""\bt\.labels?\(\s*["'](\w+)["']\s*,\s*["']([\w.-]+)["']""")


def vocabularies() -> dict[str, tuple[str, ...]]:
    """The vocabularies the pages label with `t.label(vocabulary, code)`: every code needs its message."""
    from schemas import access_vocabularies as av
    from schemas import vocabularies as v

    literal = {
        "data_type": v.DataType, "producer_type": v.ProducerType, "health_category": v.HealthCategory,
        "care_setting": v.CareSetting, "frequency": v.Frequency, "access_rights": v.AccessRights,
        "modality": v.AccessModality, "audience": v.Audience, "audience_answer": v.AudienceAnswer,
        "cost": v.CostModel, "hdh": v.HdhRelationship, "seeking": v.CollaborationNeed,
        "document_kind": v.DocumentKind, "status": v.DatasetStatus, "request_status": av.RequestStatus,
        "purpose": av.Purpose, "requester_type": av.RequesterType, "attachment_kind": av.AttachmentKind,
        "milestone_kind": av.MilestoneKind, "opinion": av.OpinionValue, "action": av.RequestAction,
    }
    return {name: tuple(str(code) for code in codes.__args__) for name, codes in literal.items()}


def _key(message: object) -> str | None:
    """The literal key of an extracted call: its first argument when that is a string."""
    first = message[0] if isinstance(message, tuple) else message
    return first if isinstance(first, str) else None


def used_keys() -> dict[str, str]:
    """Key -> where it is first used ("templates/search.html:101"), for every literal key of the pages."""
    used: dict[str, str] = {}
    options = {"extensions": "jinja2.ext.do,jinja2.ext.loopcontrols", "trimmed": "false"}
    for path in sorted(WEB.glob("templates/*.html")):
        with path.open("rb") as file:
            for lineno, _, message, _ in babel_extract(file, KEYWORDS, [], options):
                if key := _key(message):
                    used.setdefault(key, f"{path.relative_to(WEB)}:{lineno}")
    for path in sorted(WEB.glob("*.py")):
        if path.name == "i18n.py":
            continue
        with path.open("rb") as file:
            for lineno, _, message, _ in extract_python(file, KEYWORDS, [], {}):
                if key := _key(message):
                    used.setdefault(key, f"{path.relative_to(WEB)}:{lineno}")
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("*.py")]:
        for vocabulary, code in _LABEL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(f"{vocabulary}.{code}", str(path.relative_to(WEB)))
    for vocabulary, codes in vocabularies().items():
        for code in codes:
            used.setdefault(f"{vocabulary}.{code}", f"vocabulary {vocabulary}")
    return used


NOTIFYING = ROOT / "catalogue"
MSG: dict[str, None] = {"msg": None}  # catalogue.notifications.texts.msg("key", name=value)


def notification_vocabularies() -> dict[str, tuple[str, ...]]:
    """The codes notifications word through a key built at run time (msg(f"purpose.{code}"))."""
    from catalogue.organisations.roles import ROLES
    from schemas import access_vocabularies as av

    return {"purpose": tuple(av.Purpose.__args__), "request_status": tuple(av.RequestStatus.__args__),
            "verdict": ("approve", "approve_with_conditions", "reject"), "role": tuple(ROLES)}


def notification_keys() -> dict[str, str]:
    """Key -> where it is first used, for every literal `msg("key", …)` of the domain, and the vocabularies."""
    used: dict[str, str] = {}
    for path in sorted(NOTIFYING.rglob("*.py")):
        with path.open("rb") as file:
            for lineno, _, message, _ in extract_python(file, MSG, [], {}):
                if key := _key(message):
                    used.setdefault(key, f"{path.relative_to(ROOT)}:{lineno}")
    for vocabulary, codes in notification_vocabularies().items():
        for code in codes:
            used.setdefault(f"{vocabulary}.{code}", f"vocabulary {vocabulary}")
    return used


def _forms(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Key -> its texts (one, or the plural forms) of a catalogue."""
    forms: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if message.id:
            key = message.id[0] if message.pluralizable else message.id
            forms[str(key)] = tuple(message.string) if message.pluralizable else (str(message.string),)
    return forms


def _placeholders(texts: tuple[str, ...]) -> set[str]:
    return {name for text in texts for name in _PLACEHOLDER.findall(text)}


def problems() -> Iterator[str]:
    """Every problem of the catalogues, one sentence each (none: the check passes): the web pages' (no
    prefix) and the notifications' ("notifications: …")."""
    yield from _problems(i18n.po, used_keys(), "")
    yield from _problems(notification_texts.NOTIFICATIONS.po, notification_keys(), "notifications: ")


def _problems(po: Callable[[str], Catalog], used: dict[str, str], prefix: str) -> Iterator[str]:
    catalogs = {lang: po(lang) for lang in i18n.LANGUAGES}
    forms = {lang: _forms(catalog) for lang, catalog in catalogs.items()}
    for lang, catalog in catalogs.items():
        for message, errors in catalog.check():
            for error in errors:
                yield f"{prefix}{lang}: {message.id!r}: {error}"
        for key, texts in forms[lang].items():
            if any(not text.strip() for text in texts):
                yield f"{prefix}{lang}: {key!r} has an empty text"
    fr, en = forms["fr"], forms["en"]
    for key in sorted(set(fr) ^ set(en)):
        yield f"{prefix}{key!r} is only in the {'French' if key in fr else 'English'} catalogue"
    for key in sorted(set(fr) & set(en)):
        french, english = sorted(_placeholders(fr[key])), sorted(_placeholders(en[key]))
        if french != english:
            yield f"{prefix}{key!r}: placeholders differ: fr {french}, en {english}"
        if (len(fr[key]) > 1) != (len(en[key]) > 1):
            yield f"{prefix}{key!r} is a count (plural forms) in one catalogue only"
    for key, where in sorted(used.items()):
        for lang in i18n.LANGUAGES:
            if key not in forms[lang]:
                yield f"{prefix}{lang}: {key!r} used at {where} is missing"
    for key in sorted(set(fr) - set(used)) if prefix else ():
        yield f"{prefix}{key!r} is used nowhere"


def main(argv: list[str]) -> int:
    if "--used" in argv:
        for key, where in sorted(used_keys().items()):
            print(f"{key}\t{where}")
        return 0
    found = list(problems())
    for problem in found:
        print(problem)
    files = ", ".join(str(path.relative_to(ROOT)) for lang in i18n.LANGUAGES
                      for path in (i18n.po_path(lang), notification_texts.NOTIFICATIONS.path(lang)))
    print(f"{len(found)} problem(s) in {files}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
