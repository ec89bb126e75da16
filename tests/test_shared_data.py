"""The rule for a missing corpus or standards directory (tests/shared_data.py): skip on a developer's
machine, fail under CI=true, with the missing path in the message; then the same through a real pytest run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import CORPUS, REPO, SHARED_ENV, require_shared, shared_dir

# A test that reads the corpus and nothing else (no engine): what a missing corpus does to the run.
CORPUS_TEST = "tests/search/test_document.py::test_projection_joins_languages_and_keeps_display_fields"


def test_a_present_path_is_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_shared(tmp_path) == tmp_path


def test_a_missing_path_skips_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    missing = tmp_path / "no-shared" / "corpus" / "datasets.jsonl"
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_shared(missing)
    assert str(missing) in str(skipped.value)


@pytest.mark.parametrize("ci", ["true", "TRUE", " true "])
def test_a_missing_path_fails_in_ci(tmp_path, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    missing = tmp_path / "no-shared" / "standards"
    with pytest.raises(pytest.fail.Exception) as failed:
        require_shared(missing)
    assert "CI=true" in str(failed.value) and str(missing) in str(failed.value)


def test_the_directory_comes_from_the_environment_or_sits_next_to_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    assert shared_dir() == tmp_path
    monkeypatch.delenv(SHARED_ENV)
    assert shared_dir() == REPO.parent / "shared"


def _run(ci: str | None, shared: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env[SHARED_ENV] = str(shared)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           CORPUS_TEST], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_a_run_without_the_corpus_skips_outside_ci_and_fails_in_ci(tmp_path):
    missing = tmp_path / "nowhere"
    outside = _run(None, missing)
    assert outside.returncode == 0 and "1 skipped" in outside.stdout, outside.stdout[-2000:]
    in_ci = _run("true", missing)
    assert in_ci.returncode == 1 and "1 error" in in_ci.stdout, in_ci.stdout[-2000:]
    assert str(missing / "corpus" / "datasets.jsonl") in in_ci.stdout


def test_the_corpus_is_here_on_this_run():
    """CI has the shared directory: the tests above prove the rule, this one that it holds here."""
    require_shared(CORPUS)
