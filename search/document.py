"""The search document: a projection of a published description, the same for every engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from schemas.dataset import DatasetDescription
from schemas.search import FACETS, SearchDocument

_LANGUAGE_ORDER = ("fr", "en")


def project(record: DatasetDescription, published: dt.datetime | None = None) -> SearchDocument:
    """Build the search document of a description published at `published`."""
    data = record.model_dump(mode="json")
    text = {name: "\n".join(part for part in parts if part) for name, parts in _texts(record).items()}
    return SearchDocument(
        id=record.id,
        title=dict(record.title),
        summary=dict(record.summary),
        producer_name=record.producer.name,
        text=text,
        facets={path: facet_values(data, path) for path in FACETS},
        individuals=record.volume.individuals,
        min_age=record.population.min_age,
        max_age=record.population.max_age,
        start=record.temporal_coverage.start,
        end=record.temporal_coverage.end,
        published=published,
    )


def facet_values(data: dict[str, Any], path: str) -> list[str]:
    """The values of a dotted path of the exchange JSON, as facet strings ("true"/"false" for booleans)."""
    value: Any = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [("true" if v else "false") if isinstance(v, bool) else str(v) for v in items]


def _texts(r: DatasetDescription) -> dict[str, list[str]]:
    """The raw text of each field of TEXT_FIELDS, from the parts of the description it covers."""
    t, p, a = r.typology, r.population, r.access
    collaboration = r.collaboration
    return {
        "title": _all(r.title),
        "keywords": _all_lists(r.keywords),
        "themes": _all_lists(t.health_themes) + _codes(t.data_types),
        "producer_name": [r.producer.name, _code(r.producer.id)],
        "summary": _all(r.summary),
        "collaboration": (_codes(collaboration.seeking) + _all(collaboration.description)) if collaboration else [],
        "description": _all(r.description) + list(t.coding_systems) + [t.common_data_model or ""]
        + [part for v in r.variables for part in (v.name, *_all(v.label), *_all(v.description))]
        + [part for d in r.documents for part in _all(d.title)],
        "population": _all(p.description) + _codes(p.care_settings),
        "procedure": _all(a.procedure) + [a.platform or ""] + list(a.legal_bases)
        + (_all(a.cost.description) if a.cost else []),
    }


def _languages(keys: Iterable[str]) -> list[str]:
    return sorted(keys, key=lambda k: (_LANGUAGE_ORDER.index(k) if k in _LANGUAGE_ORDER else 99, k))


def _all(value: dict[str, str] | str | None) -> list[str]:
    """Every language of a multilingual text, French then English then the others."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [value[lang] for lang in _languages(value)]


def _all_lists(value: dict[str, list[str]] | None) -> list[str]:
    return [item for lang in _languages(value or {}) for item in (value or {})[lang]]


def _code(code: str) -> str:
    """A vocabulary code read as words: 'clinical_data_warehouse' -> 'clinical data warehouse'."""
    return code.replace("_", " ").replace("-", " ")


def _codes(codes: Iterable[str]) -> list[str]:
    return [_code(c) for c in codes]
