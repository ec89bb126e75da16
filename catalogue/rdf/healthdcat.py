"""HealthDCAT-AP R8 properties of a description, plus this catalogue's own terms (mmd:) for the
exchange-format fields no standard names, so that a Turtle export imports back without loss."""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from catalogue.rdf.dcat import Builder, dataset_iri, new_graph
from catalogue.rdf.turtle import Sink
from catalogue.rdf.vocab import (
    CODING_SYSTEMS,
    CSVW,
    DCTERMS,
    DPV,
    DUO,
    HDABS,
    HDEU,
    HEALTH,
    HEALTH_ACTIVITIES,
    PROV,
    RDF,
    RDFS,
    STANDARDS,
    XSD,
)

NON_NEGATIVE = XSD.nonNegativeInteger


def _health(b: Builder) -> None:
    g, r, d, ns = b.g, b.r, b.iri, b.ns
    typology, population, volume = r["typology"], r["population"], r["volume"]
    for code in typology.get("health_categories") or []:
        g.add((d, HEALTH.healthCategory, b.concept(f"{HDEU}healthcategories/{code}", f"{HDEU}healthcategories")))
    variables = r.get("variables") or []
    # HealthDCAT-AP: hasStructuredData true requires hasVariables; without a variable list the
    # export says false and keeps the producer's answer in mmd:structured (docs/dcat-mapping.md).
    g.add((d, HEALTH.hasStructuredData, Literal(bool(typology["structured"] and variables))))
    g.add((d, ns.structured, Literal(bool(typology["structured"]))))
    if variables:
        _variables(b, variables)
    for code in typology.get("coding_systems") or []:
        g.add((d, ns.codingSystem, Literal(code)))
        if code in CODING_SYSTEMS:
            node = b.concept(f"{HDEU}coding-system/{CODING_SYSTEMS[code]}", f"{HDEU}coding-system", DCTERMS.Standard)
            g.add((d, HEALTH.hasCodingSystem, node))
    model = typology.get("common_data_model")
    if model in STANDARDS:
        g.add((d, DCTERMS.conformsTo, b.concept(f"{HDEU}standard/{STANDARDS[model]}", f"{HDEU}standard",
                                                DCTERMS.Standard)))
    if model:
        g.add((d, ns.commonDataModel, Literal(model)))
    for items in (typology.get("health_themes") or {}).items():
        for theme in items[1]:
            g.add((d, ns.healthTheme, Literal(theme, lang=items[0])))
    b.texts(d, HEALTH.populationCoverage, population.get("description"))
    for key, predicate in (("min_age", HEALTH.minTypicalAge), ("max_age", HEALTH.maxTypicalAge)):
        if population.get(key) is not None:
            g.add((d, predicate, Literal(population[key], datatype=NON_NEGATIVE)))
    for setting in population.get("care_settings") or []:
        g.add((d, ns.careSetting, Literal(setting)))
    if volume.get("individuals") is not None:
        g.add((d, HEALTH.numberOfUniqueIndividuals, Literal(volume["individuals"], datatype=NON_NEGATIVE)))
    if volume.get("records") is not None:
        g.add((d, HEALTH.numberOfRecords, Literal(volume["records"], datatype=NON_NEGATIVE)))
    for key in ("variables", "size_bytes", "yearly_growth_individuals"):
        if volume.get(key) is not None:
            g.add((d, ns[f"volume_{key}"], Literal(volume[key], datatype=XSD.integer)))
    _hdab(b)
    _provenance(b)


def _hdab(b: Builder) -> None:
    producer = b.r["producer"]
    known = HDABS.get(producer["country"])
    if known is None:  # no access body known for that country: the producer answers access requests
        b.g.add((b.iri, HEALTH.hdab, URIRef(f"{b.base}/organisations/{producer['id']}")))
        return
    name, page, kind = known
    node = URIRef(f"{b.base}/hdab/{producer['country'].lower()}")
    b.agent(node, name, kind, page=page)
    b.g.add((b.iri, HEALTH.hdab, node))


def _provenance(b: Builder) -> None:
    g, r, d = b.g, b.r, b.iri
    statement = URIRef(f"{d}#provenance")
    g.add((d, DCTERMS.provenance, statement))
    g.add((statement, RDF.type, DCTERMS.ProvenanceStatement))
    kinds = ", ".join(code.replace("_", " ") for code in r["typology"]["data_types"])
    g.add((statement, RDFS.label, Literal(f"Held by {r['producer']['name']} ({kinds}); described by its producer "
                                          "in the MeetMyData catalogue.", lang="en")))
    activities = sorted({HEALTH_ACTIVITIES[c] for c in r["typology"]["data_types"] if c in HEALTH_ACTIVITIES})
    if activities:
        activity = URIRef(f"{d}#generation")
        g.add((d, PROV.wasGeneratedBy, activity))
        g.add((activity, RDF.type, PROV.Activity))
        for code in activities:
            g.add((activity, DCTERMS.type, b.concept(f"{HDEU}health-activity/{code}", f"{HDEU}health-activity")))


