"""Elasticsearch index layout: settings, the strict mapping, and the indexed form of a search document.

Text fields index the *output* of our analysis (``search.analysis.streams``: one stream of stems
per stemmer, the same fields as the Tantivy engine) with the ``standard`` analyzer, which keeps our
``[a-z0-9]+`` tokens intact and positions aligned. Nothing here needs a module beyond the core
server (no language analyzers, no scripts), so the minimal distribution indexes the same way as
the full one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.search import FACETS, MAX_RESULT_WINDOW, TEXT_FIELDS, SearchDocument
from search import analysis
from search.index_version import index_version

SCHEMA_VERSION = 1  # bump when the mapping changes: a new physical index is then built
WORDS_FIELD = "words"  # unstemmed folded words of WORDS_SOURCES, for typo matching
SUGGEST_FIELD = "suggest"  # folded title words, for completion
# A token our analysis can never produce (longer than MAX_TOKEN_LENGTH) put in an empty text field,
# so that every document has every field: Lucene's BM25 then counts all documents in its idf and
# average length, as Tantivy does, instead of only the documents where the field has words.
EMPTY_FIELD = "0" * (analysis.MAX_TOKEN_LENGTH + 1)
DISPLAY = ("id", "title", "summary", "producer_name", "text")  # what a hit shows, stored not indexed


def text_field(name: str, stemmer: str) -> str:
    return f"{name}_{stemmer}"


def facet_field(path: str) -> str:
    """Facets keep their dotted exchange-format names inside an object without sub-objects."""
    return f"facets.{path}"


STREAM_FIELDS = tuple(text_field(name, s) for name in TEXT_FIELDS for s in analysis.STEMMERS)


def settings(building: bool = False) -> dict[str, Any]:
    """One shard so that BM25 statistics and facet counts are exact; a replica whenever a node can hold it."""
    # from + size of the deepest page SearchQuery allows; deeper goes by search_after cursors.
    out: dict[str, Any] = {"number_of_shards": 1, "auto_expand_replicas": "0-1",
                           "max_result_window": MAX_RESULT_WINDOW}
    if building:
        out["refresh_interval"] = "-1"  # bulk loading: one refresh at the end
    return out


def mappings() -> dict[str, Any]:
    text = {"type": "text", "analyzer": "standard"}
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "doc": {"type": "object", "enabled": False},
        SUGGEST_FIELD: text,
        WORDS_FIELD: text,
        "facets": {"type": "object", "subobjects": False,
                   "properties": {path: {"type": "keyword"} for path in FACETS}},
        "individuals": {"type": "long"},
        "min_age": {"type": "integer"},
        "max_age": {"type": "integer"},
        "start": {"type": "date", "format": "strict_date"},
        "end": {"type": "date", "format": "strict_date"},
        "published": {"type": "date", "format": "strict_date_optional_time"},
    }
    properties |= {name: text for name in STREAM_FIELDS}
    meta = {"schema_version": SCHEMA_VERSION, "index_version": index_version(SCHEMA_VERSION)}
    return {"dynamic": "strict", "_meta": meta, "properties": properties}


def source(doc: SearchDocument) -> dict[str, Any]:
    """The indexed form of one search document: display part, analysed streams, facets, numbers."""
    out: dict[str, Any] = {
        "id": doc.id,
        "doc": doc.model_dump(mode="json", include=set(DISPLAY)),
        SUGGEST_FIELD: " ".join(analysis.words(" ".join(doc.title.values()))),
        WORDS_FIELD: " ".join(analysis.words(" ".join(doc.text.get(n, "") for n in analysis.WORDS_SOURCES))),
        "facets": {path: doc.facets.get(path, []) for path in FACETS},
        "individuals": doc.individuals,
        "min_age": doc.min_age,
        "max_age": doc.max_age,
        "start": doc.start.isoformat() if doc.start else None,
        "end": doc.end.isoformat() if doc.end else None,
        "published": _utc(doc.published),
    }
    for name in TEXT_FIELDS:
        for stemmer, stems in analysis.streams(doc.text.get(name, "")).items():
            out[text_field(name, stemmer)] = stems or EMPTY_FIELD
    return out


def _utc(value: dt.datetime | None) -> str | None:
    """Naive datetimes are UTC (as in the Tantivy engine)."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).isoformat()
