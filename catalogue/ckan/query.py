"""CKAN `package_search` parameters (Solr syntax, the common forms) as a SearchQuery.

Supported: `q` text (with `field:value` terms moved to filters, `*:*` = everything), `fq` with
`field:value`, `field:"a value"`, `field:(a OR b)`, a leading `+`, `AND` between terms, and negated
terms `NOT field:value`, `-field:value`, `!field:value` (excluded values); fields are
`organization` / `owner_org` (the producer), `name` / `id`, and every facet of the exchange format
by its dotted path (`access.rights:PUBLIC`). `sort`: `score desc`, `metadata_modified desc`,
`metadata_created desc`, `volume desc`, `name asc` (stable, for harvesters). Anything else (a
negated word of free text, free text in `fq`, a parameter of the wrong type or out of range) is a
SearchQueryError naming the parameter and what is supported: never a query read another way.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from catalogue.discovery import service as discovery
from schemas.errors import describe, summary
from schemas.search import FACETS, MAX_RESULT_WINDOW, SearchQuery, Sort

ALIASES = {"organization": "producer.id", "owner_org": "producer.id"}
IGNORED = {"dataset_type": "dataset", "type": "dataset", "state": "active", "capacity": "public"}
ID_FIELDS = ("name", "id")
SORTS: dict[str, Sort] = {"score": "relevance", "metadata_modified": "newest", "metadata_created": "newest",
                          "volume": "volume"}
BY_NAME = ("name", "id")  # `name asc`: a stable order for harvesters, served without the engine
MAX_ROWS = 1000
MAX_START = 100_000  # sort=name asc is served from the database; engine orders stop at MAX_RESULT_WINDOW
# An optional sign or NOT, a field name, and its value: "quoted", (a OR b), [range] or a word.
_TERM = re.compile(r'(?:(?<!\S)(NOT)\s+|([+\-!]))?([A-Za-z_][\w.]*):("(?:[^"\\]|\\.)*"|\([^)]*\)|\[[^\]]*\]|\S+)')
# What is left of the text after the field terms: a negation there would negate free text.
_NEGATION = re.compile(r'(?<!\S)(NOT(?=\s|$)|[-!](?=\S))')


class SearchQueryError(ValueError):
    """A query this facade does not understand; the message says what it does, `field` names the parameter."""

    def __init__(self, message: str, field: str = "q") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class CkanQuery:
    query: SearchQuery
    start: int = 0
    rows: int = 10
    ids: list[str] | None = None           # name:/id: restrict to these packages
    by_name: bool = False                  # sort=name asc
    facet_fields: list[str] = field(default_factory=list)   # as the client named them
    include_private: bool = False


def facet_name(ckan_field: str) -> str | None:
    """Our facet for a CKAN facet field name, None when there is none."""
    name = ALIASES.get(ckan_field, ckan_field)
    return name if name in FACETS else None


def _values(raw: str, param: str) -> list[str]:
    raw = raw.strip()
    if raw.startswith("(") and raw.endswith(")"):
        parts = re.split(r"\s+OR\s+", raw[1:-1].strip())
        return [v for part in parts for v in _values(part, param)]
    if raw.startswith("[") or "*" in raw:
        raise SearchQueryError(f"ranges and wildcards are not supported in '{raw}'", param)
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return [raw[1:-1].replace('\\"', '"')]
    if raw.startswith(("-", "!", "NOT ")) or re.search(r"\s(AND|NOT)\s", raw):
        raise SearchQueryError(f"only OR is supported between values in '{raw}'; negate the whole term "
                               "(NOT field:value)", param)
    return [raw]


def parse_terms(text: str, filters: dict[str, list[str]], ids: list[str],
                excluded: dict[str, list[str]] | None = None, param: str = "q") -> str:
    """Move `field:value` terms of `text` into filters / ids, negated ones into `excluded`; returns
    the free text left (where a negation is refused: the engines rank words, they do not exclude them)."""
    excluded = {} if excluded is None else excluded

    def take(match: re.Match[str]) -> str:
        keyword, sign, name, raw = match.groups()
        negated = bool(keyword) or sign in ("-", "!")
        if name in IGNORED:
            if negated:
                raise SearchQueryError(f"'{match.group(0)}' would exclude every package", param)
            return " "
        values = _values(raw, param)
        if name in ID_FIELDS:
            if negated:
                raise SearchQueryError(f"negating {name} is not supported: '{match.group(0)}'", param)
            ids.extend(values)
            return " "
        facet = facet_name(name)
        if facet is None:
            supported = ", ".join(["organization", "owner_org", *ID_FIELDS, *FACETS])
            raise SearchQueryError(f"cannot filter on '{name}'; supported fields: {supported}", param)
        (excluded if negated else filters).setdefault(facet, []).extend(values)
        return " "

    rest = _TERM.sub(take, text)
    rest = re.sub(r"\*:\*", " ", rest)
    rest = re.sub(r"(^|\s)(AND|\+)(?=\s|$)", " ", rest)
    if _NEGATION.search(rest):
        raise SearchQueryError("negating free text is not supported; negate a field term instead "
                               "(NOT field:value, -field:value)", param)
    return " ".join(rest.split())


def by_name(value: str | None) -> bool:
    name, _, direction = (value or "").split(",")[0].strip().partition(" ")
    return name in BY_NAME and (direction.strip() or "asc") == "asc"


def _sort(value: str | None) -> Sort:
    """The engine order asked for; none (or `name asc`, served without the engine) is the search service's
    default, which it reads by the text."""
    if not value or by_name(value):
        return discovery.DEFAULT_SORT
    name, _, direction = value.split(",")[0].strip().partition(" ")
    if name not in SORTS or (direction.strip() or "desc") != "desc":
        supported = [f"{s} desc" for s in SORTS] + ["name asc"]
        raise SearchQueryError(f"cannot sort by '{value}'; supported: {', '.join(supported)}", "sort")
    return SORTS[name]


def _text(params: dict[str, Any], name: str) -> str:
    """A string parameter given at most once (absent: empty)."""
    value = params.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        what = "given once" if isinstance(value, list) else "a string"
        raise SearchQueryError(f"{name} must be {what}", name)
    return value


def _texts(params: dict[str, Any], name: str) -> list[str]:
    """A list of strings, or one string (fq_list, facet.field)."""
    value = params.get(name)
    if value in (None, ""):
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        raise SearchQueryError(f"{name} must be a list of strings", name)
    return values


def facet_fields(value: Any) -> list[str]:
    """`facet.field`: a JSON list of names (as CKAN documents it), or names given as they are."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            value = [value]
        value = [value] if isinstance(value, str) else value
    return _texts({"facet.field": value}, "facet.field")


