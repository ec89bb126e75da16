"""A description as DCAT-AP 3 RDF (dataset, distribution, agents, contact point). Pure, no I/O.

HealthDCAT-AP additions are in catalogue.rdf.healthdcat; `dataset_graph` builds both, since
every published description is exported as a HealthDCAT-AP dataset. Mapping: docs/dcat-mapping.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from catalogue.rdf.labels import label_of
from catalogue.rdf.turtle import Sink
from catalogue.rdf.vocab import (
    ADMS,
    CSVW,
    CV,
    DCAT,
    DCATAP,
    DCTERMS,
    DPV,
    EHDS,
    ELI,
    EU,
    FOAF,
    GEODCATAP,
    HDEU,
    HEALTH,
    HYDRA,
    PROV,
    PUBLISHER_TYPES,
    RDF,
    RDFS,
    SCHEMES,
    SKOS,
    VCARD,
    XSD,
    country_iri,
    language_iri,
)
from schemas.text import is_safe_text

PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS, "dcatap": DCATAP, "healthdcatap": HEALTH,
            "cv": CV, "dpv": DPV, "geodcatap": GEODCATAP, "csvw": CSVW, "vcard": VCARD, "adms": ADMS,
            "prov": PROV, "eli": ELI, "hydra": HYDRA, "xsd": XSD, "rdfs": RDFS}


# What no IRI may hold in Turtle (IRIREF), RDF/XML or JSON-LD: it would end the IRI early or break the document.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def unserialisable(graph: Iterable[tuple[Node, Node, Node]]) -> str | None:
    """Why `graph` cannot be written as valid Turtle, RDF/XML and JSON-LD, None when it can.

    Descriptions are validated on the way in; this guards the outputs against rows stored before
    (an IRI with a quote or a brace, text that is not valid Unicode or holds control characters).
    """
    triples = list(graph)
    iris = "".join({term for triple in triples for term in triple if isinstance(term, URIRef)})
    texts = "".join({str(term) for triple in triples for term in triple if isinstance(term, Literal)})
    # Both tests look at one character at a time: the joined terms pass exactly when each of them does.
    if not _NOT_IN_IRI.search(iris) and is_safe_text(iris) and is_safe_text(texts):
        return None
    for triple in triples:  # which term, in the graph's order
        for term in triple:
            if isinstance(term, URIRef) and (_NOT_IN_IRI.search(term) or not is_safe_text(term)):
                return f"the IRI {str(term)[:100]!r} holds a character no IRI may hold"
            if isinstance(term, Literal) and not is_safe_text(str(term)):
                return "a text holds a control character or is not valid Unicode"
    return None  # pragma: no cover - the joined test above found what one of the terms holds


def mmd(base_url: str) -> Namespace:
    """This catalogue's own terms, for exchange-format fields no standard names."""
    return Namespace(base_url.rstrip("/") + "/ns#")


def dataset_iri(base_url: str, dataset_id: str) -> URIRef:
    return URIRef(f"{base_url.rstrip('/')}/datasets/{dataset_id}")


def new_graph(base_url: str) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.bind("rdf", RDF)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("mmd", mmd(base_url))
    return graph


