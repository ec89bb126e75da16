"""Issue 10, findings 2, 13 and 19 at the API: what no store can hold is refused with 422 naming the
field, before anything is written (create used to commit, then answer 500 and poison the outbox)."""

from __future__ import annotations

import copy
import json

import pytest

from catalogue.outbox import service as outbox


def send(client, url, payload, headers=None):
    """POST JSON as a client may send it: lone surrogates as \\uD800 escapes (httpx would refuse them)."""
    return client.post(url, content=json.dumps(payload).encode(),
                       headers={"Content-Type": "application/json", **(headers or {})})


def post(client, actors, record):
    return send(client, "/api/v1/datasets", record, actors["editor"])


def set_path(record: dict, path: str, value) -> dict:
    bad = copy.deepcopy(record)
    *parents, last = path.split(".")
    node = bad
    for part in parents:
        node = node[part]
    node[last] = value
    return bad


UNSTORABLE = [
    ("volume.individuals", 2**63, "volume.individuals"),
    ("volume.records", 2**53, "volume.records"),
    ("volume.yearly_growth_individuals", -(2**63), "volume.yearly_growth_individuals"),
    ("access.typical_delay_days", 10**12, "access.typical_delay_days"),
    ("title.fr", "Registre \ud800", "title"),
    ("title.fr", "Registre\nsur deux lignes", "title"),
    ("summary.fr", "Résumé \x07", "summary"),
    ("producer.name", "CHU \udfff", "producer.name"),
    ("contact.name", "Jeanne\x00", "contact.name"),
    ("keywords", {"fr": ["cancer", "\ud83d"]}, "keywords"),
    ("licence", "CC-BY \ufffe", "licence"),
    ("temporal_coverage.start", "0001-01-01", "temporal_coverage.start"),
    ("population.geography", ["ZZ"], "population.geography[0]"),
    ("population.geography", ["FR-ZZZ"], "population.geography[0]"),
    ("producer.country", "ZZ", "producer.country"),
    ("languages", ["qq"], "languages[0]"),
    ("title", {"qq": "Registre"}, "title"),
    ("landing_page", 'https://example.org/"><x', "landing_page"),
    ("landing_page", "https://example.org/{id}", "landing_page"),
    ("landing_page", "https://exa mple.org/", "landing_page"),
    ("landing_page", "https://example.org\\@evil.example/", "landing_page"),
    ("access.request_url", "https:///no-host", "access.request_url"),
]


def test_unstorable_values_are_refused_naming_the_field_and_nothing_is_stored(client, actors, container, record):
    for path, value, field in UNSTORABLE:
        response = post(client, actors, set_path(record, path, value))
        assert response.status_code == 422, (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "validation_failed"
        assert field in {d["field"] for d in error["details"]}, (path, error)
    assert client.get(f"/api/v1/datasets/{record['id']}", headers=actors["editor"]).status_code == 404
    with container.sessions() as session:
        assert outbox.pending_count(session) == 0 and outbox.dead_count(session) == 0


def test_switzerland_and_a_subdivision_are_accepted(client, actors, record):
    record["producer"]["country"] = "CH"
    record["population"]["geography"] = ["CH", "FR-IDF"]
    record["languages"] = ["fr", "de"]
    assert post(client, actors, record).status_code == 201


@pytest.mark.parametrize(("url", "payload", "field"), [
    ("/api/v1/auth/register", {"email": "a@example.org", "name": "A\ud800", "password": "correct horse battery"},
     "name"),
    ("/api/v1/auth/token", {"email": "a@example.org\x00", "password": "correct horse battery"}, "email"),
])
def test_account_payloads_refuse_unsafe_text(client, url, payload, field):
    response = send(client, url, payload)
    assert response.status_code == 422, response.text
    assert field in {d["field"] for d in response.json()["error"]["details"]}


def test_organisation_payloads_refuse_unsafe_text_and_unknown_countries(client, actors):
    for payload, field in (({"id": "org-x", "name": "Org \ud800", "type": "hospital"}, "name"),
                           ({"id": "org-x", "name": "Org", "type": "hospital", "country": "ZZ"}, "country")):
        response = send(client, "/api/v1/organisations", payload, actors["admin"])
        assert response.status_code == 422, response.text
        assert field in {d["field"] for d in response.json()["error"]["details"]}
    ok = client.post("/api/v1/organisations", json={"id": "org-ch", "name": "Org", "type": "hospital", "country": "CH"},
                     headers=actors["admin"])
    assert ok.status_code == 201, ok.text
