"""benchmarks/bench.py runs end to end on a small embedded catalogue and writes its JSON (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import CORPUS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_benchmark_runs_and_writes_its_results(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"corpus {CORPUS} not found")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOGUE_")}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--n", "200", "--seconds", "1",
                           "--corpus", str(CORPUS), "--results", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    [path] = tmp_path.glob("embedded-200-*.json")
    result = json.loads(path.read_text())
    assert {"machine", "import", "reindex", "engine", "service", "http", "server", "per_query_x1"} <= result.keys()
    assert {"cpu_model", "cpus", "mem_total_mib", "python", "git_commit", "loadavg_before"} <= result["machine"].keys()
    assert result["import"]["exit_code"] == 0 and result["reindex"]["exit_code"] == 0
    assert {"search mix x1", "search mix x8", "search mix x32", "web /search?q=cancer", "CKAN package_search",
            "DCAT catalog.ttl page 1"} <= result["http"].keys()
    writes = result["http"].pop("writes under load")
    assert all(writes[step]["requests"] > 0 for step in ("create", "publish", "archive")), writes
    assert writes["errors"] == 0, writes
    assert all(level["requests"] > 0 for level in result["http"].values())
    # One client at a time, every answer is a 200; the concurrent levels report theirs (err, error_samples).
    one_client = {name: level for name, level in result["http"].items() if level["clients"] == 1}
    assert all(level["errors"] == 0 for level in one_client.values()), (one_client, done.stderr[-3000:])
    assert result["engine"]["search mix x1"]["requests"] > 0
    assert "HTTP/engine" in done.stdout
