"""Issue 10, findings 19 and 13: every ISO country gets dct:spatial (export, Turtle import, harvest),
labelled by the ISO tables; a description that cannot be serialised never breaks a catalogue page.
Issue 13: the faster serialisability check and namespaces answer as before."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS

from catalogue.ckan.from_package import Options, from_package
from catalogue.rdf.catalog import catalog_graph, serialise
from catalogue.rdf.dcat import _NOT_IN_IRI, mmd, unserialisable
from catalogue.rdf.healthdcat import dataset_graph
from catalogue.rdf.import_ttl import import_graph
from schemas.text import is_safe_text
from tests.conftest import REPO, corpus_records

BASE = "https://catalogue.example.org"
EU = "http://publications.europa.eu/resource/authority/"


def described(**changes) -> dict:
    record = copy.deepcopy(corpus_records()[0])
    record.update(changes)
    return record


def test_every_iso_country_gets_dct_spatial_named_by_the_iso_table():
    record = described(languages=["de", "sw"])
    record["population"]["geography"] = ["CH", "MA", "BR", "FR-IDF"]  # only FR was in the old tables
    graph = dataset_graph(record, BASE)
    dataset = URIRef(f"{BASE}/datasets/{record['id']}")
    spatial = set(graph.objects(dataset, DCTERMS.spatial))
    assert spatial == {URIRef(f"{EU}country/{code}") for code in ("CHE", "MAR", "BRA", "FRA")}
    assert graph.value(URIRef(f"{EU}country/CHE"), SKOS.prefLabel) == Literal("Switzerland", lang="en")  # was "Che"
    assert graph.value(URIRef(f"{EU}country/MAR"), SKOS.prefLabel) == Literal("Morocco", lang="en")
    languages = set(graph.objects(dataset, DCTERMS.language))
    assert languages == {URIRef(f"{EU}language/DEU"), URIRef(f"{EU}language/SWA")}
    assert graph.value(URIRef(f"{EU}language/SWA"), SKOS.prefLabel) == Literal("Swahili (macrolanguage)", lang="en")


def test_turtle_import_maps_any_eu_country_and_language_back_to_iso_codes():
    record = described(languages=["sw"])
    record["population"]["geography"] = ["MA", "CH"]
    graph = dataset_graph(record, BASE)
    ns = mmd(BASE)
    for own in (ns.geography, ns.language):  # a foreign file says it with the EU authority tables only
        graph.remove((None, own, None))
    [mapped] = import_graph(graph)
    assert sorted(mapped.record["population"]["geography"]) == ["CH", "MA"]
    assert mapped.record["languages"] == ["sw"]
    assert "population.geography" not in mapped.defaulted


def test_harvest_maps_a_spatial_uri_of_any_country():
    packages = json.loads((REPO / "tests" / "harvest" / "fixtures" / "ckan_packages.json").read_text(encoding="utf-8"))
    package = copy.deepcopy(packages[0])
    package["extras"] = [e for e in package.get("extras") or [] if e.get("key") != "spatial_uri"]
    package["extras"].append({"key": "spatial_uri", "value": f"{EU}country/MAR"})  # not in the old table
    mapped = from_package(package, Options(lang="fr", country="FR", lenient=True))
    assert mapped.record["population"]["geography"] == ["MA"]


def test_every_corpus_description_is_serialisable():
    for record in corpus_records():
        assert unserialisable(dataset_graph(record, BASE)) is None, record["id"]


# Rows stored before the exchange format refused them (the schema is bypassed on purpose).
BROKEN = {
    "quote-in-landing-page": {"landing_page": 'https://example.org/"> <x'},
    "brace-in-landing-page": {"landing_page": "https://example.org/{id}"},
    "surrogate-in-title": {"title": {"fr": "Registre \ud800"}},
    "control-in-summary": {"summary": {"fr": "Résumé\x0c"}},
    "missing-producer": {"producer": None},
}


@pytest.mark.parametrize("ext,fmt", [("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")])
def test_a_description_that_cannot_be_serialised_is_left_out_of_the_page(ext, fmt, caplog):
    good = corpus_records()[:2]
    broken = [described(id=name, **change) for name, change in BROKEN.items()]
    graph = catalog_graph(good[:1] + broken + good[1:], BASE, page=1, total=7,
                          page_url=lambda n: f"{BASE}/catalog.{ext}?page={n}")
    body, _ = serialise(graph, ext)
    back = Graph().parse(data=body, format=fmt)  # the page is a valid document
    datasets = {str(d).rsplit("/", 1)[-1] for d in back.objects(URIRef(f"{BASE}/catalog"), DCAT.dataset)}
    assert datasets == {r["id"] for r in good}
    for name in BROKEN:
        assert name in caplog.text  # each one left out is logged with the reason


def _first_problem(triples):
    """unserialisable() as it was written first: term by term, in order (the reference)."""
    for triple in triples:
        for term in triple:
            if isinstance(term, URIRef) and (_NOT_IN_IRI.search(term) or not is_safe_text(term)):
                return f"the IRI {str(term)[:100]!r} holds a character no IRI may hold"
            if isinstance(term, Literal) and not is_safe_text(str(term)):
                return "a text holds a control character or is not valid Unicode"
    return None


_CHARS = st.sampled_from(list("ab é<>\"{}|^`\\\x00\x0c\t\n\ud800\ufffe\x7f\x9f\xa0"))
_TERMS = st.one_of(st.text(_CHARS, max_size=6).map(lambda s: URIRef("http://x/" + s)),
                   st.text(_CHARS, max_size=6).map(Literal), st.just(BNode("b")))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_TERMS, _TERMS, _TERMS), max_size=6))
def test_unserialisable_answers_as_a_term_by_term_check(triples):
    """The joined check (one pass over all IRIs, one over all texts) says what the per-term check says, and
    names the same first term."""
    assert unserialisable(triples) == _first_problem(triples)


def test_defined_namespaces_keep_their_terms_and_their_checks():
    from rdflib import namespace as defined

    from catalogue.rdf import vocab
    for name in ("DCAT", "DCTERMS", "FOAF", "RDF", "RDFS", "SKOS", "XSD"):
        ours, theirs = getattr(vocab, name), getattr(defined, name)
        assert str(ours) == str(theirs)
        for term in theirs.__annotations__:
            if not term.startswith("_"):
                assert getattr(ours, term) == getattr(theirs, term) and isinstance(getattr(ours, term), URIRef)
    assert vocab.DCTERMS.format == URIRef("http://purl.org/dc/terms/format")  # not str.format
    with pytest.raises(AttributeError):
        vocab.SKOS.noSuchTerm  # noqa: B018 - SKOS refuses names it does not define, as rdflib's does
    unknown = f"noSuchTerm{uuid.uuid4().hex}"  # rdflib warns once per name (it caches its answer)
    with pytest.warns(UserWarning):
        getattr(vocab.DCAT, unknown)  # DCAT warns of a name it does not define, as rdflib's does


def test_a_bad_iri_is_named_by_its_first_100_characters():
    iri = URIRef("http://x/" + "a" * 150 + "{")
    assert unserialisable([(iri, iri, Literal("ok"))]) == (
        f"the IRI {str(iri)[:100]!r} holds a character no IRI may hold")
    assert str(iri)[:100] in unserialisable([(iri, iri, Literal("ok"))]) and str(iri)[:101] not in unserialisable(
        [(iri, iri, Literal("ok"))])
