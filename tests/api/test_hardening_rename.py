"""Issue 10, finding 13 (outputs): renaming an organisation renames the producer of its descriptions.

The stored record (producer block), a revision per description, the exports and the search entry
(text, hits, facet label) all name the producer as it is now, on both stacks.
"""

from __future__ import annotations

import copy

NEW_NAME = "Hospices civils de Zéphyrville"


def _describe(client, actors, record) -> None:
    draft = copy.deepcopy(record)
    draft["id"] = "registre-brouillon"
    for body in (record, draft):
        assert client.post("/api/v1/datasets", json=body, headers=actors["editor"]).status_code == 201
    assert client.post("/api/v1/datasets/registre-test/publish", headers=actors["editor"]).status_code == 200


def test_a_renamed_producer_is_renamed_in_its_descriptions_and_in_search(client, actors, record):
    _describe(client, actors, record)
    assert client.get("/api/v1/search", params={"q": "Zéphyrville"}).json()["total"] == 0
    response = client.patch("/api/v1/organisations/chu-test", json={"name": NEW_NAME, "country": "FR"},
                            headers=actors["orgadmin"])
    assert response.status_code == 200 and response.json()["name"] == NEW_NAME

    for dataset_id in ("registre-test", "registre-brouillon"):
        stored = client.get(f"/api/v1/datasets/{dataset_id}", headers=actors["editor"]).json()["record"]
        assert stored["producer"] == {"id": "chu-test", "name": NEW_NAME, "type": "university_hospital",
                                      "country": "FR"}
        revisions = client.get(f"/api/v1/datasets/{dataset_id}/revisions", headers=actors["editor"]).json()
        assert revisions[-1]["action"] == "producer_update"
    assert client.get("/api/v1/datasets/registre-test").json()["record"]["producer"]["name"] == NEW_NAME

    page = client.get("/api/v1/search", params={"q": "Zéphyrville"}).json()
    assert [hit["id"] for hit in page["hits"]] == ["registre-test"]  # the draft stays out of search
    assert page["hits"][0]["producer_name"] == NEW_NAME
    listing = client.get("/api/v1/search", params={"filter": "producer.id:chu-test"}).json()
    assert [hit["producer_name"] for hit in listing["hits"]] == [NEW_NAME]
    html = client.get("/search", params={"filter": "producer.id:chu-test"}).text
    assert NEW_NAME in html and "CHU Test" not in html  # facet label, hit and chip: the new name


def test_a_rename_that_changes_nothing_writes_no_revision(client, actors, record):
    _describe(client, actors, record)
    before = len(client.get("/api/v1/datasets/registre-test/revisions", headers=actors["editor"]).json())
    response = client.patch("/api/v1/organisations/chu-test", json={"name": "CHU Test"}, headers=actors["orgadmin"])
    assert response.status_code == 200
    after = client.get("/api/v1/datasets/registre-test/revisions", headers=actors["editor"]).json()
    assert len(after) == before


def test_an_explicit_null_changes_nothing_and_is_no_server_error(client, actors):
    response = client.patch("/api/v1/organisations/chu-test", json={"name": None}, headers=actors["orgadmin"])
    assert response.status_code == 200 and response.json()["name"] == "CHU Test"


def test_only_the_organisation_admins_rename_it(client, actors, record):
    _describe(client, actors, record)
    for who in ("editor", "outsider", "user"):
        response = client.patch("/api/v1/organisations/chu-test", json={"name": "Pirate"}, headers=actors[who])
        assert response.status_code == 403, who
        assert response.json()["error"]["code"]
    assert client.get("/api/v1/datasets/registre-test").json()["record"]["producer"]["name"] == "CHU Test"
