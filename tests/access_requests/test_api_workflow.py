"""Access requests over the API: the happy path, changes and resubmission, withdrawal, expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.access_requests import schedule
from catalogue.audit import service as audit
from tests.access_requests.helpers import (
    PDF, act, add_user, attach, create, join_team, opinion, request_body, reviewed, setup_datasets, submitted,
    version_of,
)

URL = "/api/v1/access-requests"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def test_happy_path_from_enquiry_to_public_register(client, actors, container):
    # 1. An enquiry before asking.
    response = client.post("/api/v1/enquiries", headers=actors["user"], json={
        "dataset_id": "registre-test", "subject": "Faisabilité", "topic": "feasibility",
        "message": "Les séjours 2015-2022 sont-ils disponibles ?"})
    assert response.status_code == 201, response.text
    enquiry = response.json()
    reply = client.post(f"/api/v1/enquiries/{enquiry['id']}/messages", headers=actors["editor"],
                        json={"body": "Oui, de 2012 à 2023."})
    assert reply.status_code == 201 and reply.json()["from_producer"] is True

    # 2. A draft naming two producers' descriptions, with its attachments.
    draft = create(client, actors)
    assert draft["status"] == "draft" and draft["actions"] == ["submit", "withdraw", "update", "attach", "milestone"]
    assert [d["organisation_id"] for d in draft["datasets"]] == ["chu-test", "other-org"]
    assert "public register will show" in draft["register_notice"]
    checklist = client.get(f"{URL}/{draft['id']}/requirements", headers=actors["user"]).json()
    assert set(checklist["attachments"]) == {"ethics_opinion", "protocol"}
    assert set(checklist["milestones"]) == {"mr_declaration"}
    assert {m["field"] for m in checklist["missing_attachments"]} == {"attachments.ethics_opinion",
                                                                      "attachments.protocol"}
    for kind in ("ethics_opinion", "protocol"):
        assert attach(client, actors, draft["id"], kind).status_code == 201

    # 3. Submitted: the requester is told what the register will publish.
    submitted_ = act(client, actors, draft["id"], "submit", "user")
    assert submitted_.status_code == 200, submitted_.text
    body = submitted_.json()
    assert body["status"] == "submitted" and body["submitted_at"]
    assert body["public_entry"]["project_title"] == "Parcours de soins après AVC"
    assert "register" in body["register_notice"]
    request_id = body["id"]

    # 4. Review, opinions of both producers, the external milestone, then approval.
    assert act(client, actors, request_id, "start_review", "governance").json()["status"] == "under_review"
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    early = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert early.status_code == 409 and early.json()["error"]["code"] == "opinions_pending"
    assert "cohorte-autre" in early.json()["error"]["message"]
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    missing = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "milestones_missing"
    assert missing.json()["error"]["details"][0]["field"] == "milestones.mr_declaration"
    declaration = attach(client, actors, request_id, "mr_declaration").json()
    response = client.post(f"{URL}/{request_id}/milestones", headers=actors["user"], json={
        "kind": "mr_declaration", "reference": "2219876 v 0", "date": "2026-01-15",
        "attachment_id": declaration["id"]})
    assert response.status_code == 200 and response.json()["milestones"][0]["reference"] == "2219876 v 0"
    approved = act(client, actors, request_id, "approve", "governance", reason="Projet d'intérêt public")
    assert approved.status_code == 200, approved.text
    result = approved.json()
    assert result["status"] == "approved" and result["decided_at"]
    assert result["access_until"] and result["decision_reason"] == "Projet d'intérêt public"
    assert act(client, actors, request_id, "approve", "governance", reason="decided").status_code == 409

    # 5. The public register shows it, anonymously, and only the published fields.
    register = client.get("/api/v1/register").json()
    assert register["total"] == 1
    entry = register["items"][0]
    assert set(entry) == {"id", "project_title", "requester_organisation", "purpose", "datasets", "decision",
                          "decided_at"}
    assert entry["requester_organisation"] == "Université de Test" and entry["purpose"] == "research"
    assert [d["id"] for d in entry["datasets"]] == ["registre-test", "cohorte-autre"]

    # 6. Everything is on the record, and the chain holds.
    history = client.get(f"{URL}/{request_id}/history", headers=actors["user"]).json()
    actions = [h["action"] for h in history]
    assert actions[:2] == ["access_request.create", "access_request.attachment_upload"]
    assert actions.count("access_request.opinion") == 2
    assert {"access_request.submit", "access_request.start_review", "access_request.milestone",
            "access_request.approve"} <= set(actions)
    approve = next(h for h in history if h["action"] == "access_request.approve")
    assert (approve["from_state"], approve["to_state"], approve["actor"]) == (
        "under_review", "approved", "governance@example.org")
    assert approve["reason"] == "Projet d'intérêt public"
    verified = client.get("/api/v1/audit/verify", headers=actors["governance"]).json()
    assert verified["ok"] and verified["checked"] >= len(history) + 2  # + the enquiry's two messages


def test_two_year_access_ends_on_the_same_day(client, actors):
    request_id = reviewed(client, actors)
    result = act(client, actors, request_id, "approve", "governance", reason="decided").json()
    decided = dt.date.fromisoformat(result["decided_at"][:10])
    until = dt.date.fromisoformat(result["access_until"])
    assert (until.year - decided.year, until.month, until.day) == (2, decided.month, decided.day) or \
        (decided.month == 2 and decided.day == 29)


def test_approval_with_conditions_and_rejection_need_their_text(client, actors):
    request_id = reviewed(client, actors)
    response = act(client, actors, request_id, "approve_with_conditions", "governance", reason="decided")
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "conditions"
    response = act(client, actors, request_id, "reject", "governance")
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "reason"
    response = act(client, actors, request_id, "approve_with_conditions", "governance", reason="decided",
                   conditions="Résultats agrégés uniquement (n >= 10)")
    assert response.status_code == 200 and response.json()["status"] == "approved_with_conditions"
    entry = client.get("/api/v1/register").json()["items"][0]
    assert entry["decision"] == "approved_with_conditions"


def test_rejected_requests_stay_off_the_register(client, actors):
    request_id = reviewed(client, actors)
    response = act(client, actors, request_id, "reject", "governance", reason="Finalité non démontrée")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert client.get("/api/v1/register").json()["total"] == 0
    assert act(client, actors, request_id, "withdraw", "user").status_code == 409


def test_opinions_with_conditions_or_against_need_the_right_decision(client, actors):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    response = opinion(client, actors, request_id, "registre-test", "orgadmin", "favourable_with_conditions")
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "conditions"
    opinion(client, actors, request_id, "registre-test", "orgadmin", "favourable_with_conditions",
            conditions="pas de données de moins de 5 patients")
    opinion(client, actors, request_id, "cohorte-autre", "outsider", "unfavourable")
    client.post(f"{URL}/{request_id}/milestones", headers=actors["user"],
                json={"kind": "mr_declaration", "reference": "R-1", "date": "2026-01-15"})
    against = act(client, actors, request_id, "approve_with_conditions", "governance", reason="decided",
                  conditions="c")
    assert against.status_code == 409 and "unfavourable" in against.json()["error"]["message"]
    # The producer may revise its opinion (stating the version it saw); every version stays on the record.
    revised = opinion(client, actors, request_id, "cohorte-autre", "outsider", "favourable")
    assert revised.status_code == 409 and revised.json()["error"]["code"] == "stale_version"
    revised = opinion(client, actors, request_id, "cohorte-autre", "outsider", "favourable",
                      version=version_of(client, actors, request_id))
    assert revised.status_code == 200
    plain = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert plain.status_code == 409 and "conditions" in plain.json()["error"]["message"]
    overrule = act(client, actors, request_id, "approve", "governance", overrule=True)
    assert overrule.status_code == 422 and overrule.json()["error"]["details"][0]["field"] == "reason"
    done = act(client, actors, request_id, "approve", "governance", overrule=True,
               reason="Les conditions du producteur sont couvertes par la convention")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    history = client.get(f"{URL}/{request_id}/history", headers=actors["governance"]).json()
    opinions = [(h["from_state"], h["to_state"]) for h in history if h["action"] == "access_request.opinion"]
    assert (None, "unfavourable") in opinions and ("unfavourable", "favourable") in opinions
    assert history[-1]["details"]["overrule"] is True


def test_governance_can_overrule_missing_opinions_with_a_reason(client, actors):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    response = act(client, actors, request_id, "reject", "governance", reason="hors champ")
    assert response.status_code == 409 and response.json()["error"]["code"] == "opinions_pending"
    response = act(client, actors, request_id, "reject", "governance", reason="hors champ", overrule=True)
    assert response.status_code == 200 and response.json()["status"] == "rejected"


def test_changes_requested_then_resubmitted(client, actors):
    request_id = submitted(client, actors)
    version = client.get(f"{URL}/{request_id}", headers=actors["user"]).json()["version"]
    locked = client.put(f"{URL}/{request_id}", json=request_body(), headers=actors["user"])
    assert locked.status_code == 409
    asked = act(client, actors, request_id, "request_changes", "governance", reason="Précisez les variables")
    assert asked.status_code == 200 and asked.json()["status"] == "changes_requested"
    assert act(client, actors, request_id, "request_changes", "governance", reason="x").status_code == 409
    stale = client.put(f"{URL}/{request_id}", json=request_body(variables="âge, sexe"),
                       headers={**actors["user"], "If-Match": f'"{version}"'})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    edited = client.put(f"{URL}/{request_id}", json=request_body(variables="âge, sexe, GHM"), headers=actors["user"])
    assert edited.status_code == 200 and edited.json()["variables"] == "âge, sexe, GHM"
    assert act(client, actors, request_id, "resubmit", "governance").status_code == 403
    again = act(client, actors, request_id, "resubmit", "user")
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    actions = [h["action"] for h in client.get(f"{URL}/{request_id}/history", headers=actors["user"]).json()]
    assert actions[-3:] == ["access_request.request_changes", "access_request.update", "access_request.resubmit"]


@pytest.mark.parametrize("state_actions", [[], ["submit"], ["submit", "start_review"],
                                           ["submit", "request_changes"]])
def test_withdraw_any_time_before_a_decision(client, actors, state_actions):
    request_id = create(client, actors)["id"]
    for kind in ("ethics_opinion", "protocol"):
        attach(client, actors, request_id, kind)
    for action in state_actions:
        who = "user" if action == "submit" else "governance"
        assert act(client, actors, request_id, action, who, reason="r").status_code == 200
    assert act(client, actors, request_id, "withdraw", "governance").status_code in (403, 404)
    response = act(client, actors, request_id, "withdraw", "user", reason="projet abandonné")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert act(client, actors, request_id, "withdraw", "user").status_code == 409


def test_withdraw_after_approval_is_refused(client, actors):
    request_id = reviewed(client, actors)
    act(client, actors, request_id, "approve", "governance", reason="decided")
    response = act(client, actors, request_id, "withdraw", "user")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_approved_access_expires_at_its_end_date(client, actors, container):
    request_id = reviewed(client, actors)
    act(client, actors, request_id, "approve", "governance", reason="decided", access_until="2027-03-31")
    with container.uow() as uow:
        assert schedule.expire_due(uow, now=dt.datetime(2027, 3, 31, 23, tzinfo=dt.UTC)) == []
        assert schedule.expire_due(uow, now=dt.datetime(2027, 4, 1, 8, tzinfo=dt.UTC)) == [request_id]
        uow.commit()
    body = client.get(f"{URL}/{request_id}", headers=actors["user"]).json()
    assert body["status"] == "expired"
    entry = client.get("/api/v1/register").json()["items"][0]  # granted once: stays on the register
    assert entry["id"] == request_id
    with container.uow() as uow:
        last = audit.history(uow, "access_request", request_id)[-1]
        assert (last.action, last.actor, last.to_state) == ("access_request.expire", "system", "expired")
    inbox = client.get("/api/v1/notifications", headers=actors["user"]).json()
    assert inbox[0]["event"] == "expired"


def test_attachments_download_is_audited_and_content_checked(client, actors, container):
    request_id = create(client, actors)["id"]
    fake = attach(client, actors, request_id, "protocol", content=b"MZ\x90\x00 not a pdf")
    assert fake.status_code == 415
    bad_kind = attach(client, actors, request_id, "selfie")
    assert bad_kind.status_code == 422 and bad_kind.json()["error"]["details"][0]["field"] == "kind"
    add_user(container, actors, "teammate")
    join_team(client, container, actors, request_id, "teammate")
    uploaded = attach(client, actors, request_id, "protocol", who="teammate").json()
    download = client.get(uploaded["url"], headers=actors["user"])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["x-checksum-sha256"] == uploaded["sha256"]
    actions = [h["action"] for h in client.get(f"{URL}/{request_id}/history", headers=actors["user"]).json()]
    assert actions[-2:] == ["access_request.attachment_upload", "access_request.attachment_download"]
    assert client.get(uploaded["url"], headers=actors["outsider"]).status_code == 404
    assert client.get(f"{URL}/{request_id}/attachments/nope", headers=actors["user"]).status_code == 404
