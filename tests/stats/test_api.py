"""REST /api/v1/stats: staff only, every figure as JSON, each as a CSV file safe to open in a spreadsheet,
bad figure names refused with the field named, documented in OpenAPI."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.stats import recording
from schemas.search import SearchQuery


@pytest.mark.parametrize("who, status, code", [
    (None, 401, "unauthenticated"), ("user", 403, "forbidden"), ("editor", 403, "forbidden"),
    ("orgadmin", 403, "forbidden"), ("outsider", 403, "forbidden")])
@pytest.mark.parametrize("path", ["/api/v1/stats", "/api/v1/stats/funnel", "/api/v1/stats/funnel.csv"])
def test_only_staff_read_the_statistics(client, actors, who, status, code, path):
    response = client.get(path, headers=actors[who] if who else {})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_governance_reads_every_figure(client, actors, requests_made):
    body = client.get("/api/v1/stats", headers=actors["governance"]).json()
    assert [f["name"] for f in body["figures"]] == ["searches_per_week", "found_nothing", "themes", "facets",
                                                    "funnel", "outcomes"]
    funnel = next(f for f in body["figures"] if f["name"] == "funnel")
    assert funnel["columns"] == ["producer", "enquiries", "requests_filed", "decisions", "median_days_to_request",
                                 "median_days_to_decision"]
    assert funnel["rows"][0] == {"producer": None, "enquiries": 4, "requests_filed": 5, "decisions": 4,
                                 "median_days_to_request": 2.0, "median_days_to_decision": 5.0}


def test_a_platform_admin_reads_one_figure(client, actors, requests_made):
    body = client.get("/api/v1/stats/outcomes", headers=actors["admin"]).json()
    assert body["rows"] == [
        {"producer": None, "approved": 1, "approved_with_conditions": 1, "rejected": 1, "withdrawn": 1, "expired": 1},
        {"producer": "chu-test", "approved": 1, "approved_with_conditions": 1, "rejected": 1, "withdrawn": 0,
         "expired": 0},
        {"producer": "other-org", "approved": 0, "approved_with_conditions": 0, "rejected": 1, "withdrawn": 1,
         "expired": 1}]


def test_csv_export_of_a_figure(client, actors, requests_made):
    response = client.get("/api/v1/stats/funnel.csv", headers=actors["governance"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="funnel.csv"'
    assert response.text.splitlines() == [
        "\ufeffproducer,enquiries,requests_filed,decisions,median_days_to_request,median_days_to_decision",
        ",4,5,4,2.0,5.0", "chu-test,2,3,3,1.5,4.0", "other-org,2,3,2,4.0,5.0"]


def test_csv_cells_that_a_spreadsheet_would_evaluate_are_neutralised(client, actors, container):
    with container.uow() as uow:
        for text in ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"):
            recording.record(uow, SearchQuery(q=text), 0, dt.date(2026, 12, 1))
        uow.commit()
    lines = client.get("/api/v1/stats/found_nothing.csv", headers=actors["governance"]).text.splitlines()
    # "\tcmd" is trimmed to "cmd" when recorded: nothing left to neutralise
    assert lines == ["\ufefftext,searches,last_week", "'+1+1,1,2026-W49", "'-2+3,1,2026-W49",
                     "\"'=hyperlink(\"\"http://evil.example\"\",\"\"x\"\")\",1,2026-W49", "'@sum(a1),1,2026-W49",
                     "cmd,1,2026-W49"]


@pytest.mark.parametrize("name, status, code", [
    ("sessions", 404, "unknown_figure"), ("sessions.csv", 404, "unknown_figure"),
    ("Funnel", 422, "validation_failed"), ("x" * 61, 422, "validation_failed"),
    ("fun%00nel", 400, None), ("..%2F..%2Fetc", 404, None)])
def test_bad_figure_names_are_refused_naming_the_field(client, actors, name, status, code):
    response = client.get(f"/api/v1/stats/{name}", headers=actors["governance"])
    assert response.status_code == status
    if code:
        error = response.json()["error"]
        assert error["code"] == code and error["details"][0]["field"].endswith("figure")


def test_openapi_documents_the_statistics(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/stats", "/api/v1/stats/{figure}", "/api/v1/stats/{figure}.csv"} <= set(paths)
    csv = paths["/api/v1/stats/{figure}.csv"]["get"]
    assert "text/csv" in csv["responses"]["200"]["content"]
    assert {"401", "403", "404", "422"} <= set(csv["responses"])
    assert csv["security"] == [{"bearerAuth": []}]
