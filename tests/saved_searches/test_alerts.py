"""Saved searches with alerts, on the embedded stack and on PostgreSQL + Elasticsearch: a description that
comes to match a saved search is notified once (immediately or in the daily digest), drafts never; the
unsubscribe link works without signing in; a saved search is its owner's only."""

from __future__ import annotations

import copy

import pytest

from catalogue.saved_searches import service as saved_searches

URL = "/api/v1/me/saved-searches"
MUCO = {"fr": "Registre français de la mucoviscidose", "en": "French cystic fibrosis registry"}


@pytest.fixture(autouse=True)
def base(client, actors, record):
    """One published description that the searches below do not find."""
    publish(client, actors, record, "registre-test")


def body(record: dict, dataset_id: str, title: dict | None = None) -> dict:
    data = copy.deepcopy(record)
    data["id"] = dataset_id
    if title:
        data["title"] = title
    return data


def publish(client, actors, record, dataset_id, title=None, who="editor"):
    assert client.post("/api/v1/datasets", json=body(record, dataset_id, title), headers=actors[who]).status_code == 201
    response = client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors[who])
    assert response.status_code == 200, response.text


def edit(client, actors, record, dataset_id, title=None):
    response = client.put(f"/api/v1/datasets/{dataset_id}", json=body(record, dataset_id, title),
                          headers=actors["editor"])
    assert response.status_code == 200, response.text


def save(client, actors, who="user", *, q="mucoviscidose", delivery="immediate", **query):
    response = client.post(URL, headers=actors[who], json={"name": "Muco", "delivery": delivery,
                                                           "search": {"q": q, **query}})
    assert response.status_code == 201, response.text
    return response.json()


def alerts(client, actors, who="user"):
    return [n for n in client.get("/api/v1/notifications", headers=actors[who]).json()
            if n["event"].startswith("saved_search")]


def test_published_after_saving_notifies_once_and_drafts_never(client, actors, record):
    saved = save(client, actors, sort="newest", page=2)
    assert saved["search"] == {"q": "mucoviscidose"}  # what defines the results; sort and page are not kept
    assert saved["alerts"] is True and saved["delivery"] == "immediate"
    assert client.post("/api/v1/datasets", json=body(record, "muco", MUCO), headers=actors["editor"]).status_code == 201
    edit(client, actors, record, "muco", {**MUCO, "fr": MUCO["fr"] + " (brouillon)"})
    assert alerts(client, actors) == []  # a draft matches nothing: it is never indexed
    assert client.post("/api/v1/datasets/muco/publish", headers=actors["editor"]).status_code == 200
    found = alerts(client, actors)
    assert len(found) == 1, found
    assert found[0]["event"] == "saved_search_match" and "muco" in found[0]["body"]
    assert found[0]["link"].startswith("/saved-searches/unsubscribe/")
    edit(client, actors, record, "muco", {**MUCO, "fr": "Registre de la mucoviscidose, édition 2"})
    assert len(alerts(client, actors)) == 1  # it kept matching: nothing new
    assert alerts(client, actors, "outsider") == [] and alerts(client, actors, "editor") == []


def test_a_description_that_starts_matching_after_an_edit_notifies_once(client, actors, record):
    save(client, actors)
    publish(client, actors, record, "plus-tard")
    assert alerts(client, actors) == []
    edit(client, actors, record, "plus-tard", MUCO)
    assert [a["event"] for a in alerts(client, actors)] == ["saved_search_match"]
    edit(client, actors, record, "plus-tard")  # stops matching, then matches again: told once in its life
    edit(client, actors, record, "plus-tard", MUCO)
    assert len(alerts(client, actors)) == 1


def test_what_a_search_finds_when_saved_is_never_an_alert(client, actors, record):
    publish(client, actors, record, "deja-la", MUCO)
    save(client, actors)
    edit(client, actors, record, "deja-la", {**MUCO, "en": "Cystic fibrosis registry of France"})
    assert alerts(client, actors) == []


def test_filters_decide_too(client, actors, record):
    save(client, actors, filters={"producer.id": ["other-org"]})
    publish(client, actors, record, "muco", MUCO)  # chu-test's: outside the filter
    assert alerts(client, actors) == []
    data = body(record, "muco-autre", MUCO)
    data["producer"] = {"id": "other-org", "name": "Other", "type": "university_hospital", "country": "FR"}
    assert client.post("/api/v1/datasets", json=data, headers=actors["outsider"]).status_code == 201
    assert client.post("/api/v1/datasets/muco-autre/publish", headers=actors["outsider"]).status_code == 200
    assert [("muco-autre" in a["body"], "muco)" in a["body"]) for a in alerts(client, actors)] == [(True, False)]


