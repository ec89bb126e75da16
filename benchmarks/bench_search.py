"""Search latency of the embedded engine on N synthetic descriptions (prints numbers; not a test).

    .venv/bin/python benchmarks/bench_search.py --n 100000

Descriptions are made from the corpus records: each synthetic one takes a template's structure,
mixes sentences of several records into its texts and draws its facets and ranges at random, so the
vocabulary and text lengths stay realistic. One measured operation is what a search page costs:
one query, its facet counts over all matches (every facet) and a top-20 page with highlights.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas import vocabularies as v  # noqa: E402
from schemas.dataset import DatasetDescription  # noqa: E402
from schemas.search import SearchQuery  # noqa: E402
from search.document import project  # noqa: E402
from search.relevance import load_corpus  # noqa: E402
from search.tantivy_engine import TantivyEngine  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "datasets.jsonl"
QUERIES: list[dict] = [
    {"q": "cancer du sein"},
    {"q": "EDS"},
    {"q": "kidney failure dialysis patients"},
    {"q": "données de santé connectées diabète"},
    {"q": "cohort with genomic data and consent for commercial use"},
    {"q": "santé mentale des jeunes"},
    {"q": "registre", "filters": {"access.rights": ["RESTRICTED"], "typology.data_types": ["registry"]}},
    {"q": "données hospitalières", "filters": {"access.audiences.startup": ["yes", "under_conditions"]}},
    {"q": "cohorte", "sort": "volume", "individuals_min": 10_000},
    {"q": "", "sort": "newest"},
    {"q": "", "age_min": 18, "age_max": 25, "covers_from": "2015-01-01"},
    {"q": "transplantaton"},  # a typo: the fuzzy fallback
]


def synthetic(templates: list[dict], n: int, seed: int = 7) -> Iterator[DatasetDescription]:
    """N valid descriptions derived from the corpus records."""
    rng = random.Random(seed)
    sentences = {lang: [s for t in templates for s in t["description"].get(lang, "").split(". ") if s]
                 for lang in ("fr", "en")}
    for i in range(n):
        record = dict(rng.choice(templates))
        record["id"] = f"{record['id'][:60]}-{i}"
        record["description"] = {lang: ". ".join(rng.sample(sentences[lang], 8)) for lang in record["description"]}
        record["typology"] = {**record["typology"], "data_types": rng.sample(list(v.DataType.__args__), 2)}
        record["access"] = {**record["access"], "rights": rng.choice(v.AccessRights.__args__),
                            "audiences": {a: rng.choice(v.AudienceAnswer.__args__) for a in v.Audience.__args__}}
        record["producer"] = {**record["producer"], "id": f"producer-{rng.randrange(2000)}"}
        low = rng.choice([None, 0, 18, 40, 65])
        record["population"] = {**record["population"], "min_age": low,
                                "max_age": rng.choice([None, 120]) if low is not None else rng.choice([None, 17])}
        start = rng.randrange(1990, 2024)
        record["temporal_coverage"] = {"start": f"{start}-01-01",
                                       "end": rng.choice([None, f"{min(start + rng.randrange(1, 15), 2025)}-12-31"])}
        record["volume"] = {**record["volume"], "individuals": rng.choice([None, rng.randrange(10, 70_000_000)])}
        yield DatasetDescription.model_validate(record)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of synthetic descriptions")
    parser.add_argument("--rounds", type=int, default=20, help="times each query is run")
    args = parser.parse_args()
    templates = [r.to_record() for r in load_corpus(CORPUS)]
    rng = random.Random(11)
    epoch = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        engine = TantivyEngine(Path(tmp) / "search")
        started = time.perf_counter()
        docs = [project(r, epoch + dt.timedelta(minutes=rng.randrange(3_000_000)))
                for r in synthetic(templates, args.n)]
        projected = time.perf_counter() - started
        started = time.perf_counter()
        count = engine.rebuild(docs)
        built = time.perf_counter() - started
        print(f"{count} descriptions: generated and projected in {projected:.1f} s, "
              f"index built in {built:.1f} s ({count / built:.0f} docs/s)")
        started = time.perf_counter()
        engine.index(docs[:1])
        took = 1000 * (time.perf_counter() - started)
        print(f"one document indexed into the live index (commit + reload): {took:.0f} ms")

        queries = [SearchQuery(page_size=20, **q) for q in QUERIES]
        for query in queries:
            engine.search(query)  # warm caches
        timings: dict[int, list[float]] = {i: [] for i in range(len(queries))}
        started = time.perf_counter()
        for _ in range(args.rounds):
            for i, query in enumerate(queries):
                t0 = time.perf_counter()
                engine.search(query)
                timings[i].append(1000 * (time.perf_counter() - t0))
        elapsed = time.perf_counter() - started
        print(f"\n{'query':<60} {'total':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for i, query in enumerate(queries):
            label = (query.q or "(empty)") + (f" +{len(query.filters)} filters" if query.filters else "")
            total = engine.search(query).total
            print(f"{label[:60]:<60} {total:>7} {statistics.median(timings[i]):7.1f} {percentile(timings[i], 95):7.1f}")
        every = [t for ts in timings.values() for t in ts]
        print(f"\nall queries: p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 95):.1f} ms, "
              f"throughput {len(every) / elapsed:.1f} searches/s (one thread)")
        started = time.perf_counter()
        for word in ("entr", "cancer du s", "coh", "registre na"):
            engine.suggest(word)
        print(f"suggest: {1000 * (time.perf_counter() - started) / 4:.1f} ms per call")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
