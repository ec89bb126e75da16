"""Every published corpus description exports to RDF that passes pySHACL with zero violations:
the HealthDCAT-AP R8 shapes of its access level (tools/shacl_validate.py, one batch per level) and
the DCAT-AP 3.0.0 shapes (`pyshacl -s dcat-ap-SHACL.ttl`, the whole catalogue page with its dcat:Catalog)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.rdf.catalog import catalog_graph
from catalogue.rdf.dcat import new_graph
from catalogue.rdf.healthdcat import add_dataset
from tests.conftest import corpus_records
from tests.shared_data import STANDARDS, require_shared

BASE = "https://catalogue.example.org"
LEVELS = {"PUBLIC": "public", "NON_PUBLIC": "non-public", "RESTRICTED": "restricted"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def standards() -> Path:
    require_shared(STANDARDS / "tools" / "shacl_validate.py")
    return STANDARDS


def _summary(output: str) -> str:
    return next((line for line in output.splitlines() if line.startswith("SUMMARY")), output[-2000:])


@pytest.mark.parametrize("rights", list(LEVELS))
def test_healthdcat_ap_level_shapes(rights, tmp_path):
    records = [r for r in corpus_records() if r["access"]["rights"] == rights]
    assert records
    graph = new_graph(BASE)
    for record in records:
        add_dataset(graph, record, BASE)
    path = tmp_path / f"{LEVELS[rights]}.ttl"
    graph.serialize(path, format="turtle")
    done = subprocess.run([sys.executable, "tools/shacl_validate.py", LEVELS[rights], str(path)], cwd=STANDARDS,
                          capture_output=True, text=True, timeout=600)
    summary = _summary(done.stdout)
    assert done.returncode == 0 and "Violation" not in summary, summary + done.stderr[-2000:]
    print(f"{rights}: {len(records)} descriptions, {summary}")


def test_dcat_ap_3_shapes_on_the_catalogue(tmp_path):
    records = corpus_records()
    graph = catalog_graph(records, BASE, page=1, total=len(records), page_url=lambda n: f"{BASE}/catalog.ttl?page={n}")
    path = tmp_path / "catalog.ttl"
    graph.serialize(path, format="turtle")
    pyshacl = Path(sys.executable).parent / "pyshacl"
    done = subprocess.run([str(pyshacl), "-s", "dcat-ap-3.0.0/shacl/dcat-ap-SHACL.ttl", "-f", "human", str(path)],
                          cwd=STANDARDS, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and re.search(r"Conforms: True", done.stdout), done.stdout[-3000:]
