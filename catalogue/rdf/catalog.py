"""The whole catalogue as a dcat:Catalog, one page at a time, with Hydra paging links
(both ckanext-dcat's hydra:PagedCollection and udata's hydra:PartialCollectionView). Pure, no I/O."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef

from catalogue.rdf.dcat import Builder, new_graph, unserialisable
from catalogue.rdf import turtle
from catalogue.rdf.healthdcat import add_dataset
from catalogue.rdf.turtle import Sink, Triples
from catalogue.rdf.vocab import DCAT, DCTERMS, EU, FOAF, HYDRA, RDF, SKOS, XSD

FORMATS = {  # extension -> (rdflib format, media type)
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
}
PAGE_SIZE = 100
log = logging.getLogger(__name__)


def catalog_iri(base_url: str) -> URIRef:
    return URIRef(f"{base_url.rstrip('/')}/catalog")


def last_page(total: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / page_size))


def prefixes(base_url: str) -> dict[str, str]:
    """The prefixes of every RDF document of this catalogue (those of `new_graph`)."""
    return {prefix: str(namespace) for prefix, namespace in new_graph(base_url).namespaces()}


def catalog_triples(records: list[dict[str, Any]], base_url: str, *, page: int, total: int,
                    page_url: Callable[[int], str], page_size: int = PAGE_SIZE) -> Triples:
    """One page of the catalogue: the catalog node, its datasets, and the paging links."""
    graph = Triples(prefixes(base_url))
    catalog = catalog_iri(base_url)
    builder = Builder(graph, {"id": "catalog"}, base_url)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("MeetMyData — catalogue de données de santé", lang="fr")))
    graph.add((catalog, DCTERMS.title, Literal("MeetMyData — health-data catalogue", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Descriptions of health datasets held by French and European producers: what they hold, who may "
        "use them and how, and their relation to the Health Data Hub.", lang="en")))
    operator = URIRef(f"{base_url.rstrip('/')}/#operator")
    builder.agent(operator, "MeetMyData", "non-gov-org", page=base_url.rstrip("/") + "/")
    graph.add((catalog, DCTERMS.publisher, operator))
    graph.add((catalog, FOAF.homepage, builder.document(base_url.rstrip("/") + "/")))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")))
    graph.add((URIRef(f"{EU}data-theme"), RDF.type, SKOS.ConceptScheme))
    builder.legislation(catalog)
    for record in records:
        part = Triples({})
        try:
            iri = add_dataset(part, record, base_url)
            problem = unserialisable(part)
        except Exception as exc:  # noqa: BLE001 - one description never breaks a page of the catalogue
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            log.warning("DCAT catalogue page %d: description %s left out: %s", page, record.get("id"), problem)
            continue
        graph.extend(part)
        graph.add((catalog, DCAT.dataset, iri))
    _paging(graph, page, total, page_size, page_url)
    return graph


def catalog_graph(records: list[dict[str, Any]], base_url: str, *, page: int, total: int,
                  page_url: Callable[[int], str], page_size: int = PAGE_SIZE) -> Graph:
    """`catalog_triples` as an rdflib graph."""
    return catalog_triples(records, base_url, page=page, total=total, page_url=page_url,
                           page_size=page_size).graph()


def _paging(graph: Sink, page: int, total: int, page_size: int, page_url: Callable[[int], str]) -> None:
    last = last_page(total, page_size)
    node = URIRef(page_url(page))
    graph.add((node, RDF.type, HYDRA.PagedCollection))
    graph.add((node, RDF.type, HYDRA.PartialCollectionView))
    graph.add((node, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((node, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer)))
    links = {"first": 1, "last": last, "next": page + 1 if page < last else None,
             "previous": page - 1 if page > 1 else None}
    for name, number in links.items():
        if number is None:
            continue
        graph.add((node, HYDRA[f"{name}Page"], Literal(page_url(number))))  # ckanext-dcat
        graph.add((node, HYDRA[name], URIRef(page_url(number))))            # Hydra core / udata


def serialise(graph: Graph | Triples, ext: str) -> tuple[bytes, str]:
    """The graph in one of FORMATS; returns (body, media type). Turtle of `Triples` is written directly."""
    fmt, media_type = FORMATS[ext]
    if isinstance(graph, Triples):
        if fmt == "turtle":
            return turtle.write(graph), media_type
        graph = graph.graph()
    body = graph.serialize(format=fmt, auto_compact=True) if fmt == "json-ld" else graph.serialize(format=fmt)
    return body.encode("utf-8") if isinstance(body, str) else body, media_type
