"""The relevance harness (search/relevance.py): its metrics, the split by kind of query, sets that are missing, and
the before/after comparison. Its figures steer the ranking work, so a harness that counted wrong, or crashed
when the held-out set is not written yet, would mislead or block it. Embedded engine only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.relevance import (QueryScore, QuerySet, Report, compare, load_queries, main, ndcg_at, read_sets,
                              recall_at, reciprocal_rank, to_json)
from tests.shared_data import CORPUS, require_shared

GRADES = {"a": 3, "b": 2, "c": 1, "d": 0}
RANKED = ["d", "a", "c", "x", "b"]  # d judged 0, x not judged at all


def test_ndcg_of_a_hand_made_ranking() -> None:
    # DCG = 0/log2(2) + 7/log2(3) + 1/log2(4) + 0/log2(5) + 3/log2(6); ideal 7/1 + 3/log2(3) + 1/log2(4)
    assert ndcg_at(RANKED, GRADES) == pytest.approx(0.646993, abs=1e-6)
    assert ndcg_at(["a", "b", "c"], GRADES) == pytest.approx(1.0)
    assert ndcg_at(RANKED, GRADES, k=2) == pytest.approx(4.416508 / (7 + 3 / 1.584963), abs=1e-6)
    assert ndcg_at(["x", "d"], GRADES) == 0.0
    assert ndcg_at(["a"], {"a": 0}) == 0.0  # nothing relevant judged: no ideal to divide by


def test_recall_counts_grades_one_and_up_within_k() -> None:
    assert recall_at(RANKED, GRADES) == pytest.approx(1.0)
    assert recall_at(RANKED, GRADES, k=2) == pytest.approx(1 / 3)  # only a; d is graded 0
    assert recall_at(RANKED, GRADES, k=3) == pytest.approx(2 / 3)


def test_reciprocal_rank_is_the_first_result_graded_two_or_more() -> None:
    assert reciprocal_rank(RANKED, GRADES) == 0.5
    assert reciprocal_rank(["c", "x", "b"], GRADES) == pytest.approx(1 / 3)  # c (grade 1) does not count
    assert reciprocal_rank(["c", "d"], GRADES) == 0.0


def _score(id: str, kind: str, ndcg: float) -> QueryScore:
    return QueryScore(id, f"query {id}", ndcg, ndcg, ndcg, ("a", "b"), kind)


def test_reports_split_by_kind_in_a_fixed_order_and_queries_without_one_count_as_the_default() -> None:
    report = Report((_score("1", "typo", 0.2), _score("2", "", 1.0), _score("3", "plain", 0.6),
                     _score("4", "zebra", 0.3), _score("5", "typo", 0.4), _score("6", "", 0.5)))
    kinds = report.by_kind("dev")
    assert list(kinds) == ["plain", "typo", "dev", "zebra"]  # the known kinds first, then by name
    assert [s.id for s in kinds["typo"].queries] == ["1", "5"]
    assert kinds["typo"].mean("ndcg10") == pytest.approx(0.3)
    assert kinds["dev"].mean("ndcg10") == pytest.approx(0.75)
    assert report.mean("ndcg10") == pytest.approx(3.0 / 6)


def test_queries_keep_their_kind_and_a_broken_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "h1", "q": "diabete", "lang": "fr", "kind": "typo", "relevant": {"a": 3}}\n\n'
                    '{"id": "h2", "q": "asthma", "lang": "en", "relevant": {"b": 2}}\n', encoding="utf-8")
    assert [(q.id, q.kind) for q in load_queries(path)] == [("h1", "typo"), ("h2", "")]
    path.write_text(path.read_text(encoding="utf-8") + '{"id": "h3", "q": "tronqu\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl:4: not a judged query"):
        load_queries(path)
    path.write_text('{"id": "h1", "q": "a", "relevant": {}}\n{"id": "h1", "q": "b", "relevant": {}}\n')
    with pytest.raises(ValueError, match="q.jsonl:2: query id 'h1' given twice"):
        load_queries(path)


def test_a_missing_set_is_reported_and_skipped(tmp_path: Path) -> None:
    present = tmp_path / "dev.jsonl"
    present.write_text('{"id": "d1", "q": "x", "relevant": {"a": 3, "typo-in-id": 1}}\n', encoding="utf-8")
    sets, notes = read_sets([("dev", present), ("heldout", tmp_path / "absent.jsonl")], {"a", "b"})
    assert [s.name for s in sets] == ["dev"]
    assert notes == ["dev: judged ids not in the corpus: typo-in-id",
                     f"heldout: {tmp_path / 'absent.jsonl'} not found: skipped"]


def _numbers(values: dict[str, float]) -> dict:
    """The JSON of one engine's run on one set: queries 1..n with kinds and nDCG@10 as given."""
    report = Report(tuple(_score(id, id.rstrip("0123456789"), ndcg) for id, ndcg in values.items()))
    return to_json({"heldout": {"tantivy": report}}, [QuerySet("heldout", Path("h.jsonl"), ())])


