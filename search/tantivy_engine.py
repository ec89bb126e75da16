"""The embedded search engine: tantivy, on disk (shared by processes) or in memory.

On disk, ``<path>/current`` names the live index directory (a *generation*). Writes open the
tantivy writer only for their duration, under an exclusive ``<path>/write.lock`` taken with a few
seconds of retries (then SearchUnavailable), so a web server and a CLI can share one data
directory. Every search first reloads the reader (about 20 µs when nothing changed) and follows
``current``, so it sees the commits of other processes. ``rebuild`` fills a new generation and
then swaps the pointer atomically; the previous generation is kept for readers still on it.

A generation is named ``index-v<schema version>-<analysis fingerprint>-<ns>``: an index made by
another schema or another text analysis (a stemmer upgrade) is ``stale``, to be rebuilt.
Cursors are offsets, signed (search/cursors.py); pages stop at MAX_RESULT_WINDOW.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import tantivy

from schemas.search import FACETS, TEXT_FIELDS, SearchDocument, SearchHit, SearchPage, SearchQuery, Suggestion
from search import analysis, similar, spelling
from search.cursors import CursorCodec
from search.index_version import index_version
from search.port import SearchUnavailable
from search.tantivy_query import (
    OPEN_HIGH, OPEN_LOW, SCHEMA_VERSION, WORDS_FIELD, QueryBuilder, build_schema, day, facet_field, like_presence,
    more_like, text_field, timestamp,
)
from search.tantivy_results import facet_counts, hits

_WRITER_HEAP = 64_000_000
T = TypeVar("T")


class TantivyEngine:
    """SearchEngine on tantivy; `path` is a directory it owns, None keeps the index in memory."""

    name = "tantivy"

    def __init__(self, path: Path | None = None, lock_timeout: float = 5.0, *,
                 cursor_key: str | bytes | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.lock_timeout = lock_timeout
        self.cursors = CursorCodec(cursor_key, scope=self.name)
        self.version = index_version(SCHEMA_VERSION)
        self._current_generation = re.compile(rf"^index-v{re.escape(self.version)}-\d+$")
        self.schema = build_schema()
        self.builder = QueryBuilder(self.schema)
        # Lock order: _writing (one writer at a time in this process) before _lock (reader state).
        self._writing = threading.RLock()
        self._lock = threading.Lock()
        self._holding = False  # this process holds write.lock (guarded by _writing)
        self._generation: str | None = None
        self._index: tantivy.Index | None = None
        if self.path is None:
            self._index = tantivy.Index(self.schema)
        else:
            self.path.mkdir(parents=True, exist_ok=True)

    # -- writes ---------------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument]) -> None:
        # Built before the writer is taken: a document tantivy cannot hold fails here, with no lock held.
        batch = [(doc.id, self._document(doc)) for doc in docs]
        if batch:
            self._write(batch, [])

    def delete(self, ids: Iterable[str]) -> None:
        batch = list(ids)
        if batch:
            self._write([], batch)

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        with self._write_lock():
            generation = f"index-v{self.version}-{time.time_ns()}"
            if self.path is None:
                index = tantivy.Index(self.schema)
            else:
                (self.path / generation).mkdir()
                index = tantivy.Index(self.schema, path=str(self.path / generation))
            try:
                count = self._fill(index, docs)
            except BaseException:
                if self.path is not None:
                    shutil.rmtree(self.path / generation, ignore_errors=True)
                raise
            with self._lock:
                self._index, self._generation = index, generation
                if self.path is not None:
                    self._point_to(generation)
            return count

    def _fill(self, index: tantivy.Index, docs: Iterable[SearchDocument]) -> int:
        writer = index.writer(heap_size=_WRITER_HEAP * 2)
        count = 0
        try:
            for doc in docs:
                writer.add_document(self._document(doc))
                count += 1
            writer.commit()
            writer.wait_merging_threads()
        finally:
            del writer  # see _write: no traceback may keep the writer (and its lock) alive
        index.reload()
        return count

    def _write(self, added: list[tuple[str, tantivy.Document]], deleted: list[str]) -> None:
        """One batch under a tantivy writer: committed and visible on return, rolled back on failure.

        The writer lives in this frame only and is dropped before an exception leaves it: a
        traceback still holding it would keep tantivy's lock file, and every later write (of this
        process or another) would find the index "locked by another writer".
        """
        with self._write_lock():
            index = self._current()
            writer = self._retry(lambda: index.writer(heap_size=_WRITER_HEAP, num_threads=1))
            try:
                for doc_id in deleted:
                    writer.delete_documents_by_term("id", doc_id)
                for doc_id, document in added:
                    writer.delete_documents_by_term("id", doc_id)
                    writer.add_document(document)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                with contextlib.suppress(Exception):  # keep the original error
                    writer.rollback()
                raise
            finally:
                del writer  # releases tantivy's own lock file
            index.reload()

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Serialise writers of this process and of other processes on the same directory."""
        with self._writing:
            if self.path is None or self._holding:
                yield
                return
            with open(self.path / "write.lock", "w") as handle:
                self._retry(lambda: fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB))
                self._holding = True
                try:
                    yield
                finally:
                    self._holding = False
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _retry(self, action: Callable[[], T]) -> T:
        """Run `action`, retrying while a lock is busy, up to lock_timeout; then SearchUnavailable."""
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return action()
            except (BlockingIOError, ValueError) as exc:
                if isinstance(exc, ValueError) and "LockBusy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise SearchUnavailable(f"search index {self.path} is locked by another writer") from exc
                time.sleep(0.05)

    def _document(self, doc: SearchDocument) -> tantivy.Document:
        out = tantivy.Document()
        out.add_text("id", doc.id)
        out.add_bytes("doc", doc.model_dump_json(include={"id", "title", "summary", "producer_name", "text"})
                      .encode())
        for name in TEXT_FIELDS:
            for stemmer, stems in analysis.streams(doc.text.get(name, "")).items():
                out.add_text(text_field(name, stemmer), stems)
        out.add_text("suggest", " ".join(analysis.words(" ".join(doc.title.values()))))
        typed = " ".join(doc.text.get(name, "") for name in analysis.WORDS_SOURCES)
        out.add_text(WORDS_FIELD, " ".join(analysis.words(typed)))
        for path in FACETS:
            for value in doc.facets.get(path, []):
                out.add_text(facet_field(path), value)
        if doc.individuals is not None:
            out.add_integer("individuals", doc.individuals)
        if doc.published is not None:
            out.add_integer("published", timestamp(doc.published))
        out.add_integer("min_age", OPEN_LOW if doc.min_age is None else doc.min_age)
        out.add_integer("max_age", OPEN_HIGH if doc.max_age is None else doc.max_age)
        out.add_integer("start", OPEN_LOW if doc.start is None else day(doc.start))
        out.add_integer("end", OPEN_HIGH if doc.end is None else day(doc.end))
        return out

    # -- generations on disk ----------------------------------------------------------------------

    def _current(self) -> tantivy.Index:
        """The live index, reopened when another process swapped generations; created if none."""
        if self.path is None:
            assert self._index is not None  # made in memory by __init__, replaced by rebuild
            return self._index
        generation = self._pointer()
        if not self._current_generation.match(generation) or not (self.path / generation).is_dir():
            generation = self._create_generation()
        with self._lock:
            if self._index is None or generation != self._generation:
                try:
                    self._index = tantivy.Index.open(str(self.path / generation))
                except ValueError as exc:
                    raise SearchUnavailable(f"cannot open search index {self.path / generation}: {exc}") from exc
                self._generation = generation
            return self._index

    @property
    def _root(self) -> Path:
        """The index directory: generations exist only for an index on disk."""
        assert self.path is not None, "an index in memory has no generations"
        return self.path

    def _pointer(self) -> str:
        try:
            return (self._root / "current").read_text().strip()
        except FileNotFoundError:
            return ""

    def _create_generation(self) -> str:
        """An empty index (first start, or an index of an older schema version: rebuild it)."""
        with self._write_lock():
            current = self._pointer()
            if self._current_generation.match(current) and (self._root / current).is_dir():
                return current  # another process created it meanwhile
            generation = f"index-v{self.version}-{time.time_ns()}"
            (self._root / generation).mkdir()
            tantivy.Index(self.schema, path=str(self._root / generation))
            self._point_to(generation)
            return generation

    def stale(self) -> bool:
        """The live index was made by another schema or text analysis: rebuild it."""
        if self.path is None:
            return False
        current = self._pointer()
        return bool(current) and not self._current_generation.match(current)

    def _point_to(self, generation: str) -> None:
        """Swap `current` atomically, then drop generations older than the previous one."""
        previous = self._pointer()
        tmp = self._root / f"current.{os.getpid()}.tmp"
        tmp.write_text(generation)
        os.replace(tmp, self._root / "current")
        for entry in self._root.iterdir():
            if entry.is_dir() and entry.name.startswith("index-") and entry.name not in (generation, previous):
                shutil.rmtree(entry, ignore_errors=True)

    def _searcher(self) -> tantivy.Searcher:
        index = self._current()
        index.reload()
        return index.searcher()

    # -- reads ------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        searcher = self._searcher()
        plan = analysis.plan(query.q)
        text = matched = None
        if plan.concepts:
            plan, known = spelling.with_vocabulary(query.q, plan, self._known(searcher, plan),
                                                   lambda p: self._known(searcher, p))
            text = self.builder.preferred(self.builder.text(plan, known), query)
            matched = self.builder.matching(plan, known)  # the same documents, for the counts
        filters = self.builder.filters(query)
        main = self.builder.combine(text, filters)
        offset = self.cursors.offset(query)  # the simplest correct cursor here: the offset of the next hit
        order_by = {"relevance": None, "newest": "published", "volume": "individuals"}[query.sort]
        result = searcher.search(main, limit=max(query.page_size, 1), offset=offset, count=True,
                                 order_by_field=order_by, order=tantivy.Order.Desc)
        page_hits = hits(searcher, result.hits[:query.page_size], plan, scored=order_by is None)
        facets = facet_counts(searcher, self.builder, query, matched, self.builder.combine(matched, filters))
        seen = offset + len(page_hits)
        total: int = result.count  # type: ignore[attr-defined]  # given by count=True; tantivy.pyi omits it
        return SearchPage(total=total, page=query.page, page_size=query.page_size,
                          hits=page_hits, facets=facets,
                          next_cursor=self.cursors.encode(query, seen) if page_hits and seen < total else None)

    @staticmethod
    def _known(searcher: tantivy.Searcher, plan: analysis.QueryPlan) -> set[str]:
        """Stems of the query's words and synonyms that occur somewhere (the others may be typos)."""
        stems = {s for c in plan.concepts for a in c.alternatives for t in a.terms for s in t.stems}
        return {s for s in stems if any(
            searcher.doc_freq(text_field(name, stemmer), s) for name in TEXT_FIELDS for stemmer in analysis.STEMMERS
        )}

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        complete, partial = analysis.completion(prefix)
        clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "suggest", w)) for w in complete]
        if partial:
            pattern = re.escape(partial) + ".*"
            clauses.append((tantivy.Occur.Must, tantivy.Query.regex_query(self.schema, "suggest", pattern)))
        if not clauses:
            return []
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.boolean_query(clauses), limit=limit)
        docs = [json.loads(searcher.doc(address)["doc"][0]) for _, address in found.hits]
        return [Suggestion(id=d["id"], title=d["title"]) for d in docs]

    def spellings(self, words: list[str]) -> dict[str, dict[str, int]]:
        """search/spelling.py: for each word found nowhere, the words of the short fields within its typos,
        read from the best fuzzy matches, with the number of documents holding each."""
        searcher = self._searcher()
        out: dict[str, dict[str, int]] = {}
        for word in words:
            term = analysis.terms(word)
            if len(term) != 1 or self._known(searcher, analysis.QueryPlan((analysis.Concept(
                    (analysis.Alternative((term[0],)),)),), (term[0],))):
                continue
            fuzzy = tantivy.Query.fuzzy_term_query(self.schema, WORDS_FIELD, word,
                                                   distance=analysis.typos_allowed(word))
            found = searcher.search(fuzzy, limit=spelling.MAX_DOCS)
            texts = [json.loads(searcher.doc(address)["doc"][0])["text"] for _, address in found.hits]
            out[word] = {c: searcher.doc_freq(WORDS_FIELD, c) for c in spelling.near(word, spelling.words_of(texts))}
        return out

    def similar(self, doc_id: str, k: int = 5) -> list[SearchHit]:
        """Descriptions about what this one is about (search/similar.py chooses the words), best first."""
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.term_query(self.schema, "id", doc_id), limit=1)
        if not found.hits or k < 1:
            return []
        words = similar.candidates(json.loads(searcher.doc(found.hits[0][1])["doc"][0])["text"])
        # count=True gives the count; tantivy.pyi omits it
        doc_freq = {word: searcher.search(like_presence(self.schema, word), limit=1,
                                          count=True).count for word in words}  # type: ignore[attr-defined]
        likes = similar.select(words, doc_freq, searcher.num_docs)
        if not likes:
            return []
        result = searcher.search(more_like(self.schema, likes, doc_id), limit=k)
        return hits(searcher, result.hits, analysis.QueryPlan((), ()), scored=True)

    def ids(self) -> set[str]:
        searcher = self._searcher()
        if not searcher.num_docs:
            return set()
        found = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs)
        return {searcher.doc(address)["id"][0] for _, address in found.hits}

    def health(self) -> dict[str, object]:
        try:
            searcher = self._searcher()
        except Exception as exc:  # noqa: BLE001 - health reports any failure
            return {"status": "down", "engine": self.name, "error": str(exc)}
        return {"status": "ok", "engine": self.name, "documents": searcher.num_docs,
                "segments": searcher.num_segments, "location": str(self.path) if self.path else "memory",
                "generation": self._generation}

    def close(self) -> None:
        """Forget the on-disk reader (the next call reopens it); an in-memory index is kept."""
        with self._lock:
            if self.path is not None:
                self._index, self._generation = None, None
