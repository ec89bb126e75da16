"""Issue 10, finding 13: a description stored with a landing page no IRI may hold (a quote, a brace)
no longer breaks /catalog.ttl for everyone; its own RDF document says why instead of a broken file."""

from __future__ import annotations

import json

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from catalogue.datasets.importer import import_lines
from catalogue.datasets.models import Dataset
from catalogue.principal import SYSTEM
from tests.conftest import corpus_records


def test_a_bad_stored_landing_page_does_not_break_the_catalogue(container, client):
    records = corpus_records()[:3]
    assert import_lines(container.uow, SYSTEM, [json.dumps(r) for r in records], publish=True).published == 3
    bad = records[0]["id"]
    with container.sessions() as session, session.begin():  # stored before URLs were validated
        dataset = session.get(Dataset, bad)
        dataset.record = {**dataset.record, "landing_page": 'https://example.org/"> {evil}'}

    for ext, fmt in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")):
        response = client.get(f"/catalog.{ext}")
        assert response.status_code == 200, response.text
        graph = Graph().parse(data=response.content, format=fmt)
        base = container.settings.base_url.rstrip("/")
        listed = {str(d).rsplit("/", 1)[-1] for d in graph.objects(URIRef(f"{base}/catalog"), DCAT.dataset)}
        assert listed == {r["id"] for r in records[1:]}, ext

    own = client.get(f"/datasets/{bad}.ttl")
    assert own.status_code == 409
    error = own.json()["error"]
    assert error["code"] == "conflict" and "cannot be exported as RDF" in error["message"]
    assert client.get(f"/datasets/{records[1]['id']}.ttl").status_code == 200
