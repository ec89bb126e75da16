"""What each ranking rule of search/ranking.py is worth: every rule switched off (or made neutral) in turn,
nDCG@10 on each judged set, on each engine. Prints summaries only (the held-out set is reported, never
tuned on: no per-query line).

    python benchmarks/relevance/ablation.py            # Tantivy, and Elasticsearch when its URL is known
    make relevance-ablation

The engines index the corpus once; every rule here acts at query time.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from types import MappingProxyType

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from search import ranking  # noqa: E402
from search.document import project  # noqa: E402
from search.relevance import DEFAULT_SETS, SHARED, _engines, load_corpus, read_sets, run  # noqa: E402

# (what is switched off, the attribute of search/ranking.py, its neutral value)
RULES: tuple[tuple[str, str, object], ...] = (
    ("(not off) the field weights before issue 12", "FIELD_WEIGHTS", MappingProxyType({
        "title": 5.0, "keywords": 3.0, "themes": 2.0, "producer_name": 1.5, "summary": 1.5, "collaboration": 1.0,
        "description": 1.0, "population": 0.8, "procedure": 0.5})),
    ("other fields' share (best field only)", "FIELD_TIE", 0.0),
    ("other expressions of a concept (best one only)", "CONCEPT_TIE", 0.0),
    ("synonyms below typed words (synonyms count 1)", "SYNONYM_WEIGHT", 1.0),
    ("parts of an expression (not matched alone)", "PART_WEIGHT", 0.0),
    ("narrower concepts (a wider one finds them)", "NARROWER_WEIGHT", 0.0),
    ("proximity bonus", "PROXIMITY_BOOST", 0.0),
    ("all-concepts bonus", "COORD_BOOST", 0.0),
    ("kind of data preferred", "PREFER_BOOST", 0.0),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("auto", "tantivy", "elasticsearch", "both"), default="auto")
    parser.add_argument("--es-url", default=os.environ.get("CATALOGUE_TEST_ES_URL") or None)
    args = parser.parse_args(argv)
    records = load_corpus(SHARED / "datasets.jsonl")
    sets, notes = read_sets(DEFAULT_SETS, {r.id for r in records})
    for note in notes:
        print(note)
    with ExitStack() as stack:
        engines = _engines(args.engine, args.es_url, [project(r) for r in records], stack, print)
        columns = [f"{s.name} {e}" for s in sets for e in engines]
        print(f"{'nDCG@10 with the rule off':48s}" + "".join(f"{c:>20s}" for c in columns))

        def line(label: str, baseline: list[float] | None = None) -> list[float]:
            results = run(engines, sets)
            values = [results[s.name][e].mean("ndcg10") for s in sets for e in engines]
            cells = [f"{v:.3f}" + (f" ({v - b:+.3f})" if baseline else "") for v, b in
                     zip(values, baseline or values, strict=True)]
            print(f"{label:48s}" + "".join(f"{c:>20s}" for c in cells))
            return values

        baseline = line("none (as shipped)")
        for label, name, neutral in RULES:
            kept = getattr(ranking, name)
            setattr(ranking, name, neutral)
            try:
                line(label, baseline)
            finally:
                setattr(ranking, name, kept)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
