"""The search contract on the embedded engine, in memory and on disk, plus what only disk has."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemas.search import SearchQuery
from search.port import SearchUnavailable
from search.tantivy_engine import TantivyEngine
from tests.contracts.search_contract import SearchEngineContract, doc, ids_of

REPO = Path(__file__).resolve().parents[2]


class TestTantivyInMemory(SearchEngineContract):
    @pytest.fixture
    def make_engine(self) -> Iterator[Callable[[], TantivyEngine]]:
        engines: list[TantivyEngine] = []
        yield lambda: engines.append(TantivyEngine(None)) or engines[-1]
        for engine in engines:
            engine.close()


class TestTantivyOnDisk(SearchEngineContract):
    @pytest.fixture
    def make_engine(self, tmp_path: Path) -> Iterator[Callable[[], TantivyEngine]]:
        engines: list[TantivyEngine] = []
        yield lambda: engines.append(TantivyEngine(tmp_path / "search")) or engines[-1]
        for engine in engines:
            engine.close()

    def test_index_persists_across_instances(self, tmp_path: Path) -> None:
        TantivyEngine(tmp_path / "s").index([doc("kept", "Cohorte")])
        assert ids_of(TantivyEngine(tmp_path / "s"), q="cohorte") == ["kept"]

    def test_two_instances_see_each_other_writes(self, tmp_path: Path) -> None:
        web, cli = TantivyEngine(tmp_path / "s"), TantivyEngine(tmp_path / "s")
        assert web.ids() == set()
        cli.index([doc("one", "Registre")])
        assert ids_of(web, q="registre") == ["one"]
        cli.rebuild([doc("two", "Registre")])
        assert ids_of(web, q="registre") == ["two"]
        web.delete(["two"])
        assert cli.ids() == set()

    def test_rebuild_keeps_only_current_and_previous_generation(self, tmp_path: Path) -> None:
        engine = TantivyEngine(tmp_path / "s")
        for round_ in range(4):
            engine.rebuild([doc(f"r{round_}")])
        assert len([p for p in (tmp_path / "s").iterdir() if p.is_dir()]) == 2
        assert engine.ids() == {"r3"}

    def test_an_index_of_another_schema_version_is_replaced_by_an_empty_one(self, tmp_path: Path) -> None:
        (tmp_path / "s" / "index-v0-1").mkdir(parents=True)
        (tmp_path / "s" / "current").write_text("index-v0-1")
        engine = TantivyEngine(tmp_path / "s")
        assert engine.health()["documents"] == 0  # the catalogue rebuilds it from its descriptions
        engine.index([doc("a")])
        assert engine.ids() == {"a"}

    def test_writer_waits_then_reports_unavailable(self, tmp_path: Path) -> None:
        engine = TantivyEngine(tmp_path / "s", lock_timeout=0.2)
        engine.index([doc("a")])
        with open(tmp_path / "s" / "write.lock", "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # another process in the middle of a write
            with pytest.raises(SearchUnavailable):
                engine.index([doc("b")])
            assert engine.ids() == {"a"}  # reads still work while a writer holds the lock
        engine.index([doc("b")])
        assert engine.ids() == {"a", "b"}

    def test_a_write_from_another_process_is_seen(self, tmp_path: Path) -> None:
        """A CLI process indexes one document at a time while this (web) process keeps searching."""
        engine = TantivyEngine(tmp_path / "s")
        engine.index([doc("mine", "Cohorte")])
        script = textwrap.dedent(f"""
            from pathlib import Path
            from search.tantivy_engine import TantivyEngine
            from tests.contracts.search_contract import doc
            engine = TantivyEngine(Path({str(tmp_path / "s")!r}))
            for i in range(10):
                engine.index([doc(f"theirs-{{i}}", "Cohorte")])
        """)
        writer = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
        totals = []
        while writer.poll() is None:
            totals.append(engine.search(SearchQuery(q="cohorte", page_size=0)).total)
        assert writer.wait(timeout=60) == 0
        assert totals == sorted(totals), "a search never goes back in time"
        assert engine.search(SearchQuery(q="cohorte", page_size=0)).total == 11
        assert engine.ids() == {"mine"} | {f"theirs-{i}" for i in range(10)}


MATCHING_QUERIES = [
    "cancer", "cancer du sein", "EDS", "kidney failure dialysis patients", "données de santé connectées diabète",
    "cohort with genomic data and consent for commercial use", "santé mentale des jeunes", "registre",
    "données hospitalières", "transplantaton", "insuffisance rénale chronique", "AVC", "maladies rares enfants",
    "imagerie médicale IRM", "pharmacovigilance", "\"soins primaires\"", "covid-19 hospitalisations 2020",
    "diabete type 2", "mortalité périnatale", "accès startup", "zzzz", "hôpital", "SNDS PMSI", "oncology",
    "remboursemnts", "entrepôt de donées", "echantillon", "kohorte constances", "hopitalisaton", "constanses",
    "unicancr",
]  # the last ones have typos, or synonyms found nowhere (matched one typo away)


def test_the_counting_query_matches_the_documents_the_ranking_query_matches() -> None:
    """Facet counts use `QueryBuilder.matching`: it must select exactly the documents `text` selects."""
    from schemas.dataset import DatasetDescription
    from search import analysis, spelling
    from search.document import project
    from tests.conftest import corpus_records

    engine = TantivyEngine(None)
    try:
        engine.index([project(DatasetDescription.model_validate(r), None) for r in corpus_records()])
        searcher = engine._searcher()
        differing, matched_any = [], 0
        for q in MATCHING_QUERIES:
            plan = analysis.plan(q)
            plan, known = spelling.with_vocabulary(q, plan, engine._known(searcher, plan),
                                                   lambda p: engine._known(searcher, p))
            ranked, counted = ({searcher.doc(found)["id"][0] for _, found in searcher.search(query, limit=1000).hits}
                               for query in (engine.builder.text(plan, known), engine.builder.matching(plan, known)))
            matched_any += bool(ranked)
            if ranked != counted:
                differing.append((q, len(ranked), len(counted)))
        assert differing == []
        assert matched_any >= len(MATCHING_QUERIES) - 2  # the queries do find documents
    finally:
        engine.close()
