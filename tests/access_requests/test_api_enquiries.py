"""Enquiries: a signed-in data user asks a producer; the thread is theirs and the producer's only."""

from __future__ import annotations

import pytest

from tests.access_requests.helpers import add_user, setup_datasets

URL = "/api/v1/enquiries"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def ask(client, actors, who="user", dataset_id="registre-test"):
    return client.post(URL, headers=actors[who], json={"dataset_id": dataset_id, "subject": "Coût d'accès",
                                                       "topic": "cost", "message": "Quel est le coût ?"})


def test_thread_between_asker_and_producer_members(client, actors, container):
    response = ask(client, actors)
    assert response.status_code == 201, response.text
    enquiry = response.json()
    assert enquiry["organisation_id"] == "chu-test" and enquiry["topic"] == "cost"
    assert [m["from_producer"] for m in enquiry["messages"]] == [False]
    url = f"{URL}/{enquiry['id']}"
    assert client.post(f"{url}/messages", headers=actors["orgadmin"], json={"body": "Gratuit."}).status_code == 201
    assert client.post(f"{url}/messages", headers=actors["user"], json={"body": "Merci !"}).status_code == 201
    thread = client.get(url, headers=actors["editor"]).json()
    assert [(m["from_producer"], m["body"]) for m in thread["messages"]] == [
        (False, "Quel est le coût ?"), (True, "Gratuit."), (False, "Merci !")]
    add_user(container, actors, "stranger")
    for who in ("stranger", "outsider", "governance", "admin"):
        assert client.get(url, headers=actors[who]).status_code == 404, who
        assert client.post(f"{url}/messages", headers=actors[who], json={"body": "x"}).status_code == 404, who
    assert client.get(url).status_code == 401
    assert [e["id"] for e in client.get(URL, headers=actors["editor"]).json()] == [enquiry["id"]]
    assert client.get(URL, headers=actors["outsider"]).json() == []
    # Notifications: the producer's members for the asker's messages, the asker for the answers.
    events = lambda who: [n["event"] for n in client.get("/api/v1/notifications", headers=actors[who]).json()]  # noqa: E731
    assert events("user") == ["message_received"]
    assert events("editor") == events("orgadmin") == ["message_received", "message_received"]  # not the answer
    # On the audit trail: who wrote, when; not the text.
    trail = client.get("/api/v1/audit", params={"subject_type": "enquiry"}, headers=actors["governance"]).json()
    assert [e["action"] for e in trail] == ["enquiry.create", "enquiry.message", "enquiry.message"]
    assert "Gratuit." not in str(trail)


def test_only_published_descriptions_and_not_ones_own(client, actors, record):
    body = dict(record, id="brouillon-chu")
    client.post("/api/v1/datasets", json=body, headers=actors["editor"])
    assert ask(client, actors, dataset_id="brouillon-chu").status_code == 404
    assert ask(client, actors, dataset_id="nope-nope").status_code == 404
    # Its own producer sees the draft, but members answer enquiries rather than send them.
    response = ask(client, actors, who="editor")
    assert response.status_code == 403 and "members answer enquiries" in response.json()["error"]["message"]
    response = client.post(URL, headers=actors["user"], json={"dataset_id": "registre-test", "subject": "x",
                                                               "message": ""})
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["error"]["details"]} == {"subject", "message"}
