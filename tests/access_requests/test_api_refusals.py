"""Every refusal: visibility (404), separation of duties and wrong producer (403 with a reason),
invalid transitions (409), access terms and missing attachments (422 naming the field)."""

from __future__ import annotations

import pytest

from tests.access_requests.helpers import (
    act, add_user, attach, create, join_team, opinion, request_body, reviewed, setup_datasets, submitted,
)

URL = "/api/v1/access-requests"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def error(response) -> dict:
    return response.json()["error"]


def test_no_write_without_authentication(client, actors):
    assert client.post(URL, json=request_body()).status_code == 401
    request_id = create(client, actors)["id"]
    assert client.get(f"{URL}/{request_id}").status_code == 401
    assert client.post(f"{URL}/{request_id}/submit").status_code == 401
    assert client.post("/api/v1/enquiries", json={"dataset_id": "registre-test", "subject": "abc",
                                                   "message": "?"}).status_code == 401


def test_a_request_names_published_descriptions_only(client, actors, record):
    body = dict(record, id="brouillon-chu")
    assert client.post("/api/v1/datasets", json=body, headers=actors["editor"]).status_code == 201
    for datasets in (["brouillon-chu"], ["registre-test", "no-such-dataset"]):
        response = client.post(URL, json=request_body(datasets=datasets), headers=actors["user"])
        assert response.status_code == 422
        assert error(response)["details"][-1]["field"].startswith("datasets[")
        assert "not a published dataset description" in error(response)["message"]
    # Unpublished after the draft was written: submission names it.
    request_id = create(client, actors)["id"]
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    client.post("/api/v1/datasets/cohorte-autre/unpublish", headers=actors["outsider"])
    response = act(client, actors, request_id, "submit", "user")
    assert response.status_code == 422 and error(response)["details"][0]["field"] == "datasets[1]"


def test_drafts_and_requests_are_private(client, actors, container):
    request_id = create(client, actors)["id"]
    add_user(container, actors, "stranger")
    add_user(container, actors, "teammate")
    # Named in the team, not yet accepted: nothing (tests/access_requests/test_hardening_workflow.py).
    assert client.get(f"{URL}/{request_id}", headers=actors["teammate"]).status_code == 404
    join_team(client, container, actors, request_id, "teammate")
    # A draft: the requester and the team only.
    for who, status in (("user", 200), ("teammate", 200), ("governance", 404), ("editor", 404), ("admin", 404),
                        ("stranger", 404)):
        assert client.get(f"{URL}/{request_id}", headers=actors[who]).status_code == status, who
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    act(client, actors, request_id, "submit", "user")
    # Filed: plus governance, admins and the producers concerned.
    for who, status in (("governance", 200), ("admin", 200), ("editor", 200), ("outsider", 200),
                        ("stranger", 404)):
        assert client.get(f"{URL}/{request_id}", headers=actors[who]).status_code == status, who
    listed = client.get(URL, headers=actors["stranger"]).json()
    assert listed["total"] == 0
    assert client.get(URL, headers=actors["editor"]).json()["total"] == 1
    assert client.get(f"{URL}/{request_id}/attachments", headers=actors["stranger"]).status_code == 404
    assert client.get(f"{URL}/{request_id}/history", headers=actors["stranger"]).status_code == 404


def test_only_the_requester_edits_submits_and_withdraws(client, actors, container):
    add_user(container, actors, "teammate")
    request_id = create(client, actors)["id"]
    join_team(client, container, actors, request_id, "teammate")
    for action in ("submit", "withdraw"):
        response = act(client, actors, request_id, action, "teammate")
        assert response.status_code == 403 and "only the requester" in error(response)["message"]
    response = client.put(f"{URL}/{request_id}", json=request_body(), headers=actors["teammate"])
    assert response.status_code == 403 and error(response)["message"] == "only the requester edits the request"


