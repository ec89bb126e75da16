"""CKAN `package_search` parameters (Solr syntax, the common forms) as a SearchQuery.

Supported: `q` text (with `field:value` terms moved to filters, `*:*` = everything), `fq` with
`field:value`, `field:"a value"`, `field:(a OR b)`, a leading `+`, `AND` between terms; fields
are `organization` / `owner_org` (the producer), `name` / `id`, and every facet of the exchange
format by its dotted path (`access.rights:PUBLIC`). `sort`: `score desc`, `metadata_modified desc`,
`metadata_created desc`, `volume desc`, `name asc` (stable, for harvesters). Anything else is a SearchQueryError naming what is supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from schemas.errors import describe, summary
from schemas.search import FACETS, SearchQuery

ALIASES = {"organization": "producer.id", "owner_org": "producer.id"}
IGNORED = {"dataset_type": "dataset", "type": "dataset", "state": "active", "capacity": "public"}
ID_FIELDS = ("name", "id")
SORTS = {"score": "relevance", "metadata_modified": "newest", "metadata_created": "newest", "volume": "volume"}
BY_NAME = ("name", "id")  # `name asc`: a stable order for harvesters, served without the engine
MAX_ROWS = 1000
_TERM = re.compile(r'([+-]?)([A-Za-z_][\w.]*):("(?:[^"\\]|\\.)*"|\([^)]*\)|\[[^\]]*\]|\S+)')


class SearchQueryError(ValueError):
    """A query this facade does not understand; the message says what it does."""


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


def _values(raw: str) -> list[str]:
    raw = raw.strip()
    if raw.startswith("(") and raw.endswith(")"):
        parts = re.split(r"\s+OR\s+", raw[1:-1].strip())
        return [v for part in parts for v in _values(part)]
    if raw.startswith("[") or "*" in raw:
        raise SearchQueryError(f"ranges and wildcards are not supported in '{raw}'")
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        raw = raw[1:-1].replace('\\"', '"')
    return [raw]


def parse_terms(text: str, filters: dict[str, list[str]], ids: list[str]) -> str:
    """Move `field:value` terms of `text` into filters / ids; returns the free text left."""
    def take(match: re.Match[str]) -> str:
        sign, name, raw = match.groups()
        if sign == "-":
            raise SearchQueryError(f"negative terms are not supported: '{match.group(0)}'")
        if name in IGNORED:
            return " "
        values = _values(raw)
        if name in ID_FIELDS:
            ids.extend(values)
            return " "
        facet = facet_name(name)
        if facet is None:
            supported = ", ".join(["organization", "owner_org", *ID_FIELDS, *FACETS])
            raise SearchQueryError(f"cannot filter on '{name}'; supported fields: {supported}")
        filters.setdefault(facet, []).extend(values)
        return " "

    rest = _TERM.sub(take, text or "")
    rest = re.sub(r"\*:\*", " ", rest)
    rest = re.sub(r"(^|\s)(AND|\+)(?=\s|$)", " ", rest)
    return " ".join(rest.split())


def by_name(value: str | None) -> bool:
    name, _, direction = (value or "").split(",")[0].strip().partition(" ")
    return name in BY_NAME and (direction.strip() or "asc") == "asc"


def _sort(value: str | None, has_text: bool) -> str:
    if not value or by_name(value):
        return "relevance" if has_text else "newest"
    name, _, direction = value.split(",")[0].strip().partition(" ")
    if name not in SORTS or (direction.strip() or "desc") != "desc":
        supported = [f"{s} desc" for s in SORTS] + ["name asc"]
        raise SearchQueryError(f"cannot sort by '{value}'; supported: {', '.join(supported)}")
    sort = SORTS[name]
    return "newest" if sort == "relevance" and not has_text else sort


def _int(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, default)
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise SearchQueryError(f"{name} must be an integer, not {value!r}") from None
    if not low <= number <= high:
        raise SearchQueryError(f"{name} must be between {low} and {high}")
    return number


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes")


def parse(params: dict[str, Any], facet_fields: list[str], lang: str = "fr") -> CkanQuery:
    """Build the query of one package_search call (params already decoded from JSON or the query string)."""
    filters: dict[str, list[str]] = {}
    ids: list[str] = []
    text = parse_terms(str(params.get("q") or ""), filters, ids)
    fqs = params.get("fq_list") or []
    for fq in [params.get("fq") or "", *(fqs if isinstance(fqs, list) else [fqs])]:
        parse_terms(str(fq), filters, ids)
    limit = _int(params, "facet.limit", 50, -1, 10000)
    try:
        query = SearchQuery(
            q=text, lang=lang, filters=filters, sort=_sort(params.get("sort"), bool(text)),
            facets=sorted({f for f in (facet_name(n) for n in facet_fields) if f}),
            facet_limit=500 if limit < 0 else max(1, min(limit, 500)),
        )
    except ValidationError as exc:
        raise SearchQueryError(summary(describe(exc))) from None
    return CkanQuery(query=query, start=_int(params, "start", 0, 0, 100_000),
                     rows=_int(params, "rows", 10, 0, MAX_ROWS), ids=ids or None, facet_fields=facet_fields,
                     by_name=by_name(params.get("sort")),
                     include_private=_bool(params.get("include_private")))
