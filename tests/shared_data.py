"""The corpus and the standards the tests read from `../shared`, and the one rule when they are missing.

The directory next to the repository holds the corpus (`corpus/datasets.jsonl`, `queries-dev.jsonl`)
and the standards (`standards/`: SHACL shapes, HealthDCAT-AP examples); CATALOGUE_TEST_SHARED_DIR
points elsewhere.  A test that needs one of these paths asks `require_shared(path)`: missing, it is
skipped on a developer's machine but FAILS in CI (CI=true), like a missing engine
(tests/contracts/conftest.py): without the corpus some 170 tests would skip and the run stay green.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.contracts.conftest import in_ci

REPO = Path(__file__).resolve().parents[1]
SHARED_ENV = "CATALOGUE_TEST_SHARED_DIR"


def shared_dir() -> Path:
    """CATALOGUE_TEST_SHARED_DIR if set, else `shared` next to the repository."""
    configured = os.environ.get(SHARED_ENV, "").strip()
    return Path(configured) if configured else REPO.parent / "shared"


SHARED = shared_dir()
CORPUS_DIR = SHARED / "corpus"
CORPUS = CORPUS_DIR / "datasets.jsonl"
QUERIES = CORPUS_DIR / "queries-dev.jsonl"
STANDARDS = SHARED / "standards"
HEALTHDCAT_EXAMPLES = STANDARDS / "healthdcat-ap-r8" / "examples"


def require_shared(path: Path) -> Path:
    """`path` (under the shared directory) if it exists; missing: skip, or fail under CI=true."""
    if path.exists():
        return path
    message = (f"{path} not found: the shared corpus and standards are expected in {SHARED} "
               f"(set {SHARED_ENV} to another copy)")
    if in_ci():
        pytest.fail(f"CI=true but {message}; CI must run the tests that read them", pytrace=False)
    pytest.skip(message)