def test_startup_refused_where_the_audience_says_no(client, actors):
    request_id = create(client, actors, requester_organisation_type="startup")["id"]
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    response = act(client, actors, request_id, "submit", "user")
    assert response.status_code == 422 and error(response)["code"] == "requirements_not_met"
    detail = error(response)["details"][0]
    assert detail["field"] == "requester_organisation_type"
    assert "registre-test" in detail["message"] and "access.audiences.startup = no" in detail["message"]


def test_missing_attachments_are_named(client, actors):
    request_id = create(client, actors)["id"]
    attach(client, actors, request_id, "protocol")
    response = act(client, actors, request_id, "submit", "user")
    assert response.status_code == 422
    assert [d["field"] for d in error(response)["details"]] == ["attachments.ethics_opinion"]
    assert "ethics committee" in error(response)["details"][0]["message"]


def test_the_claimed_route_must_be_admitted(client, actors):
    request_id = create(client, actors, legal_route="consent")["id"]
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    response = act(client, actors, request_id, "submit", "user")
    assert response.status_code == 422 and error(response)["details"][0]["field"] == "legal_route"
    assert "registre-test" in error(response)["details"][0]["message"]


def test_cnil_authorisation_needs_dpia_then_both_milestones(client, actors):
    request_id = create(client, actors, legal_route="CNIL-authorisation")["id"]
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    response = act(client, actors, request_id, "submit", "user")
    assert [d["field"] for d in error(response)["details"]] == ["attachments.dpia"]
    attach(client, actors, request_id, "dpia")
    assert act(client, actors, request_id, "submit", "user").status_code == 200
    act(client, actors, request_id, "start_review", "governance")
    opinion(client, actors, request_id, "registre-test", "orgadmin")
    opinion(client, actors, request_id, "cohorte-autre", "outsider")
    client.post(f"{URL}/{request_id}/milestones", headers=actors["user"],
                json={"kind": "cesrees_opinion", "reference": "CESREES-2026-114", "date": "2026-02-01"})
    response = act(client, actors, request_id, "approve", "governance", overrule=True, reason="urgent")
    assert response.status_code == 422 and error(response)["code"] == "milestones_missing"
    assert [d["field"] for d in error(response)["details"]] == ["milestones.cnil_authorisation"]
    client.post(f"{URL}/{request_id}/milestones", headers=actors["governance"],
                json={"kind": "cnil_authorisation", "reference": "DR-2026-077", "date": "2026-03-01"})
    blank = act(client, actors, request_id, "approve", "governance", reason="   ")
    assert blank.status_code == 422 and error(blank)["details"] == [
        {"field": "reason", "message": "a written reason is required to approve"}]
    assert act(client, actors, request_id, "approve", "governance", reason="decided").status_code == 200


@pytest.mark.parametrize("decision", ["approve", "approve_with_conditions", "reject"])
def test_every_decision_states_its_reason(client, actors, decision):
    """REST asks what the web's decision form always asked: the reason is audited and told to the requester."""
    request_id = reviewed(client, actors)
    for body in ({}, {"reason": ""}, {"reason": " \n "}, {"reason": "\u200b\u2060"}):
        response = act(client, actors, request_id, decision, "governance", conditions="c", **body)
        assert response.status_code == 422, response.text
        assert error(response)["details"] == [{"field": "reason", "message":
                                               f"a written reason is required to {decision}"}]
    shown = client.get(f"{URL}/{request_id}", headers=actors["governance"]).json()
    assert shown["status"] == "under_review" and shown["decided_at"] is None


def test_no_one_reviews_what_they_filed(client, actors, container):
    add_user(container, actors, "gov2", governance=True)
    request_id = submitted(client, actors, who="gov2")
    response = act(client, actors, request_id, "start_review", "gov2")
    assert response.status_code == 403 and error(response)["message"] == "you filed this request: you cannot review it"


