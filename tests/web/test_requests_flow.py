"""Data users, producers and governance staff through the web forms: enquiry, request, opinion, decision."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.helpers import csrf_of, post_form, publish, sign_in

EN = {"Accept-Language": "en"}
REQUEST = {"project_title": "Early sepsis detection", "project_summary": "We train a model on hospital stays.",
           "purpose": "research", "requester_organisation": "Sepsia SAS", "requester_organisation_type": "startup",
           "variables": "diagnoses, ages, lengths of stay", "duration_months": "12", "legal_route": "consent",
           "team": "Ada Lovelace | ada@sepsia.example | data scientist"}


def simple(record: dict) -> dict:
    """A description whose terms require nothing beyond the request itself (consent route)."""
    record["access"] = {**record["access"], "legal_bases": ["consent"], "procedure": {"en": "Send a request."},
                        "audiences": {**record["access"]["audiences"], "startup": "yes"}}
    return record


def as_(client: TestClient, who: str) -> None:
    client.cookies.clear()
    sign_in(client, who)


def file_request(client: TestClient, **changes) -> int:
    page = client.get("/requests/new?dataset=registre-test", headers=EN)
    assert page.status_code == 200 and 'name="datasets" value="registre-test" checked' in page.text
    data = {**REQUEST, **changes, "datasets": "registre-test", "csrf_token": csrf_of(page.text), "kind": "protocol",
            "title": "Protocol v1"}
    done = client.post("/requests/new", data=data, files={"file": ("protocol.txt", b"our protocol", "text/plain")},
                       follow_redirects=False)
    assert done.status_code == 303, done.text[:3000]
    return int(done.headers["location"].rsplit("/", 1)[1])


def submitted(client: TestClient, actors, record: dict, **changes) -> int:
    """registre-test published (simple terms), then a request on it filed and submitted by the data user, who
    stays signed in; its id."""
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    request_id = file_request(client, **changes)
    act(client, request_id, "submit")
    return request_id


def act(client: TestClient, request_id: int, action: str, page: str | None = None, **fields) -> None:
    page = page or f"/requests/{request_id}"
    text = client.get(page).text
    version = re.search(r'name="version" value="(\d+)"', text).group(1)
    response = client.post(f"/requests/{request_id}/act/{action}", follow_redirects=False,
                           data={"csrf_token": csrf_of(text), "version": version, **fields})
    assert response.status_code == 303, response.text[:3000]


def test_from_request_to_the_public_register(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    request_id = file_request(client)
    page = client.get(f"/requests/{request_id}", headers=EN)
    assert "Early sepsis detection" in page.text and "Protocol v1" in page.text and "Draft" in page.text
    as_(client, "governance")
    assert client.get(f"/governance/requests/{request_id}").status_code == 404  # a draft is the requester's
    as_(client, "user")
    act(client, request_id, "submit")
    as_(client, "governance")
    queue = client.get("/governance", headers=EN)
    assert f'href="/governance/requests/{request_id}"' in queue.text and "Submitted" in queue.text
    review = f"/governance/requests/{request_id}"
    act(client, request_id, "start_review", review, back=review)
    text = client.get(review, headers=EN).text
    assert "Access terms of the data requested" in text and "Audit trail" in text and "Protocol v1" in text
    as_(client, "editor")
    assert f'href="/requests/{request_id}"' in client.get("/workspace", headers=EN).text
    opinion = post_form(client, f"/requests/{request_id}", f"/requests/{request_id}/opinions",
                        {"dataset_id": "registre-test", "opinion": "favourable", "reason": "Fits our terms."})
    assert opinion.status_code == 303
    as_(client, "governance")
    text = client.get(review).text
    version = re.search(r'name="version" value="(\d+)"', text).group(1)
    silent = client.post(f"/requests/{request_id}/act/approve", data={"csrf_token": csrf_of(text), "version": version})
    assert silent.status_code == 422  # a decision always states its reason
    act(client, request_id, "approve", review, back=review, reason="Sound project.")
    assert "Approved" in client.get(review, headers=EN).text
    register = client.get("/register", headers=EN).text
    assert "Early sepsis detection" in register and "Sepsia SAS" in register
    assert "Ada Lovelace" not in register and "train a model" not in register
    as_(client, "user")
    assert "Approved" in client.get(f"/requests/{request_id}", headers=EN).text


def test_changes_requested_then_resubmitted_then_withdrawn(client, actors, record):
    request_id = submitted(client, actors, record)
    as_(client, "governance")
    act(client, request_id, "request_changes", f"/governance/requests/{request_id}",
        reason="Please narrow the variables.")
    as_(client, "user")
    page = client.get(f"/requests/{request_id}", headers=EN).text
    assert "Please narrow the variables." in page and "/edit" in page
    edit = client.get(f"/requests/{request_id}/edit", headers=EN).text
    version = re.search(r'name="version" value="(\d+)"', edit).group(1)
    saved = client.post(f"/requests/{request_id}/edit", follow_redirects=False,
                        data={**REQUEST, "variables": "diagnoses only", "datasets": "registre-test",
                              "version": version, "csrf_token": csrf_of(edit)})
    assert saved.status_code == 303
    act(client, request_id, "resubmit")
    act(client, request_id, "withdraw", reason="Project stopped.")
    assert "Withdrawn" in client.get(f"/requests/{request_id}", headers=EN).text


def test_request_form_errors_and_refusals(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    page = client.get("/requests/new?dataset=registre-test", headers=EN)
    bad = client.post("/requests/new", data={**REQUEST, "project_title": "", "duration_months": "500",
                                             "datasets": "registre-test", "csrf_token": csrf_of(page.text)})
    assert bad.status_code == 422
    assert 'id="r-project_title-error"' in bad.text and 'id="r-duration_months-error"' in bad.text
    request_id = file_request(client, legal_route="CNIL-MR-004")  # a route this dataset does not admit
    text = client.get(f"/requests/{request_id}", headers=EN).text
    assert "admits Consent of the people (or a CNIL authorisation)" in text  # the checklist names the refusal
    response = post_form(client, f"/requests/{request_id}", f"/requests/{request_id}/act/submit")
    assert response.status_code == 422
    as_(client, "outsider")
    assert client.get(f"/requests/{request_id}").status_code == 404


def test_enquiry_thread_between_a_user_and_the_producer(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    page = client.get("/datasets/registre-test/ask", headers=EN)
    sent = client.post("/datasets/registre-test/ask", follow_redirects=False,
                       data={"subject": "Ages available?", "topic": "variables", "message": "Do you hold birth years?",
                             "csrf_token": csrf_of(page.text)})
    assert sent.status_code == 303
    thread = sent.headers["location"]
    assert "Ages available?" in client.get("/me", headers=EN).text
    as_(client, "editor")
    answer = post_form(client, thread, thread, {"body": "Yes, birth years only."})
    assert answer.status_code == 303
    as_(client, "user")
    text = client.get(thread, headers=EN).text
    assert "Do you hold birth years?" in text and "Yes, birth years only." in text
    assert client.get("/datasets/registre-test/ask", follow_redirects=False).status_code == 200
    client.cookies.clear()
    assert client.get("/datasets/registre-test/ask", follow_redirects=False).status_code == 303