def _variables(b: Builder, variables: list[dict[str, Any]]) -> None:
    g, d = b.g, b.iri
    group, table = URIRef(f"{d}#variables"), URIRef(f"{d}#table")
    g.add((d, HEALTH.hasVariables, group))
    g.add((group, RDF.type, CSVW.TableGroup))
    g.add((group, CSVW.table, table))
    b.texts(group, DCTERMS.title, b.r["title"])
    g.add((table, RDF.type, CSVW.Table))
    b.texts(table, DCTERMS.title, b.r["title"])
    for index, variable in enumerate(variables):
        column = URIRef(f"{d}#variable-{index + 1}")
        g.add((table, CSVW.column, column))
        g.add((column, RDF.type, CSVW.Column))
        g.add((column, CSVW.name, Literal(variable["name"])))
        b.texts(column, CSVW.title, variable.get("label") or variable["name"])
        g.add((column, CSVW.datatype, Literal(variable.get("type") or "string")))
        b.texts(column, DCTERMS.description, variable.get("description") or variable.get("label") or variable["name"])
        g.add((column, b.ns.order, Literal(index, datatype=XSD.integer)))


def _access(b: Builder) -> None:
    """Access conditions: legal bases as DPV, the rest as catalogue terms."""
    g, d, ns, access = b.g, b.iri, b.ns, b.r["access"]
    for basis in access.get("legal_bases") or []:
        node = BNode()
        g.add((d, DPV.hasLegalBasis, node))
        g.add((node, RDF.type, DPV.LegalBasis))
        g.add((node, DCTERMS.identifier, Literal(basis)))
    for condition in access.get("data_use_conditions") or []:
        g.add((d, ns.dataUseCondition, URIRef(DUO + condition.removeprefix("DUO:"))))
    for modality in access["modalities"]:
        g.add((d, ns.accessModality, Literal(modality)))
    if access.get("platform"):
        g.add((d, ns.accessPlatform, Literal(access["platform"])))
    for audience, answer in access["audiences"].items():
        g.add((d, ns[f"audience_{audience}"], Literal(answer)))
    b.texts(d, ns.accessProcedure, access["procedure"])
    if access.get("typical_delay_days") is not None:
        g.add((d, ns.typicalDelayDays, Literal(access["typical_delay_days"], datatype=XSD.integer)))
    if access.get("cost"):
        g.add((d, ns.cost, Literal(json.dumps(access["cost"], ensure_ascii=False, sort_keys=True))))
    if access.get("request_url"):
        g.add((d, ns.requestURL, URIRef(access["request_url"])))


def _catalogue_terms(b: Builder) -> None:
    g, r, d, ns = b.g, b.r, b.iri, b.ns
    hdh = r["health_data_hub"]
    g.add((d, ns.hdhRelationship, Literal(hdh["relationship"])))
    g.add((d, ns.sndsLinkable, Literal(bool(hdh["snds_linkable"]))))
    g.add((d, ns.onHdhPlatform, Literal(bool(hdh["on_hdh_platform"]))))
    if hdh.get("catalogue_id"):
        g.add((d, ns.hdhCatalogueId, Literal(hdh["catalogue_id"])))
    collaboration = r.get("collaboration") or {}
    for need in collaboration.get("seeking") or []:
        g.add((d, ns.seeking, Literal(need)))
    b.texts(d, ns.collaborationDescription, collaboration.get("description"))
    for lang in r.get("languages") or []:
        g.add((d, ns.language, Literal(lang)))


def add_dataset(graph: Sink, record: dict[str, Any], base_url: str) -> URIRef:
    """Add one description (DCAT-AP 3 + HealthDCAT-AP) to `graph`; returns the dataset IRI."""
    builder = Builder(graph, record, base_url)
    builder.core()
    _health(builder)
    _access(builder)
    _catalogue_terms(builder)
    return builder.iri


def dataset_graph(record: dict[str, Any], base_url: str) -> Graph:
    """One description as its own RDF document."""
    graph = new_graph(base_url)
    add_dataset(graph, record, base_url)
    return graph


__all__ = ["add_dataset", "dataset_graph", "dataset_iri"]