def test_team_members_do_not_review(client, actors, container):
    add_user(container, actors, "gov2", governance=True)
    team = [{"name": "Gov Two", "email": "gov2@example.org", "role": "adviser"}]
    request_id = submitted(client, actors, team=team)
    join_team(client, container, actors, request_id, "gov2")  # named, then accepted
    response = act(client, actors, request_id, "start_review", "gov2")
    assert response.status_code == 403 and "team" in error(response)["message"]


def test_no_one_decides_what_their_organisation_filed(client, actors, container):
    add_user(container, actors, "gov-chu", governance=True, member_of="chu-test")
    # The editor of chu-test asks for its own producer's data and another's.
    request_id = submitted(client, actors, who="editor")
    response = act(client, actors, request_id, "start_review", "gov-chu")
    assert response.status_code == 403
    assert error(response)["message"] == "your organisation 'chu-test' filed this request: you cannot review it"
    act(client, actors, request_id, "start_review", "governance")
    response = opinion(client, actors, request_id, "registre-test", "orgadmin")
    assert response.status_code == 403 and "your organisation 'chu-test' filed" in error(response)["message"]
    opinion(client, actors, request_id, "cohorte-autre", "outsider")
    response = act(client, actors, request_id, "approve", "gov-chu", overrule=True, reason="r")
    assert response.status_code == 403 and "cannot decide" in error(response)["message"]


def test_producer_reviewers_act_only_for_their_own_datasets(client, actors):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    response = opinion(client, actors, request_id, "registre-test", "outsider")
    assert response.status_code == 403
    assert error(response)["message"] == "only editors and admins of 'chu-test' give its opinion on its datasets"
    response = opinion(client, actors, request_id, "registre-test", "governance")
    assert response.status_code == 403
    response = opinion(client, actors, request_id, "not-in-request", "orgadmin")
    assert response.status_code == 422 and error(response)["details"][0]["field"] == "dataset_id"


def test_only_governance_starts_reviews_and_decides(client, actors):
    request_id = submitted(client, actors)
    for who in ("admin", "editor"):
        response = act(client, actors, request_id, "start_review", who)
        assert response.status_code == 403 and "governance staff" in error(response)["message"]
    act(client, actors, request_id, "start_review", "governance")
    response = act(client, actors, request_id, "approve", "admin", reason="decided")
    assert response.status_code == 403 and error(response)["message"] == "only governance staff decide access requests"


def test_invalid_transitions_are_conflicts_naming_what_is_allowed(client, actors):
    request_id = create(client, actors)["id"]
    response = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert response.status_code == 404  # a draft is invisible to governance
    response = act(client, actors, request_id, "resubmit", "user")
    assert response.status_code == 409 and error(response)["code"] == "invalid_transition"
    assert "allowed from draft: submit, withdraw" in error(response)["message"]
    response = client.post(f"{URL}/{request_id}/expire", headers=actors["user"])
    assert response.status_code == 409 and "cannot expire a draft" in error(response)["message"]
    assert client.post(f"{URL}/{request_id}/explode", headers=actors["user"]).status_code == 422
    response = opinion(client, actors, request_id, "registre-test", "orgadmin")
    assert response.status_code == 404


def test_stale_if_match_on_an_action(client, actors):
    request_id = submitted(client, actors)
    version = client.get(f"{URL}/{request_id}", headers=actors["governance"]).json()["version"]
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    response = client.post(f"{URL}/{request_id}/request_changes", json={"reason": "x"},
                           headers={**actors["governance"], "If-Match": f'"{version}"'})
    assert response.status_code == 409 and error(response)["code"] == "stale_version"


def test_audit_is_for_governance_and_admins(client, actors):
    create(client, actors)
    for who in ("user", "editor"):
        assert client.get("/api/v1/audit", headers=actors[who]).status_code == 403
        assert client.get("/api/v1/audit/verify", headers=actors[who]).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    assert client.get("/api/v1/audit", headers=actors["admin"]).status_code == 200
