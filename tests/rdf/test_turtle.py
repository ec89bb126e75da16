"""The catalogue's own Turtle writer gives the graph rdflib gives, on the corpus and on awkward terms."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from catalogue.rdf import turtle
from catalogue.rdf.catalog import catalog_triples, serialise
from tests.conftest import corpus_records

BASE = "https://catalogue.example.org"
EX = Namespace("https://example.org/ns#")


def parsed(body: bytes) -> Graph:
    return Graph().parse(data=body.decode("utf-8"), format="turtle")


def test_a_page_of_the_corpus_is_the_same_graph_as_rdflib_writes() -> None:
    records = corpus_records()
    triples = catalog_triples(records, BASE, page=1, total=len(records),
                              page_url=lambda n: f"{BASE}/catalog.ttl?page={n}")
    ours, _ = serialise(triples, "ttl")
    reference = triples.graph()
    assert len(reference) > 5000
    assert isomorphic(parsed(ours), reference)
    assert isomorphic(parsed(ours), parsed(reference.serialize(format="turtle").encode()))


def test_awkward_terms_survive_the_round_trip() -> None:
    triples = turtle.Triples({"ex": str(EX), "xsd": str(XSD)})
    blank = BNode()
    for value in [Literal('quote " and backslash \\ and \\n literal'), Literal("line\nbreak\r\nand\ttab"),
                  Literal("accentué, 中文, emoji 🙂", lang="fr"), Literal("en-GB", lang="en-gb"),
                  Literal(42), Literal("42", datatype=XSD.integer), Literal(True),
                  Literal("2024-01-31", datatype=XSD.date),
                  Literal("x", datatype=XSD.string), Literal("typed", datatype=URIRef("https://example.org/type/a.b")),
                  URIRef("https://example.org/ns#has.dot"), URIRef("https://example.org/ns#with%20percent"),
                  URIRef("https://example.org/ns#9starts-with-digit"), URIRef("https://example.org/ns#"),
                  URIRef("https://other.example/path/x"), blank]:
        triples.add((EX.subject, EX.value, value))
    triples.add((blank, EX.label, Literal("a blank node")))
    triples.add((blank, EX.label, Literal("a blank node")))  # a duplicate: one triple
    triples.add((EX.subject, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), EX.Thing))
    body = turtle.write(triples)
    assert isomorphic(parsed(body), triples.graph())
    assert len(parsed(body)) == len(triples.graph()) < len(triples)
    assert b"ex:subject\n    ex:value " in body and b"    a ex:Thing" in body  # prefixed names, `a`
    assert b"<https://example.org/ns#has.dot>" in body  # not a safe local name: written whole
