"""DCAT endpoints and content negotiation over HTTP, on every engine."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from catalogue.rdf.vocab import HYDRA


def publish(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    assert client.post(f"/api/v1/datasets/{record['id']}/publish", headers=actors["editor"]).status_code == 200


def test_catalog_in_three_formats_with_hydra(client, actors, record):
    publish(client, actors, record)
    for ext, fmt, media in (("ttl", "turtle", "text/turtle"), ("jsonld", "json-ld", "application/ld+json"),
                            ("rdf", "xml", "application/rdf+xml")):
        response = client.get(f"/catalog.{ext}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        graph = Graph().parse(data=response.content, format=fmt)
        assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1
        page = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
        assert graph.value(page, HYDRA.totalItems).toPython() == 1
    assert client.get("/catalog.ttl?page=2").status_code == 404
    assert client.get("/catalog.csv").status_code == 422


def test_drafts_are_not_exported_to_the_public(client, actors, record):
    client.post("/api/v1/datasets", json=record, headers=actors["editor"])
    assert client.get(f"/datasets/{record['id']}.ttl").status_code == 404
    assert client.get(f"/datasets/{record['id']}.ttl", headers=actors["editor"]).status_code == 200
    graph = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    assert not list(graph.subjects(RDF.type, DCAT.Dataset))


def test_content_negotiation_on_the_dataset_url(client, actors, record):
    publish(client, actors, record)
    url = f"/api/v1/datasets/{record['id']}"
    turtle = client.get(url, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    iri = URIRef(f"{client.app.state.container.settings.base_url}/datasets/{record['id']}")
    assert (iri, RDF.type, DCAT.Dataset) in Graph().parse(data=turtle.text, format="turtle")
    assert client.get(url, headers={"Accept": "application/ld+json"}).headers["content-type"].startswith(
        "application/ld+json")
    assert client.get(f"/datasets/{record['id']}", headers={"Accept": "application/rdf+xml;q=0.9, text/html;q=0.5"}
                      ).headers["content-type"].startswith("application/rdf+xml")
    plain = client.get(url, headers={"Accept": "application/json, text/turtle;q=0.5"})
    assert plain.headers["content-type"].startswith("application/json") and plain.json()["id"] == record["id"]
    schema = client.get(f"/datasets/{record['id']}/schema.jsonld?lang=en")
    assert schema.status_code == 200 and schema.json()["@type"] == "Dataset"
