"""Governance staff export the trail (CSV and JSON) and verify it over the API."""

from __future__ import annotations

import csv
import io
from itertools import pairwise

import pytest
from sqlalchemy import text

from tests.access_requests.helpers import reviewed, setup_datasets


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def test_export_json_and_csv_then_detect_tampering(client, actors, container):
    request_id = reviewed(client, actors)
    entries = client.get("/api/v1/audit", headers=actors["governance"]).json()
    assert entries and [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert all(b["prev_hash"] == a["hash"] for a, b in pairwise(entries))
    response = client.get("/api/v1/audit", params={"format": "csv", "subject_type": "access_request",
                                                   "subject_id": str(request_id)}, headers=actors["governance"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="audit.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["action"] == "access_request.create" and rows[0]["actor"] == "user@example.org"
    assert {r["subject_id"] for r in rows} == {str(request_id)}
    assert client.get("/api/v1/audit/verify", headers=actors["governance"]).json()["ok"]

    target = next(r for r in rows if r["action"] == "access_request.opinion")
    with container.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
        conn.execute(text("UPDATE audit_entries SET to_state = 'favourable', reason = 'edited' WHERE seq = :s"),
                     {"s": int(target["seq"])})
    verdict = client.get("/api/v1/audit/verify", headers=actors["governance"]).json()
    assert verdict["ok"] is False and verdict["broken_seq"] == int(target["seq"])
    assert f"broken at entry {target['seq']} (access_request.opinion on access_request {request_id}" in \
        verdict["message"]


def test_verify_reports_the_newest_entries_removed(client, actors, container):
    """Finding 11: the chain alone cannot show a truncation; the signed checkpoint outside the database does."""
    reviewed(client, actors)
    entries = client.get("/api/v1/audit", headers=actors["governance"]).json()
    assert {(e["hash_version"], len(e["key_id"])) for e in entries} == {(2, 16)}
    head = len(entries)  # the export itself is on the record, as its newest entry
    with container.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
        conn.execute(text("DELETE FROM audit_entries WHERE seq > :s"), {"s": head - 3})
    verdict = client.get("/api/v1/audit/verify", headers=actors["governance"]).json()
    assert verdict["ok"] is False and verdict["broken_seq"] is None
    assert f"says the head was entry {head} " in verdict["message"]
    assert f"the database ends at entry {head - 3}: the newest entries were removed" in verdict["message"]
