"""docs/architecture.md shows the workflow tables and the layer contract as the code has them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("architecture_doc", ROOT / "scripts" / "architecture_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_document_shows_the_tables_and_layers_the_code_declares():
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert _tool().render(text) == text, "docs/architecture.md is out of date: run python scripts/architecture_doc.py"
    assert "| under_review | **approve** | approved | `policies.decide_request` | required |" in text
    assert "`api` → `catalogue` → `search` → `schemas`" in text


def test_a_changed_row_shows_in_the_document(monkeypatch):
    from catalogue.datasets import lifecycle

    steps = {k: v for k, v in lifecycle.LIFECYCLE.steps.items() if k[1] != "restore"}
    monkeypatch.setattr(lifecycle.LIFECYCLE, "steps", steps)
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert _tool().render(text) != text