def test_compare_prints_the_deltas_per_set_engine_and_kind() -> None:
    old = _numbers({"typo1": 0.5, "typo2": 0.5, "lay1": 0.2})
    new = _numbers({"typo1": 0.75, "typo2": 0.5, "lay1": 0.2})
    out = compare(old, new, per_query=True)
    rows = {tuple(line.split()[:3]): line for line in out.splitlines()}
    assert "0.400 →  0.483  +0.083" in rows[("heldout", "tantivy", "all")]
    typo = next(line for line in out.splitlines() if line.split()[:1] == ["typo"])
    assert "0.500 →  0.625  +0.125" in typo
    lay = next(line for line in out.splitlines() if line.split()[:1] == ["lay"])
    assert "0.200 →  0.200  +0.000" in lay
    assert "queries whose nDCG@10 moved: 1" in out and "0.500 →  0.750  +0.250" in out
    assert "moved" not in compare(old, new) and "queries differ" not in out

    grown = _numbers({"typo1": 0.75, "typo2": 0.5, "lay1": 0.2, "question1": 1.0})
    out = compare(old, grown)
    assert "(queries differ: 1 new, 0 gone)" in out
    assert "question          1  only in the new run" in out
    earlier = {"sets": {**old["sets"], "gone": old["sets"]["heldout"]}}
    assert "gone       only in the earlier run" in compare(earlier, old)
    assert "heldout    only in the new run" in compare({"sets": {}}, old)


def test_the_command_runs_several_sets_skips_a_missing_one_and_compares(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    corpus = require_shared(CORPUS)
    synthetic = tmp_path / "synthetic.jsonl"
    synthetic.write_text("".join(json.dumps(q) + "\n" for q in [
        {"id": "s1", "q": "PMSI", "lang": "fr", "kind": "acronym", "relevant": {"snds-pmsi-mco": 3}},
        {"id": "s2", "q": "sleep apnea", "lang": "en", "kind": "plain", "relevant": {"dreem-sleep-eeg": 3}},
        {"id": "s3", "q": "sommeil", "lang": "fr", "relevant": {"dreem-sleep-eeg": 3}}]), encoding="utf-8")
    figures = tmp_path / "figures.json"
    base = ["--corpus", str(corpus), "--engine", "tantivy", "--set", f"synth={synthetic}",
            "--set", f"heldout={tmp_path / 'absent.jsonl'}"]
    assert main([*base, "--per-query", "--json", str(figures)]) == 0
    out = capsys.readouterr().out
    assert f"heldout: {tmp_path / 'absent.jsonl'} not found: skipped" in out
    assert "elasticsearch" not in out.split("== summary")[1]
    per_query = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("synth ")
                 and line.split()[1] in ("s1", "s2", "s3")}
    assert per_query["s1"][2:4] == ["acronym", "fr"] and per_query["s3"][2] == "synth"
    numbers = json.loads(figures.read_text(encoding="utf-8"))
    tantivy = numbers["sets"]["synth"]["engines"]["tantivy"]
    assert list(tantivy["kinds"]) == ["plain", "acronym", "synth"] and tantivy["queries"] == 3
    assert [q["id"] for q in tantivy["per_query"]] == ["s1", "s2", "s3"] and len(tantivy["per_query"][0]["ranked"])
    assert "heldout" not in numbers["sets"] and numbers["notes"]

    tantivy["ndcg10"] = round(tantivy["ndcg10"] - 0.1, 4)  # as if the ranking had been worse before
    figures.write_text(json.dumps(numbers), encoding="utf-8")
    assert main([*base, "--compare", str(figures)]) == 0
    compared = capsys.readouterr().out.split("== compared with the earlier run")[1]
    assert "+0.100" in next(line for line in compared.splitlines() if line.startswith("synth      tantivy"))


def test_the_command_stops_when_no_set_can_be_read(tmp_path: Path) -> None:
    corpus = require_shared(CORPUS)
    with pytest.raises(SystemExit, match="no query set to run"):
        main(["--corpus", str(corpus), "--engine", "tantivy", "--set", f"heldout={tmp_path / 'absent.jsonl'}"])
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "b1", "q": \n', encoding="utf-8")
    with pytest.raises(SystemExit, match="broken.jsonl:1: not a judged query"):
        main(["--corpus", str(corpus), "--engine", "tantivy", "--set", f"b={broken}"])