class Builder:
    """Adds one description's triples to a graph; helpers type and scheme every coded value."""

    def __init__(self, graph: Sink, record: dict[str, Any], base_url: str) -> None:
        self.g, self.r, self.base = graph, record, base_url.rstrip("/")
        self.ns = mmd(base_url)
        self.iri = dataset_iri(base_url, record["id"])

    def texts(self, subject: Any, predicate: URIRef, value: dict[str, str] | str | None) -> None:
        if isinstance(value, str):
            self.g.add((subject, predicate, Literal(value)))
        for lang, text in (value or {}).items() if isinstance(value, dict) else ():
            self.g.add((subject, predicate, Literal(text, lang=lang)))

    def concept(self, iri: str, scheme: str, *types: URIRef, label: str | None = None) -> URIRef:
        node = URIRef(iri)
        for kind in (SKOS.Concept, *types):
            self.g.add((node, RDF.type, kind))
        self.g.add((node, SKOS.inScheme, URIRef(scheme)))
        self.g.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
        self.g.add((URIRef(scheme), DCTERMS.title, Literal(SCHEMES.get(scheme, scheme.rsplit("/", 1)[-1]), lang="en")))
        self.g.add((node, SKOS.prefLabel, Literal(label or label_of(scheme, iri.rsplit("/", 1)[-1]), lang="en")))
        return node

    def own_concept(self, vocabulary: str, code: str) -> URIRef:
        """A code of the exchange format's own vocabularies, e.g. data types."""
        scheme = f"{self.base}/vocabularies/{vocabulary}"
        node = self.concept(f"{scheme}/{code}", scheme, label=code.replace("_", " "))
        self.g.add((URIRef(scheme), DCTERMS.title, Literal(f"MeetMyData {vocabulary}", lang="en")))
        return node

    def document(self, url: str) -> URIRef:
        node = URIRef(self.base + url if url.startswith("/") else url)
        self.g.add((node, RDF.type, FOAF.Document))
        return node

    def legislation(self, subject: Any) -> None:
        self.g.add((subject, DCATAP.applicableLegislation, URIRef(EHDS)))
        self.g.add((URIRef(EHDS), RDF.type, ELI.LegalResource))

    def agent(self, node: Any, name: str, kind: str, *, email: str | None = None, page: str | None = None) -> Any:
        """A foaf:Agent with a HealthDCAT-AP publisher type and exactly one cv:contactPoint."""
        g = self.g
        g.add((node, RDF.type, FOAF.Agent))
        g.add((node, FOAF.name, Literal(name)))
        g.add((node, DCTERMS.type, self.concept(f"{HDEU}publisher-type/{kind}", f"{HDEU}publisher-type")))
        contact = URIRef(f"{node}#contact") if isinstance(node, URIRef) else BNode()
        g.add((node, CV.contactPoint, contact))
        g.add((contact, RDF.type, CV.ContactPoint))
        if email:
            g.add((contact, CV.email, Literal(email)))
        if page:
            g.add((contact, CV.contactPage, self.document(page)))
        return node

    def core(self) -> None:
        """The DCAT-AP 3 part of the dataset."""
        g, r, d = self.g, self.r, self.iri
        g.add((d, RDF.type, DCAT.Dataset))
        g.add((d, DCTERMS.identifier, Literal(r["id"])))
        self.texts(d, DCTERMS.title, r["title"])
        self.texts(d, DCTERMS.description, r["description"])
        self.texts(d, DCTERMS.abstract, r["summary"])
        for items in (r.get("keywords") or {}).items():
            for keyword in items[1]:
                g.add((d, DCAT.keyword, Literal(keyword, lang=items[0])))
        g.add((d, DCAT.theme, self.concept(f"{EU}data-theme/HEAL", f"{EU}data-theme", label="Health")))
        rights = r["access"]["rights"]
        g.add((d, DCTERMS.accessRights,
               self.concept(f"{EU}access-right/{rights}", f"{EU}access-right", DCTERMS.RightsStatement)))
        self.legislation(d)
        for code in r["typology"]["data_types"]:
            g.add((d, DCTERMS.type, self.own_concept("data-types", code)))
        if r.get("update_frequency"):
            g.add((d, DCTERMS.accrualPeriodicity, self.concept(
                f"{EU}frequency/{r['update_frequency']}", f"{EU}frequency", DCTERMS.Frequency)))
        for lang in r.get("languages") or []:
            if iri := language_iri(lang):
                g.add((d, DCTERMS.language, self.concept(iri, f"{EU}language", DCTERMS.LinguisticSystem)))
        self._spatial()
        self._temporal()
        for key, predicate in (("issued", DCTERMS.issued), ("modified", DCTERMS.modified)):
            if r.get(key):
                g.add((d, predicate, Literal(r[key], datatype=XSD.date)))
        if r.get("landing_page"):
            g.add((d, DCAT.landingPage, self.document(r["landing_page"])))
        for document in r.get("documents") or []:
            g.add((d, FOAF.page, self.document(document["url"])))
            self.texts(URIRef(self.document(document["url"])), DCTERMS.title, document["title"])
            g.add((self.document(document["url"]), self.ns.documentKind, Literal(document["kind"])))
        self._contact()
        self._agents()
        self._distribution()

    def _spatial(self) -> None:
        for code in self.r["population"]["geography"]:  # a subdivision (FR-IDF) is placed in its country
            if iri := country_iri(code):
                self.g.add((self.iri, DCTERMS.spatial, self.concept(iri, f"{EU}country", DCTERMS.Location)))
            self.g.add((self.iri, self.ns.geography, Literal(code)))

    def _temporal(self) -> None:
        coverage = self.r["temporal_coverage"]
        period = URIRef(f"{self.iri}#temporal")
        self.g.add((self.iri, DCTERMS.temporal, period))
        self.g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        self.g.add((period, DCAT.startDate, Literal(coverage["start"], datatype=XSD.date)))
        if coverage.get("end"):
            self.g.add((period, DCAT.endDate, Literal(coverage["end"], datatype=XSD.date)))

    def _contact(self) -> None:
        contact = URIRef(f"{self.iri}#contact-point")
        self.g.add((self.iri, DCAT.contactPoint, contact))
        self.g.add((contact, RDF.type, VCARD.Kind))
        self.g.add((contact, VCARD.fn, Literal(self.r["contact"]["name"])))
        self.g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{self.r['contact']['email']}")))

    def _agents(self) -> None:
        producer = self.r["producer"]
        node = URIRef(f"{self.base}/organisations/{producer['id']}")
        self.agent(node, producer["name"], PUBLISHER_TYPES[producer["type"]], email=self.r["contact"]["email"])
        self.g.add((node, DCTERMS.identifier, Literal(producer["id"])))
        self.g.add((node, self.ns.producerType, Literal(producer["type"])))
        self.g.add((node, self.ns.country, Literal(producer["country"])))
        self.g.add((self.iri, DCTERMS.publisher, node))
        self.g.add((self.iri, GEODCATAP.custodian, node))

    def _distribution(self) -> None:
        """One distribution: the way to access the data, under the EHDS."""
        g, r, access = self.g, self.r, self.r["access"]
        dist = URIRef(f"{self.iri}#access")
        g.add((self.iri, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        self.legislation(dist)
        url = access.get("request_url") or r.get("landing_page") or str(self.iri)
        g.add((dist, DCAT.accessURL, self.document(url)))
        g.add((URIRef(self.document(url)), RDF.type, RDFS.Resource))
        platform = access.get("platform")
        g.add((dist, DCTERMS.title, Literal(f"Access via {platform}" if platform else "Access on request", lang="en")))
        self.texts(dist, DCTERMS.description, access["procedure"])
        statement = URIRef(f"{self.iri}#access-conditions")
        g.add((dist, DCTERMS.rights, statement))
        g.add((statement, RDF.type, DCTERMS.RightsStatement))
        self.texts(statement, RDFS.label, access["procedure"])
        if r.get("licence"):
            licence = URIRef(f"{self.iri}#licence")
            g.add((dist, DCTERMS.license, licence))
            g.add((licence, RDF.type, DCTERMS.LicenseDocument))
            g.add((licence, RDFS.label, Literal(r["licence"])))
