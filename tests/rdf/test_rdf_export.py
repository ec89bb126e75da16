"""RDF export formats, Hydra paging, Turtle import (lossless for our exports, mapped for R8 examples)."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from catalogue.rdf.catalog import catalog_graph, serialise
from catalogue.rdf.healthdcat import dataset_graph
from catalogue.rdf.import_ttl import import_turtle
from catalogue.rdf.schemaorg import schemaorg, script_tag
from catalogue.rdf.vocab import HYDRA
from schemas.dataset import DatasetDescription
from tests.conftest import corpus_records
from tests.shared_data import HEALTHDCAT_EXAMPLES, require_shared

BASE = "https://catalogue.example.org"


def _unordered(value):
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items() if v not in (None, [])}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=json.dumps)
    return value


def test_the_three_formats_carry_the_same_graph():
    graph = dataset_graph(corpus_records()[0], BASE)
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml")):
        body, media_type = serialise(graph, ext)
        assert media_type in ("text/turtle", "application/ld+json", "application/rdf+xml")
        assert isomorphic(Graph().parse(data=body, format=fmt), graph), ext


def test_hydra_paging_links():
    records = corpus_records()[:5]
    graph = catalog_graph(records, BASE, page=2, total=250, page_url=lambda n: f"{BASE}/catalog.ttl?page={n}",
                          page_size=100)
    view = URIRef(f"{BASE}/catalog.ttl?page=2")
    assert graph.value(view, HYDRA.totalItems).toPython() == 250
    assert str(graph.value(view, HYDRA.nextPage)).endswith("page=3")
    assert str(graph.value(view, HYDRA.previousPage)).endswith("page=1")
    assert str(graph.value(view, HYDRA.lastPage)).endswith("page=3")
    assert graph.value(view, HYDRA.next) == URIRef(f"{BASE}/catalog.ttl?page=3")


def test_every_corpus_description_imports_back_from_its_turtle():
    for record in corpus_records():
        [mapped] = import_turtle(dataset_graph(record, BASE).serialize(format="turtle"))
        assert not mapped.unmapped and not mapped.defaulted, (record["id"], mapped.unmapped, mapped.defaulted)
        back = DatasetDescription.model_validate(mapped.record).to_record()
        assert _unordered(back) == _unordered(record), record["id"]  # RDF keeps no list order


@pytest.mark.parametrize("name", ["example-healthdcat-dataset.ttl", "EPRDR/AGORA.ttl", "EPRDR/ARCA.ttl"])
def test_healthdcat_ap_examples_import_with_reported_defaults(name):
    path = require_shared(HEALTHDCAT_EXAMPLES / name)
    [mapped] = import_turtle(path.read_text(encoding="utf-8"))
    description = DatasetDescription.model_validate(mapped.record)
    assert description.typology.health_categories and description.access.rights in ("PUBLIC", "NON_PUBLIC")
    assert "health_data_hub" in mapped.defaulted and "typology.data_types" in mapped.defaulted
    assert "healthdcatap:hasCodeValues" in mapped.unmapped  # kept and reported, not dropped
    if name.endswith("AGORA.ttl"):
        assert description.volume.individuals == 3500 and description.population.max_age == 18
        assert len(description.variables) == 89 and description.typology.structured
        assert description.typology.health_themes == {"en": ["Noncommunicable Diseases"]}


def test_schema_org_dataset():
    record = corpus_records()[0]
    data = schemaorg(record, BASE, "en")
    assert data["@type"] == "Dataset" and data["name"] == record["title"]["en"]
    assert data["url"] == f"{BASE}/datasets/{record['id']}" and data["creator"]["name"] == record["producer"]["name"]
    assert data["temporalCoverage"].startswith(record["temporal_coverage"]["start"])
    assert data["includedInDataCatalog"]["@type"] == "DataCatalog" and data["keywords"]
    assert script_tag(record, BASE).startswith('<script type="application/ld+json">{')
