"""Relevance evaluation against judged queries (shared/corpus/README.md): nDCG@10, recall@20, MRR.

Several judged sets side by side (the dev set the ranking is tuned on, a held-out set nobody tunes on),
each on every engine asked; each engine indexes the corpus once:

    python -m search.relevance --set dev=../shared/corpus/queries-dev.jsonl \\
        --set heldout=benchmarks/relevance/queries-heldout.jsonl [--per-query]
    python -m search.relevance ... --engine both --es-url http://127.0.0.1:9200   # and how alike they rank
    python -m search.relevance ... --json after.json --compare before.json         # deltas per set, engine, kind

Tantivy always runs; Elasticsearch too when a URL is known (--es-url or CATALOGUE_TEST_ES_URL) and answers
(--engine names one or both to insist). A set whose file does not exist is reported and skipped: the
held-out set is written separately and may not be there yet. Queries take the product's path, a
SearchQuery (text, language, the judged filters) sent to the engine, which ranks as it does for users.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.dataset import DatasetDescription
from schemas.search import FACETS, SearchDocument, SearchQuery
from search.document import project
from search import understanding
from search.port import SearchEngine

DEPTH = 20  # results fetched per query: enough for recall@20, nDCG@10 and MRR
TOP = 3  # ids shown per query in the per-query table: enough to see what took the first places
QUERY_WIDTH = 40  # characters of a query shown in the per-query table
ENGINES = ("tantivy", "elasticsearch")  # the order engines are run and printed in; gaps are the second minus the first
SHORT = {"tantivy": "tantivy", "elasticsearch": "es"}
# The kinds of held-out queries, in the order they are printed; any other kind follows, alphabetically.
KINDS = ("plain", "typo", "lay", "question", "constraint", "cross_language", "acronym")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_SETS = (("dev", SHARED / "queries-dev.jsonl"), ("heldout", ROOT / "benchmarks" / "relevance" /
                                                       "queries-heldout.jsonl"))


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    q: str
    lang: str
    relevant: dict[str, int]
    filters: dict[str, list[str]] = field(default_factory=dict)
    kind: str = ""  # plain, typo, lay, question, ... (held-out sets); empty: the set's own name stands for it


@dataclass(frozen=True)
class QueryScore:
    id: str
    q: str
    ndcg10: float
    recall20: float
    mrr: float
    ranked: tuple[str, ...]
    kind: str = ""
    lang: str = "fr"


@dataclass(frozen=True)
class Report:
    queries: tuple[QueryScore, ...]

    def mean(self, metric: str) -> float:
        return sum(getattr(s, metric) for s in self.queries) / len(self.queries) if self.queries else 0.0

    def by_kind(self, default: str) -> dict[str, Report]:
        """One report per kind of query (a query without a kind counts as `default`), in KINDS order then by
        name: a mean over a whole set hides that typos or questions fail while plain queries do well."""
        groups: dict[str, list[QueryScore]] = {}
        for score in self.queries:
            groups.setdefault(score.kind or default, []).append(score)
        order = sorted(groups, key=lambda kind: (KINDS.index(kind) if kind in KINDS else len(KINDS), kind))
        return {kind: Report(tuple(groups[kind])) for kind in order}


@dataclass(frozen=True)
class QuerySet:
    name: str
    path: Path
    queries: tuple[JudgedQuery, ...]


def load_queries(path: Path) -> list[JudgedQuery]:
    """Judged queries, one JSON object per line; blank lines are skipped. A line that is not a judged query,
    or an id given twice (comparisons pair queries by id), fails with the file and line."""
    out: list[JudgedQuery] = []
    seen: set[str] = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            judged = JudgedQuery(str(raw["id"]), raw["q"], raw.get("lang", "fr"), dict(raw["relevant"]),
                                 raw.get("filters") or {}, raw.get("kind") or "")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{number}: not a judged query ({type(exc).__name__}: {exc})") from exc
        if judged.id in seen:
            raise ValueError(f"{path}:{number}: query id {judged.id!r} given twice")
        seen.add(judged.id)
        out.append(judged)
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


def evaluate(engine: SearchEngine, queries: Iterable[JudgedQuery], use_filters: bool = True,
             understand: bool = True) -> Report:
    """Run every judged query through the engine and score its first DEPTH results; like the REST search,
    the constraints the text states are applied as filters (search/understanding.py) unless told not to."""
    scores = []
    for judged in queries:
        filters = {k: v for k, v in judged.filters.items() if k in FACETS} if use_filters else {}
        query = SearchQuery(q=judged.q, lang=judged.lang, filters=filters, page_size=DEPTH, facets=[])
        page = engine.search(understanding.apply(query)[0] if understand else query)
        ranked = tuple(hit.id for hit in page.hits)
        scores.append(QueryScore(judged.id, judged.q, ndcg_at(ranked, judged.relevant),
                                 recall_at(ranked, judged.relevant), reciprocal_rank(ranked, judged.relevant),
                                 ranked, judged.kind, judged.lang))
    return Report(tuple(scores))


def same_top(a: Report, b: Report, k: int = 10) -> list[str]:
    """Ids of the queries whose first k results are the same, in the same order, in both reports."""
    return [x.id for x, y in zip(a.queries, b.queries, strict=True) if x.id == y.id and x.ranked[:k] == y.ranked[:k]]


# -- several sets on several engines ----------------------------------------------------------------------

Results = dict[str, dict[str, Report]]  # set name -> engine name -> report, in the order run


def read_sets(specs: Iterable[tuple[str, Path]], corpus_ids: set[str]) -> tuple[list[QuerySet], list[str]]:
    """The sets whose file exists, and a line for each set skipped (missing file) or judging an id the corpus
    does not hold (a typo in a judgment would count as a relevant record never found)."""
    sets, notes = [], []
    for name, path in specs:
        if not Path(path).is_file():
            notes.append(f"{name}: {path} not found: skipped")
            continue
        queries = tuple(load_queries(path))
        unknown = sorted({doc for judged in queries for doc in judged.relevant} - corpus_ids)
        if unknown:
            notes.append(f"{name}: judged ids not in the corpus: {', '.join(unknown)}")
        sets.append(QuerySet(name, Path(path), queries))
    return sets, notes


def run(engines: dict[str, SearchEngine], sets: Iterable[QuerySet], use_filters: bool = True,
        understand: bool = True) -> Results:
    """Every set on every engine, the engines already holding the corpus (indexed once for all the sets)."""
    return {s.name: {name: evaluate(engine, s.queries, use_filters, understand) for name, engine in engines.items()}
            for s in sets}


def _engine_names(results: Results) -> list[str]:
    return list(dict.fromkeys(name for by_engine in results.values() for name in by_engine))


def _gap(values: dict[str, float], names: list[str]) -> str:
    return f"{values[names[1]] - values[names[0]]:+13.3f}" if len(names) == 2 else ""


def format_summary(results: Results) -> str:
    """Set x engine: nDCG@10, recall@20, MRR and the number of queries; with two engines, the gap in nDCG@10
    (second minus first) and how many queries get the same top 10 from both."""
    names = _engine_names(results)
    head1 = f"{'':<14}" + "".join(f"  {name:<21}" for name in names)
    head2 = f"{'set':<10} {'n':>3}" + "  nDCG@10  R@20   MRR " * len(names)
    if len(names) == 2:
        head1 += f"  {SHORT[names[1]] + ' - ' + SHORT[names[0]]:>13}"
        head2 += f"  {'nDCG@10':>13}  same top-10"
    lines = ["== summary", head1.rstrip(), head2.rstrip()]
    for set_name, by_engine in results.items():
        n = len(next(iter(by_engine.values())).queries)
        row = f"{set_name:<10} {n:>3}"
        for name in names:
            report = by_engine[name]
            row += f"  {report.mean('ndcg10'):7.3f}  {report.mean('recall20'):4.2f}  {report.mean('mrr'):4.2f} "
        if len(names) == 2:
            same = len(same_top(by_engine[names[0]], by_engine[names[1]]))
            row += f"  {_gap({k: r.mean('ndcg10') for k, r in by_engine.items()}, names)}  {same}/{n}"
        lines.append(row.rstrip())
    return "\n".join(lines)


def format_kinds(results: Results) -> str:
    """Set x kind of query x engine: nDCG@10 (a dev query without a kind counts as its set's name)."""
    names = _engine_names(results)
    head = f"{'set':<10} {'kind':<15} {'n':>3}" + "".join(f"  {SHORT[name]:>8}" for name in names)
    if len(names) == 2:
        head += f"  {SHORT[names[1]] + ' - ' + SHORT[names[0]]:>13}"
    lines = ["== nDCG@10 per kind of query", head]
    for set_name, by_engine in results.items():
        kinds = {name: report.by_kind(set_name) for name, report in by_engine.items()}
        for kind, report in kinds[names[0]].items():
            values = {name: kinds[name][kind].mean("ndcg10") for name in names}
            lines.append(f"{set_name:<10} {kind:<15} {len(report.queries):>3}"
                         + "".join(f"  {values[name]:8.3f}" for name in names) + _gap(values, names).rjust(15))
    return "\n".join(line.rstrip() for line in lines)


def _short(q: str) -> str:
    return q if len(q) <= QUERY_WIDTH else q[:QUERY_WIDTH - 1] + "…"


def format_queries(results: Results) -> str:
    """Each query: its set, id, kind, language, text (cut), nDCG@10 on each engine side by side, and the first
    TOP ids (of the first engine; of the second too when they differ)."""
    names = _engine_names(results)
    lines = ["== nDCG@10 per query, first results",
             f"{'set':<10} {'id':<8} {'kind':<15} {'lang':<4} {'query':<{QUERY_WIDTH}}"
             + "".join(f"  {SHORT[name]:>7}" for name in names) + f"  top {TOP}"]
    for set_name, by_engine in results.items():
        reports = [by_engine[name] for name in names]
        for scores in zip(*(report.queries for report in reports), strict=True):
            first = scores[0]
            tops = [", ".join(score.ranked[:TOP]) or "(nothing)" for score in scores]
            shown = tops[0] + "".join(f"  | {SHORT[name]}: {top}" for name, top in zip(names[1:], tops[1:],
                                                                                       strict=True)
                                      if top != tops[0])
            lines.append(f"{set_name:<10} {first.id:<8} {first.kind or set_name:<15} {first.lang:<4} "
                         f"{_short(first.q):<{QUERY_WIDTH}}" + "".join(f"  {s.ndcg10:7.3f}" for s in scores)
                         + f"  {shown}")
    return "\n".join(lines)


def format_report(report: Report) -> str:
    """One engine's scores on one set, every metric per query (for a quick look in a test or a shell)."""
    lines = [f"{'id':<5} {'nDCG@10':>7} {'R@20':>5} {'MRR':>5}  query"]
    lines += [f"{s.id:<5} {s.ndcg10:7.3f} {s.recall20:5.2f} {s.mrr:5.2f}  {s.q}" for s in report.queries]
    lines.append(f"{'mean':<5} {report.mean('ndcg10'):7.3f} {report.mean('recall20'):5.2f} "
                 f"{report.mean('mrr'):5.2f}  ({len(report.queries)} queries)")
    return "\n".join(lines)


# -- numbers kept for notes and comparisons ---------------------------------------------------------------

METRICS = ("ndcg10", "recall20", "mrr")


def _means(report: Report) -> dict[str, Any]:
    return {**{metric: round(report.mean(metric), 4) for metric in METRICS}, "queries": len(report.queries)}


def to_json(results: Results, sets: Iterable[QuerySet], notes: Iterable[str] = ()) -> dict[str, Any]:
    """Every figure printed, and each query's scores and first DEPTH ids, as --json writes and --compare reads:
    {"sets": {set: {"path", "engines": {engine: {ndcg10, recall20, mrr, queries, "kinds": {kind: {...}},
    "per_query": [{id, kind, lang, q, ndcg10, recall20, mrr, ranked}]}}}}, "notes": [...]}."""
    paths = {s.name: str(s.path) for s in sets}
    out: dict[str, Any] = {"depth": DEPTH, "sets": {}, "notes": list(notes)}
    for set_name, by_engine in results.items():
        engines = {}
        for name, report in by_engine.items():
            engines[name] = {**_means(report),
                             "kinds": {kind: _means(part) for kind, part in report.by_kind(set_name).items()},
                             "per_query": [{"id": s.id, "kind": s.kind or set_name, "lang": s.lang, "q": s.q,
                                            **{metric: round(getattr(s, metric), 4) for metric in METRICS},
                                            "ranked": list(s.ranked)} for s in report.queries]}
        out["sets"][set_name] = {"path": paths.get(set_name, ""), "engines": engines}
    return out


def _delta(old: dict[str, Any], new: dict[str, Any]) -> str:
    return "".join(f"  {old[m]:6.3f} → {new[m]:6.3f} {new[m] - old[m]:+7.3f}" for m in METRICS)


def compare(old: dict[str, Any], new: dict[str, Any], per_query: bool = False) -> str:
    """Before/after per set, engine and kind (new minus old); with per_query, the queries whose nDCG@10 moved.
    A set or engine in one run only is named; a set whose queries changed says so, since its means then
    compare different questions."""
    lines = ["== compared with the earlier run (new - old)",
             f"{'set':<10} {'engine':<14} {'kind':<15} {'n':>3}" + "".join(
                 f"  {label:<23}" for label in ("nDCG@10", "recall@20", "MRR")).rstrip()]
    moved = []
    for set_name, new_set in new["sets"].items():
        old_set = old.get("sets", {}).get(set_name)
        if old_set is None:
            lines.append(f"{set_name:<10} only in the new run")
            continue
        for engine, now in new_set["engines"].items():
            before = old_set["engines"].get(engine)
            if before is None:
                lines.append(f"{set_name:<10} {engine:<14} only in the new run")
                continue
            old_ids = {q["id"] for q in before["per_query"]}
            new_ids = {q["id"] for q in now["per_query"]}
            note = "" if old_ids == new_ids else (f"  (queries differ: {len(new_ids - old_ids)} new, "
                                                 f"{len(old_ids - new_ids)} gone)")
            lines.append(f"{set_name:<10} {engine:<14} {'all':<15} {now['queries']:>3}{_delta(before, now)}{note}")
            for kind, part in now["kinds"].items():
                was = before["kinds"].get(kind)
                lines.append(f"{'':<10} {'':<14} {kind:<15} {part['queries']:>3}"
                             + (_delta(was, part) if was else "  only in the new run"))
            earlier = {q["id"]: q for q in before["per_query"]}
            moved += [(set_name, engine, q, earlier[q["id"]]) for q in now["per_query"]
                      if q["id"] in earlier and abs(q["ndcg10"] - earlier[q["id"]]["ndcg10"]) >= 0.0005]
        for engine in old_set["engines"]:
            if engine not in new_set["engines"]:
                lines.append(f"{set_name:<10} {engine:<14} only in the earlier run")
    lines += [f"{name:<10} only in the earlier run" for name in old.get("sets", {}) if name not in new["sets"]]
    if per_query:
        lines.append(f"-- queries whose nDCG@10 moved: {len(moved)}")
        lines += [f"{set_name:<10} {engine:<14} {q['id']:<8} {_short(q['q']):<{QUERY_WIDTH}}  "
                  f"{was['ndcg10']:6.3f} → {q['ndcg10']:6.3f} {q['ndcg10'] - was['ndcg10']:+7.3f}"
                  for set_name, engine, q, was in moved]
    return "\n".join(lines)


# -- the command --------------------------------------------------------------------------------------------


def _set_spec(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=PATH, e.g. dev=../shared/corpus/queries-dev.jsonl")
    return name.strip(), Path(path.strip())


def _engines(choice: str, es_url: str | None, docs: list[SearchDocument], stack: ExitStack,
             say: Any) -> dict[str, SearchEngine]:
    """The engines asked, each holding the corpus. `auto`: Tantivy, and Elasticsearch when a URL is known and
    the cluster answers (said when it does not); naming elasticsearch insists on it (an error if down)."""
    from search.tantivy_engine import TantivyEngine

    wanted = {"auto": ENGINES, "both": ENGINES}.get(choice, (choice,))
    engines: dict[str, SearchEngine] = {}
    for name in wanted:
        if name == "tantivy":
            tantivy = TantivyEngine(None)
            tantivy.index(docs)
            engines[name] = tantivy
            continue
        if es_url is None and choice == "auto":
            say("Elasticsearch: no URL (--es-url or CATALOGUE_TEST_ES_URL): Tantivy only")
            continue
        from search.elasticsearch_engine import ElasticsearchEngine

        url = es_url or "http://127.0.0.1:9200"
        es = ElasticsearchEngine(url, index_prefix=f"catalogue-relevance-{os.getpid()}")
        stack.callback(es.close)
        health = es.health()
        if health["status"] != "ok":
            down = f"Elasticsearch at {url} does not answer ({health.get('error') or health})"
            if choice == "auto":
                say(f"{down}: Tantivy only (scripts/services.sh start runs it)")
                continue
            raise SystemExit(down)
        stack.callback(es.drop)  # a temporary index, deleted whatever happens
        es.rebuild(docs)
        engines[name] = es
    return engines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "datasets.jsonl")
    parser.add_argument("--set", dest="sets", type=_set_spec, action="append", metavar="NAME=PATH",
                        help="a judged query set (repeatable); default: dev and heldout "
                             f"({', '.join(f'{n}={p}' for n, p in DEFAULT_SETS)})")
    parser.add_argument("--queries", type=Path, help="the dev set alone (same as --set dev=PATH)")
    parser.add_argument("--no-filters", action="store_true", help="send q alone, without the judged filters")
    parser.add_argument("--literal", action="store_true",
                        help="match the text only: no constraint read in words (search/understanding.py)")
    parser.add_argument("--engine", choices=("auto", "tantivy", "elasticsearch", "both"), default="auto",
                        help="auto (default): Tantivy, and Elasticsearch when its URL is known and it answers")
    parser.add_argument("--es-url", default=os.environ.get("CATALOGUE_TEST_ES_URL") or None,
                        help="Elasticsearch to evaluate on (a temporary index is created and deleted)")
    parser.add_argument("--per-query", action="store_true", help="every query's nDCG@10 per engine and first ids")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure (and each query's ranking)")
    parser.add_argument("--compare", type=Path, metavar="OLD.json", help="print the deltas from an earlier --json")
    args = parser.parse_args(argv)
    specs = list(args.sets or []) + ([("dev", args.queries)] if args.queries else [])
    names = [name for name, _ in specs]
    if len(set(names)) != len(names):
        parser.error(f"a set name given twice: {', '.join(names)}")
    old = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None

    records = load_corpus(args.corpus)
    try:
        sets, notes = read_sets(specs or DEFAULT_SETS, {record.id for record in records})
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    for note in notes:
        print(note)
    if not sets:
        raise SystemExit("no query set to run")
    with ExitStack() as stack:
        engines = _engines(args.engine, args.es_url, [project(record) for record in records], stack, print)
        results = run(engines, sets, use_filters=not args.no_filters, understand=not args.literal)
    print(f"{len(records)} records, first {DEPTH} results a query, "
          + ("without the judged filters" if args.no_filters else "with the judged filters"))
    if args.per_query:
        print(format_queries(results), end="\n\n")
    print(format_kinds(results), end="\n\n")
    print(format_summary(results))
    numbers = to_json(results, sets, notes)
    if old is not None:
        print("\n" + compare(old, numbers, per_query=args.per_query))
    if args.json:
        args.json.write_text(json.dumps(numbers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