def _int(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, default)
    number: int | None = None
    if value in (None, ""):
        number = default
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and len(value) <= 20:
        try:
            number = int(value)
        except ValueError:
            number = None
    if number is None:
        raise SearchQueryError(f"{name} must be an integer", name)
    if not low <= number <= high:
        raise SearchQueryError(f"{name} must be between {low} and {high}", name)
    return number


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes")


def parse(params: dict[str, Any], facet_fields: list[str], lang: str = "fr") -> CkanQuery:
    """Build the query of one package_search call (params already decoded from JSON or the query string)."""
    filters: dict[str, list[str]] = {}
    excluded: dict[str, list[str]] = {}
    ids: list[str] = []
    text = parse_terms(_text(params, "q"), filters, ids, excluded, "q")
    for name, fq in [("fq", _text(params, "fq")), *(("fq_list", f) for f in _texts(params, "fq_list"))]:
        if parse_terms(fq, filters, ids, excluded, name):
            raise SearchQueryError(f"{name} takes field:value terms only; put words in q", name)
    limit = _int(params, "facet.limit", 50, -1, 10000)
    sort = _text(params, "sort")
    start = _int(params, "start", 0, 0, MAX_START)
    rows = _int(params, "rows", 10, 0, MAX_ROWS)
    if not by_name(sort) and not ids and start + rows > MAX_RESULT_WINDOW:
        raise SearchQueryError(f"start + rows must not exceed {MAX_RESULT_WINDOW} in this order; "
                               "walk every package with sort=name asc", "start")
    try:
        query = SearchQuery(
            q=text, lang=lang, filters=filters, exclude=excluded, sort=_sort(sort),
            facets=sorted({f for f in (facet_name(n) for n in facet_fields) if f}),
            facet_limit=500 if limit < 0 else max(1, min(limit, 500)),
        )
    except ValidationError as exc:
        items = describe(exc)
        name = {"q": "q", "filters": "fq", "exclude": "fq", "sort": "sort"}.get(items[0]["field"].split(".")[0], "q")
        raise SearchQueryError(summary(items), name) from None
    # The order decided as the search will serve it, so the answer's `sort` names it.
    return CkanQuery(query=discovery.resolved(query), start=start, rows=rows, ids=ids or None,
                     facet_fields=facet_fields, by_name=by_name(sort),
                     include_private=_bool(params.get("include_private")))
