"""One seeded catalogue per stack for the fuzz suites (embedded, then production).

The stack is built once per module and stack (not per test): seeding and the production
engines cost seconds, the fuzz runs themselves are bounded by CATALOGUE_FUZZ_EXAMPLES.
The production stack goes through `production_settings()`, so it skips on a developer's
machine without the services and fails in CI (CI=true), as every real-engine test does.
"""

from __future__ import annotations

import copy
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.bootstrap import Container, bootstrap
from catalogue.datasets.importer import import_lines
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from tests.access_requests import helpers
from tests.conftest import CORPUS, Actors, production_settings
from tests.shared_data import require_shared

# Roles of the fuzz runs: anonymous plus one token per role (keys of tests.conftest.Actors).
ROLES = ("anonymous", "user", "editor", "orgadmin", "governance", "admin")
CORPUS_SAMPLE = 8  # published descriptions imported from the shared corpus


# (suite, stack, role) -> (cases, seconds, failures), printed at the end of the run.
RUNS: dict[tuple[str, str, str], tuple[int, float, int]] = {}


def record_run(suite: str, stack: str, role: str, cases: int, seconds: float, failures: int) -> None:
    RUNS[(suite, stack, role)] = (cases, seconds, failures)


def pytest_terminal_summary(terminalreporter) -> None:
    """Cases and time per suite, stack and role: CI's budget is watched from this table."""
    if not RUNS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz runs")
    for (suite, stack, role), (cases, seconds, failures) in RUNS.items():
        write(f"{suite:11} {stack:10} {role:10} {cases:6} cases {seconds:7.1f} s {failures} failing")
    write(f"total       {sum(c for c, _, _ in RUNS.values()):6} cases "
          f"{sum(s for _, s, _ in RUNS.values()):7.1f} s (seeding the stacks not included)")


def examples_per_operation(default: int) -> int:
    """CATALOGUE_FUZZ_EXAMPLES raises (or lowers) the bound, e.g. 200 for a long local run."""
    raw = os.environ.get("CATALOGUE_FUZZ_EXAMPLES", "").strip()
    return int(raw) if raw else default


@dataclass
class FuzzStack:
    """A seeded app, its engines, tokens per role and the real ids the fuzzers should hit."""

    name: str
    container: Container
    app: FastAPI
    actors: Actors
    ids: dict[str, list[object]] = field(default_factory=dict)
    bodies: dict[str, object] = field(default_factory=dict)  # valid bodies by operation label

    def headers(self, role: str) -> dict[str, str]:
        """A fresh token for the role (the fuzzers may revoke earlier ones), none when anonymous."""
        if role == "anonymous":
            return {}
        from catalogue.accounts import service as accounts

        with self.container.uow() as uow:
            user = accounts.find_user(uow, f"{role}@example.org")
            raw, _ = accounts.issue_token(uow, user, name="fuzz", ttl_days=1)
            uow.commit()
        return {"Authorization": f"Bearer {raw}"}


def _corpus_lines() -> list[str]:
    lines = require_shared(CORPUS).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()][:CORPUS_SAMPLE]


def _seed(container: Container, app: FastAPI) -> tuple[Actors, dict[str, list[object]], dict[str, object]]:
    """Corpus descriptions, two producers' own, a draft, a document, requests, an enquiry."""
    lines = _corpus_lines()
    report = import_lines(container.uow, SYSTEM, lines, publish=True)
    assert not report.errors, report.errors
    actors = Actors(container)
    record = copy.deepcopy(json.loads(lines[0]))
    with TestClient(app) as client:
        helpers.setup_datasets(client, actors, record)
        draft = copy.deepcopy(record)
        draft.update(id="brouillon-test", producer={"id": "chu-test", "name": "CHU Test",
                                                   "type": "university_hospital", "country": "FR"})
        assert client.post("/api/v1/datasets", json=draft, headers=actors["editor"]).status_code == 201
        document = client.post("/api/v1/datasets/registre-test/documents", headers=actors["editor"],
                               data={"title": "Dictionnaire des variables", "kind": "data_dictionary"},
                               files={"file": ("dictionnaire.pdf", helpers.PDF, "application/pdf")})
        assert document.status_code == 201, document.text
        draft_request = helpers.create(client, actors)["id"]
        submitted = helpers.submitted(client, actors)
        attachments = client.get(f"/api/v1/access-requests/{submitted}/attachments", headers=actors["user"]).json()
        enquiry = client.post("/api/v1/enquiries", headers=actors["user"], json={
            "dataset_id": "registre-test", "subject": "Variables disponibles",
            "message": "Les diagnostics associés sont-ils codés en CIM-10 ?"})
        assert enquiry.status_code == 201, enquiry.text
        notifications = client.get("/api/v1/notifications", headers=actors["editor"]).json()
        users = client.get("/api/v1/users", headers=actors["admin"]).json()
    datasets = [json.loads(line)["id"] for line in lines] + ["registre-test", "cohorte-autre", "brouillon-test"]
    ids: dict[str, list[object]] = {
        "dataset_id": datasets,
        "organisation_id": sorted({json.loads(line)["producer"]["id"] for line in lines} | {"chu-test", "other-org"}),
        "document_id": [document.json()["id"]],
        "request_id": [draft_request, submitted],
        "attachment_id": [a["id"] for a in attachments],
        "enquiry_id": [enquiry.json()["id"]],
        "notification_id": [n["id"] for n in notifications][:3],
        "user_id": [u["id"] for u in users],
        "token_id": [1, 2],
        "number": [1, 2],
    }
    return actors, ids, _bodies(record)


def _bodies(record: dict) -> dict[str, object]:
    """Valid request bodies to start hostile values from, by operation label."""
    dataset = copy.deepcopy(record)
    dataset["id"] = "fuzz-record"
    dataset["producer"] = {"id": "chu-test", "name": "CHU Test", "type": "university_hospital", "country": "FR"}
    request = helpers.request_body(datasets=["registre-test"])
    return {
        "POST /api/v1/datasets": dataset,
        "PUT /api/v1/datasets/{dataset_id}": dataset,
        "POST /api/v1/access-requests": request,
        "PUT /api/v1/access-requests/{request_id}": request,
        "POST /api/v1/enquiries": {"dataset_id": "registre-test", "subject": "Variables",
                                   "topic": "variables", "message": "Quels codes CIM-10 ?"},
        "POST /api/v1/access-requests/{request_id}/opinions": {
            "dataset_id": "registre-test", "opinion": "favourable", "reason": "sound protocol"},
        "POST /api/v1/access-requests/{request_id}/milestones": {
            "kind": "mr_declaration", "reference": "MR-004 n°2219876", "date": "2026-01-15"},
    }


@pytest.fixture(scope="module", params=["embedded", "production"])
def fuzz_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzStack]:
    engines = production_settings() if request.param == "production" else {}
    data_dir: Path = tmp_path_factory.mktemp(f"fuzz-{request.param}-{uuid.uuid4().hex[:6]}") / "var"
    settings = Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600,
                        max_upload_bytes=64 * 1024, **engines)
    container = bootstrap(settings)
    app = create_app(container=container)
    try:
        actors, ids, bodies = _seed(container, app)
        yield FuzzStack(request.param, container, app, actors, ids, bodies)
    finally:
        from schemathesis.python import asgi

        asgi.shutdown_lifespans()  # the schemathesis transport keeps the app's lifespan running
        if settings.search_engine == "elasticsearch":
            container.search.drop()  # type: ignore[attr-defined]
        if settings.object_store == "s3":
            from tests.contracts.conftest import drop_bucket

            drop_bucket(container.objects)
        container.close()
