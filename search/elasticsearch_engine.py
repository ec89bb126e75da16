"""The Elasticsearch search engine: our own text analysis and ranking on an Elasticsearch 8 cluster.

Searches and writes go through the alias ``<index_prefix>`` over versioned physical indexes
(search/es_indexes.py); a rebuild fills a new index and swaps the alias atomically. Every write goes
through an alias with ``require_alias``, so a write racing the deletion of an old index can never
auto-create a stray one, and is refreshed before it returns. Mapping: search/es_mapping.py; query
translation (the Tantivy engine's ranking, clause for clause): search/es_query.py. Cursors are
signed search_after positions (search/cursors.py), so they page past MAX_RESULT_WINDOW; pages do not.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from elastic_transport.client_utils import DEFAULT
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, NotFoundError, helpers
from elasticsearch import ConnectionError as TransportConnectionError

from schemas.search import SearchDocument, SearchHit, SearchPage, SearchQuery, Suggestion
from search import analysis, es_query, es_results, similar, spelling
from search.cursors import CursorCodec
from search.es_indexes import AliasedIndexes
from search.es_mapping import source
from search.port import SearchUnavailable

T = TypeVar("T")

_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]{0,100}$")
_UNAVAILABLE = {429, 502, 503, 504}  # the cluster is busy or partly down: try again later
_PAGE = 1000  # ids() reads this many ids per request


class ElasticsearchEngine:
    """SearchEngine on an Elasticsearch 8 cluster (the `integ-test-zip` distribution is enough)."""

    name = "elasticsearch"

    def __init__(self, url: str, *, index_prefix: str = "catalogue", request_timeout: float = 10,
                 basic_auth: tuple[str, str] | None = None, api_key: str | None = None,
                 ca_certs: str | None = None, verify_certs: bool = True,
                 cursor_key: str | bytes | None = None) -> None:
        if not _PREFIX.match(index_prefix):
            raise ValueError(f"index_prefix {index_prefix!r}: lowercase letters, digits, '-' and '_' only")
        self.client = Elasticsearch(url, request_timeout=request_timeout, basic_auth=basic_auth, api_key=api_key,
                                    ca_certs=ca_certs if ca_certs is not None else DEFAULT,  # None: the system's
                                    verify_certs=verify_certs, retry_on_timeout=False)
        self.indexes = AliasedIndexes(self.client, index_prefix)
        self.alias = index_prefix
        self.cursors = CursorCodec(cursor_key, scope=self.name)
        self._ready = False  # the alias was seen (or made) by this instance

    # -- writes -----------------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument]) -> None:
        batch = [source(doc) for doc in docs]
        if batch:
            with _available("index"):
                targets = self.indexes.write_targets()
                self._bulk({"_op_type": "index", "_index": alias, "_id": body["id"], "_source": body}
                           for alias in targets for body in batch)
                self._refresh(targets)

    def delete(self, ids: Iterable[str]) -> None:
        batch = list(dict.fromkeys(ids))
        if batch:
            with _available("delete"):
                targets = self.indexes.write_targets()
                self._bulk({"_op_type": "delete", "_index": alias, "_id": doc_id}
                           for alias in targets for doc_id in batch)
                self._refresh(targets)

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Fill a new index through the building alias, then swap the live alias to it in one atomic
        update and drop the old index; searches use the old one until the swap."""
        with _available("rebuild"):
            name = self.indexes.create(building=True)
            try:
                self.indexes.claim_building(name)
                count = 0

                def actions() -> Iterator[dict[str, Any]]:
                    nonlocal count
                    for doc in docs:
                        count += 1
                        yield {"_op_type": "index", "_index": self.indexes.building, "_id": doc.id,
                               "_source": source(doc)}

                self._bulk(actions())
                self.client.indices.put_settings(index=name, settings={"refresh_interval": None})
                self.client.indices.refresh(index=name)
                published = self.indexes.publish(name)
            except BaseException:
                with contextlib.suppress(Exception):  # keep the original error; the next rebuild drops it anyway
                    self.indexes.drop([name])
                raise
            if published:
                self.indexes.drop_orphans(older_than=name)
            else:  # another rebuild took the building alias over: it publishes, with our documents too
                self.indexes.drop([name])
            self._ready = True
            return count

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> None:
        """Bulk through aliases only; a missing document to delete, or a building alias gone because
        its rebuild just finished, is not an error. Busy cluster: SearchUnavailable; anything else raises."""
        failures = []
        for ok, item in helpers.streaming_bulk(self.client, actions, raise_on_error=False, require_alias=True):
            ((op, result),) = item.items()
            status = result.get("status", 500)
            if ok or (status == 404 and (op == "delete" or result.get("_index") == self.indexes.building)):
                continue
            failures.append(item)
        if failures:
            results = [next(iter(f.values())) for f in failures]
            statuses = {r.get("status") for r in results}
            if all(r.get("status") in _UNAVAILABLE or _missing_index(r) for r in results):
                self._ready = False  # a missing live alias is made again on the next call
                raise SearchUnavailable(f"Elasticsearch rejected {len(failures)} write(s), status {sorted(statuses)}")
            raise helpers.BulkIndexError(f"{len(failures)} document(s) failed to index", failures)

    def _refresh(self, targets: list[str]) -> None:
        self.client.indices.refresh(index=targets, ignore_unavailable=True, allow_no_indices=True)

    # -- reads ------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        plan = analysis.plan(query.q)
        cursor = self.cursors.decode(query)
        # A search_after position has no depth limit; an offset (a page number) stops at the window.
        offset = cursor.seen if cursor and cursor.after else self.cursors.offset(query, cursor)
        with _available("search"):
            text = None
            if plan.concepts:
                plan, known = spelling.with_vocabulary(query.q, plan, self._known(plan), self._known)
                text = es_query.text(plan, known)
            if text is not None:
                text = es_query.preferred(text, query)
            body: dict[str, Any] = {
                "query": es_query.main(text, query), "sort": es_query.SORTS[query.sort], "size": query.page_size,
                "track_total_hits": True, "_source": ["doc"],
            }
            if cursor and cursor.after:
                body["search_after"] = cursor.after
            else:  # a cursor without a position (one of the embedded engine) is an offset
                body["from"] = offset
            if post := es_query.facet_filters(query):
                body["post_filter"] = {"bool": {"filter": post}}
            if query.facets:
                body["aggs"] = es_query.aggregations(query)
            found = self._search(body)
        raw = found["hits"]["hits"]
        total = found["hits"]["total"]["value"]
        return SearchPage(
            total=total, page=query.page, page_size=query.page_size,
            hits=es_results.hits(raw, plan, scored=query.sort == "relevance"),
            facets=es_results.facet_counts(query, found.get("aggregations", {})) if query.facets else {},
            next_cursor=es_results.next_cursor(self.cursors, query, raw, offset + len(raw), total),
        )

    def _known(self, plan: analysis.QueryPlan) -> set[str]:
        """Stems of the query's words and synonyms that occur somewhere (the typo fallback depends on them)."""
        stems = es_query.probe_stems(plan)
        if not stems:
            return set()
        return es_query.known_stems(stems, self._msearch(es_query.known_probe(stems)))

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        query = es_query.suggestion(*analysis.completion(prefix))
        if query is None:
            return []
        with _available("suggest"):
            found = self._search({"query": query, "size": limit, "_source": ["doc.id", "doc.title"]})
        return [Suggestion(id=h["_source"]["doc"]["id"], title=h["_source"]["doc"]["title"])
                for h in found["hits"]["hits"]]

    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]:
        """search/spelling.py: for each word found nowhere, the words of the short fields within its typos,
        read from the best fuzzy matches, with the number of documents holding each (as the embedded engine)."""
        typed = {word: analysis.terms(word) for word in words}
        stems = sorted({s for terms in typed.values() if len(terms) == 1 for s in terms[0].stems})
        out: dict[str, dict[str, int]] = {}
        with _available("spellings"):
            known = es_query.known_stems(stems, self._msearch(es_query.known_probe(stems))) if stems else set()
            for word, terms in typed.items():
                if len(terms) != 1 or set(terms[0].stems) & known:
                    continue
                found = self._search(es_query.fuzzy_words(word, spelling.MAX_DOCS))["hits"]["hits"]
                candidates = sorted(spelling.near(word, spelling.words_of(h["_source"]["doc"]["text"] for h in found)))
                out[word] = es_query.words_counts(candidates, self._msearch(es_query.words_probe(candidates))) \
                    if candidates else {}
        return out

    def similar(self, doc_id: str, k: int = 5) -> list[SearchHit]:
        """Descriptions about what this one is about (search/similar.py chooses the words), best first."""
        if k < 1:
            return []
        with _available("similar"):
            found = self._search({"query": {"ids": {"values": [doc_id]}}, "size": 1, "_source": ["doc.text"]})
            if not found["hits"]["hits"]:
                return []
            words = similar.candidates(found["hits"]["hits"][0]["_source"]["doc"]["text"])
            if not words:
                return []
            doc_freq, total = es_query.like_counts(list(words), self._search(es_query.like_probe(list(words))))
            likes = similar.select(words, doc_freq, total)
            if not likes:
                return []
            body = {"query": es_query.more_like(likes, doc_id), "sort": es_query.SORTS["relevance"], "size": k,
                    "_source": ["doc"]}
            raw = self._search(body)["hits"]["hits"]
        return es_results.hits(raw, analysis.QueryPlan((), ()), scored=True)

    def ids(self) -> set[str]:
        out: set[str] = set()
        after: list[Any] | None = None
        with _available("ids"):
            while True:
                body: dict[str, Any] = {"query": {"match_all": {}}, "sort": [{"id": "asc"}], "size": _PAGE,
                                        "_source": False, **({"search_after": after} if after else {})}
                batch = self._search(body)["hits"]["hits"]
                out.update(hit["_id"] for hit in batch)
                if len(batch) < _PAGE:
                    return out
                after = batch[-1]["sort"]

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search on the alias (see `_on_alias`)."""
        def ask() -> dict[str, Any] | None:
            found = self.client.search(index=self.alias, body=body)
            return None if found["_shards"].get("failed") else found.body
        return self._on_alias(ask)

    def _msearch(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Several searches on the alias in one request (see `_on_alias`); the answers in the same order."""
        searches = [part for body in bodies for part in ({}, body)]

        def ask() -> list[dict[str, Any]] | None:
            responses = self.client.msearch(index=self.alias, searches=searches).body["responses"]
            if any("error" in response and response.get("status") == 404 for response in responses):
                self.indexes.write_targets()  # an index vanished under one of them, as in `_on_alias`
                return None
            failed = [response for response in responses if "error" in response]
            if failed:  # as `_available` says of a whole request: busy is unavailable, anything else a bug
                status, error = failed[0].get("status", 500), str(failed[0]["error"])[:300]
                if status in _UNAVAILABLE:
                    raise SearchUnavailable(f"Elasticsearch busy during a search ({status}): {error}")
                raise RuntimeError(f"a search on {self.alias} was refused ({status}): {error}")
            return None if any(response["_shards"].get("failed") for response in responses) else list(responses)
        return self._on_alias(ask)

    def _on_alias(self, ask: Callable[[], T | None]) -> T:
        """`ask` on the alias, made first if this instance has not seen it (or it vanished). An answer missing
        shards (an index dropped by a rebuild in mid-search: `ask` returns None) is asked for again, once."""
        if not self._ready:
            self.indexes.write_targets()
            self._ready = True
        for _ in range(2):
            try:
                answer = ask()
            except NotFoundError as exc:
                if exc.error != "index_not_found_exception":
                    raise
                self.indexes.write_targets()
                continue
            if answer is not None:
                return answer
        raise SearchUnavailable(f"the search on {self.alias} did not get an answer from every shard; try again")

    def stale(self) -> bool:
        with _available("stale"):
            return self.indexes.stale()

    def health(self) -> dict[str, object]:
        try:
            cluster = self.client.cluster.health()
            holders = self.indexes.holders()
            live = holders[self.alias]
            index_health = self.client.cluster.health(index=self.alias)["status"] if live else None
            documents = self.client.count(index=self.alias)["count"] if live else 0
        except Exception as exc:  # noqa: BLE001 - health reports any failure
            return {"status": "down", "engine": self.name, "error": str(exc)}
        status = "down" if (index_health or cluster["status"]) == "red" else "ok"
        return {"status": status, "engine": self.name, "cluster": cluster["cluster_name"],
                "cluster_status": cluster["status"], "alias": self.alias, "index": live[0] if live else None,
                "index_status": index_health, "documents": documents,
                "rebuilding": holders[self.indexes.building] or None}

    def drop(self) -> None:
        """Delete every index of this prefix, and so its aliases (tests, evaluation runs; not the port)."""
        with _available("drop"):
            self.indexes.drop_all()
            self._ready = False

    def close(self) -> None:
        self.client.close()


def _missing_index(result: dict[str, Any]) -> bool:
    return (result.get("error") or {}).get("type") == "index_not_found_exception"


@contextlib.contextmanager
def _available(action: str) -> Iterator[None]:
    """Connection failures, timeouts and a busy cluster become SearchUnavailable (the caller retries);
    a bad request is a bug and raises as it is."""
    try:
        yield
    except (TransportConnectionError, ConnectionTimeout) as exc:
        raise SearchUnavailable(f"Elasticsearch unreachable during {action}: {exc}") from exc
    except ApiError as exc:
        if exc.meta.status in _UNAVAILABLE:
            raise SearchUnavailable(f"Elasticsearch busy during {action} ({exc.meta.status}): {exc}") from exc
        raise