def test_daily_digest_groups_the_new_matches(client, actors, record, container):
    assert client.patch("/api/v1/me", headers=actors["user"], json={"lang": "en"}).status_code == 200
    save(client, actors, delivery="daily")
    publish(client, actors, record, "muco-1", MUCO)
    publish(client, actors, record, "muco-2", {"fr": "Cohorte mucoviscidose enfants", "en": "Cystic fibrosis"})
    assert alerts(client, actors) == []  # waiting for the digest
    with container.uow() as uow:
        assert saved_searches.digest(uow) == 1
        uow.commit()
    found = alerts(client, actors)
    assert len(found) == 1 and found[0]["event"] == "saved_search_digest"
    assert found[0]["subject"] == "2 new descriptions for your saved search “Muco”"
    assert found[0]["body"].split("\n")[1:3] == [  # titles in the reader's language
        "- French cystic fibrosis registry (muco-1)", "- Cystic fibrosis (muco-2)"]
    with container.uow() as uow:
        assert saved_searches.digest(uow) == 0  # nothing new since
        uow.commit()
    assert len(alerts(client, actors)) == 1


def test_unsubscribe_without_signing_in(client, actors, record):
    saved = save(client, actors)
    publish(client, actors, record, "muco", MUCO)
    token = alerts(client, actors)[0]["link"].rsplit("/", 1)[1]
    assert client.get(f"/api/v1/saved-searches/unsubscribe/{token}").json() == {"name": "Muco", "alerts": True}
    response = client.post(f"/api/v1/saved-searches/unsubscribe/{token}")
    assert response.status_code == 200 and response.json() == {"name": "Muco", "alerts": False}
    assert client.get(f"{URL}/{saved['id']}", headers=actors["user"]).json()["alerts"] is False
    publish(client, actors, record, "muco-2", {"fr": "Cohorte mucoviscidose", "en": "Cystic fibrosis cohort"})
    assert len(alerts(client, actors)) == 1  # no alert after unsubscribing
    for bad in ("nope", token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert client.get(f"/api/v1/saved-searches/unsubscribe/{bad}").status_code == 404
        assert client.post(f"/api/v1/saved-searches/unsubscribe/{bad}").status_code == 404


def test_a_saved_search_is_its_owners_only(client, actors):
    saved = save(client, actors)
    url = f"{URL}/{saved['id']}"
    for who in ("outsider", "admin", "governance"):
        assert client.get(url, headers=actors[who]).status_code == 404, who
        assert client.delete(url, headers=actors[who]).status_code == 404, who
        assert client.get(URL, headers=actors[who]).json() == []
    assert client.get(URL).status_code == 401 and client.post(URL, json={}).status_code == 401
    assert [s["id"] for s in client.get(URL, headers=actors["user"]).json()] == [saved["id"]]
    assert client.delete(url, headers=actors["user"]).status_code == 204
    assert client.get(url, headers=actors["user"]).status_code == 404
    assert client.get(URL, headers=actors["user"]).json() == []


@pytest.mark.parametrize(("payload", "field"), [
    ({"name": "", "search": {"q": "x"}}, "name"),
    ({"name": "x" * 121, "search": {"q": "x"}}, "name"),
    ({"name": "ok", "delivery": "weekly", "search": {"q": "x"}}, "delivery"),
    ({"name": "ok", "search": {"filters": {"not.a.facet": ["x"]}}}, "search.filters"),
    ({"name": "ok", "search": {"age_min": 60, "age_max": 10}}, "search"),
    ({"name": "ok"}, "search"),
])
def test_validation_errors_name_the_field(client, actors, payload, field):
    response = client.post(URL, headers=actors["user"], json=payload)
    assert response.status_code == 422, response.text
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert any(f == field or f.startswith(field + ".") for f in fields), fields


def test_constraints_read_in_the_words_apply_as_on_the_search_page(client, actors, record):
    """"open data" in the words is the open-access filter on every search door, so in alerts too; the same
    words taken literally (understand=false, a removed chip) alert on the text alone."""
    save(client, actors, q="mucoviscidose open data")
    save(client, actors, "outsider", q="mucoviscidose open data", understand=False)
    publish(client, actors, record, "muco", MUCO)  # access.rights RESTRICTED
    assert alerts(client, actors) == []
    assert len(alerts(client, actors, "outsider")) == 1


def test_the_creation_time_is_an_rfc_3339_date_time(client, actors):
    """Found by the OpenAPI fuzz: SQLite gave back a naive time, which is not a JSON Schema date-time."""
    created = client.post(URL, headers=actors["user"], json={"name": "Muco", "delivery": "daily",
                                                             "search": {"q": "mucoviscidose"}}).json()
    shown = client.get(f"{URL}/{created['id']}", headers=actors["user"]).json()
    for body in (created, shown):
        assert body["created_at"].endswith(("Z", "+00:00")), body["created_at"]
