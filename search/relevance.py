"""Relevance evaluation against judged queries (shared/corpus/README.md): nDCG@10, recall@20, MRR.

    python -m search.relevance --corpus shared/corpus/datasets.jsonl --queries shared/corpus/queries-dev.jsonl
    python -m search.relevance ... --engine elasticsearch --es-url http://127.0.0.1:9200
    python -m search.relevance ... --engine both --es-url http://127.0.0.1:9200   # and how alike they rank
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from schemas.dataset import DatasetDescription
from schemas.search import FACETS, SearchQuery
from search.document import project
from search.port import SearchEngine

DEPTH = 20  # results fetched per query: enough for recall@20, nDCG@10 and MRR


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    q: str
    lang: str
    relevant: dict[str, int]
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryScore:
    id: str
    q: str
    ndcg10: float
    recall20: float
    mrr: float
    ranked: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    queries: tuple[QueryScore, ...]

    def mean(self, metric: str) -> float:
        return sum(getattr(s, metric) for s in self.queries) / len(self.queries) if self.queries else 0.0


def load_queries(path: Path) -> list[JudgedQuery]:
    """Judged queries, one JSON object per line; blank lines are skipped."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            out.append(JudgedQuery(raw["id"], raw["q"], raw.get("lang", "fr"), raw["relevant"],
                                   raw.get("filters") or {}))
    return out


def load_corpus(path: Path) -> list[DatasetDescription]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [DatasetDescription.model_validate_json(line) for line in lines if line.strip()]


def ndcg_at(ranked: Iterable[str], grades: dict[str, int], k: int = 10) -> float:
    """Gain 2^grade - 1, discount log2(rank + 1); ideal from all judged grades (top k)."""
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(rank + 1) for rank, doc in enumerate(list(ranked)[:k], 1))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Iterable[str], grades: dict[str, int], k: int = 20) -> float:
    relevant = {doc for doc, grade in grades.items() if grade >= 1}
    return len(relevant & set(list(ranked)[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Iterable[str], grades: dict[str, int]) -> float:
    """1 / rank of the first result graded 2 or more, 0 if none."""
    return next((1 / rank for rank, doc in enumerate(ranked, 1) if grades.get(doc, 0) >= 2), 0.0)


def evaluate(engine: SearchEngine, queries: Iterable[JudgedQuery], use_filters: bool = True) -> Report:
    """Run every judged query through the engine and score its first DEPTH results."""
    scores = []
    for judged in queries:
        filters = {k: v for k, v in judged.filters.items() if k in FACETS} if use_filters else {}
        page = engine.search(SearchQuery(q=judged.q, lang=judged.lang, filters=filters, page_size=DEPTH,
                                         facets=[]))
        ranked = tuple(hit.id for hit in page.hits)
        scores.append(QueryScore(judged.id, judged.q, ndcg_at(ranked, judged.relevant),
                                 recall_at(ranked, judged.relevant), reciprocal_rank(ranked, judged.relevant),
                                 ranked))
    return Report(tuple(scores))


def format_report(report: Report) -> str:
    lines = [f"{'id':<5} {'nDCG@10':>7} {'R@20':>5} {'MRR':>5}  query"]
    lines += [f"{s.id:<5} {s.ndcg10:7.3f} {s.recall20:5.2f} {s.mrr:5.2f}  {s.q}" for s in report.queries]
    lines.append(f"{'mean':<5} {report.mean('ndcg10'):7.3f} {report.mean('recall20'):5.2f} "
                 f"{report.mean('mrr'):5.2f}  ({len(report.queries)} queries)")
    return "\n".join(lines)


def same_top(a: Report, b: Report, k: int = 10) -> list[str]:
    """Ids of the queries whose first k results are the same, in the same order, in both reports."""
    return [x.id for x, y in zip(a.queries, b.queries, strict=True) if x.id == y.id and x.ranked[:k] == y.ranked[:k]]


def _run(engine_name: str, args: argparse.Namespace) -> Report:
    """Load the corpus into a fresh engine of that name (the CLI's own wiring), evaluate, clean up."""
    docs = [project(record) for record in load_corpus(args.corpus)]
    queries = load_queries(args.queries)
    if engine_name == "tantivy":
        from search.tantivy_engine import TantivyEngine

        engine = TantivyEngine(None)
        engine.index(docs)
        return evaluate(engine, queries, use_filters=not args.no_filters)
    from search.elasticsearch_engine import ElasticsearchEngine

    es = ElasticsearchEngine(args.es_url, index_prefix=f"catalogue-relevance-{os.getpid()}")
    try:
        es.rebuild(docs)
        return evaluate(es, queries, use_filters=not args.no_filters)
    finally:
        es.drop()
        es.close()


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default / "datasets.jsonl")
    parser.add_argument("--queries", type=Path, default=default / "queries-dev.jsonl")
    parser.add_argument("--no-filters", action="store_true", help="send q alone, without the judged filters")
    parser.add_argument("--engine", choices=("tantivy", "elasticsearch", "both"), default="tantivy")
    parser.add_argument("--es-url", default=os.environ.get("CATALOGUE_TEST_ES_URL", "http://127.0.0.1:9200"),
                        help="Elasticsearch to evaluate on (a temporary index is created and deleted)")
    args = parser.parse_args(argv)
    names = ("tantivy", "elasticsearch") if args.engine == "both" else (args.engine,)
    reports = {name: _run(name, args) for name in names}
    for name, report in reports.items():
        print(f"== {name}\n{format_report(report)}")
    if len(reports) == 2:
        same = same_top(reports["tantivy"], reports["elasticsearch"])
        differ = [s.id for s in reports["tantivy"].queries if s.id not in same]
        print(f"identical top-10 in both engines: {len(same)}/{len(reports['tantivy'].queries)} queries"
              + (f" (differ: {', '.join(differ)})" if differ else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
