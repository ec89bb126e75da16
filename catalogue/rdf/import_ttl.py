"""HealthDCAT-AP (or DCAT-AP) RDF into exchange-format records: one per dcat:Dataset. Pure, no I/O.

Our own exports come back without loss (their mmd: terms carry what no standard names); a
foreign HealthDCAT-AP file maps what it says, fills the rest with stated defaults (`defaulted`),
and reports every property of a dataset it did not use (`unmapped`), so nothing is dropped silently.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from catalogue.ckan.from_package import Mapped, Options, slug
from catalogue.rdf.vocab import (
    CODING_SYSTEMS,
    CSVW,
    CV,
    DCAT,
    DCATAP,
    DCTERMS,
    DPV,
    DUO,
    FOAF,
    GEODCATAP,
    HEALTH,
    HEALTH_ACTIVITIES,
    PROV,
    PUBLISHER_TYPES,
    RDF,
    RDFS,
    SKOS,
    VCARD,
    country_of,
    language_of,
)
from schemas import vocabularies as v
from schemas.links import is_document_url
from schemas.urls import url_problem

_ACTIVITY = {activity: code for code, activity in reversed(HEALTH_ACTIVITIES.items())}
_PUBLISHER = {kind: code for code, kind in reversed(PUBLISHER_TYPES.items())}
_CODING = {hdeu: ours for ours, hdeu in CODING_SYSTEMS.items()}


def _tail(node: Node | str) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _flag(node: Node) -> bool:
    """A boolean literal's value; any other node (a URI) by its truth, as its toPython() would give."""
    return bool(node.toPython()) if isinstance(node, Literal) else bool(node)


class _Dataset:
    def __init__(self, graph: Graph, node: Node, options: Options) -> None:
        self.g, self.node, self.options = graph, node, options
        self.used: set[URIRef] = {RDF.type}
        self.defaulted: list[str] = []
        self.refused: dict[str, list[str]] = {}  # values no description may hold (reported as unmapped)
        self.ns = next((str(p).rsplit("#", 1)[0] + "#" for p in graph.predicates(node)
                        if str(p).endswith("/ns#sndsLinkable")), None)

    def values(self, predicate: URIRef, node: Node | None = None) -> list[Node]:
        if node is None:
            self.used.add(predicate)
        return sorted(self.g.objects(node if node is not None else self.node, predicate), key=str)

    def own(self, name: str) -> list[Node]:
        return self.values(URIRef(self.ns + name)) if self.ns else []

    def one(self, predicate: URIRef, node: Node | None = None) -> Node | None:
        found = self.values(predicate, node)
        return found[0] if found else None

    def texts(self, predicate: URIRef, node: Node | None = None) -> dict[str, str] | None:
        out: dict[str, str] = {}
        for value in self.values(predicate, node):
            if isinstance(value, Literal) and str(value).strip():
                out.setdefault(value.language or self.options.lang, str(value))
        return out or None

    def text_lists(self, predicate: URIRef) -> dict[str, list[str]] | None:
        out: dict[str, list[str]] = {}
        for value in self.values(predicate):
            if isinstance(value, Literal):
                out.setdefault(value.language or self.options.lang, []).append(str(value))
        return out or None

    def default(self, path: str, value: Any) -> Any:
        self.defaulted.append(path)
        return value


def _producer(d: _Dataset) -> tuple[dict[str, Any] | None, Node | None]:
    agent = d.one(DCTERMS.publisher) or d.one(GEODCATAP.custodian)
    d.used.add(GEODCATAP.custodian)
    if agent is None:
        return None, None
    name = str(d.one(FOAF.name, agent) or _tail(agent))
    ident = d.one(DCTERMS.identifier, agent)
    kind = next((str(x) for x in d.g.objects(agent, URIRef(d.ns + "producerType"))), None) if d.ns else None
    kind = kind or _PUBLISHER.get(_tail(d.one(DCTERMS.type, agent) or "")) or d.default("producer.type", "other")
    country = next((str(x) for x in d.g.objects(agent, URIRef(d.ns + "country"))), None) if d.ns else None
    spatial = [country_of(s) for s in d.values(DCTERMS.spatial)]
    country = country or next((c for c in spatial if c), None) or d.default("producer.country", d.options.country)
    return {"id": slug(str(ident) if ident else name), "name": name, "type": kind, "country": country}, agent


def _contact(d: _Dataset, agent: Node | None) -> dict[str, str] | None:
    point = d.one(DCAT.contactPoint)
    if point is not None:
        email = d.one(VCARD.hasEmail, point)
        if email is not None:
            name = d.one(VCARD.fn, point) or d.one(VCARD["organization-name"], point)
            address = str(email).removeprefix("mailto:")
            return {"name": str(name) if name else address, "email": address}
    for holder in (agent, d.one(HEALTH.hdab)):
        cp = d.one(CV.contactPoint, holder) if holder is not None else None
        email = d.one(CV.email, cp) if cp is not None else None
        if email is not None:
            d.defaulted.append("contact")
            return {"name": str(d.one(FOAF.name, holder) or email), "email": str(email).removeprefix("mailto:")}
    return None


def _typology(d: _Dataset) -> dict[str, Any]:
    data_types = [_tail(t) for t in d.values(DCTERMS.type) if "/data-types/" in str(t)]
    activity = d.one(PROV.wasGeneratedBy)
    if not data_types and activity is not None:
        data_types = sorted({_ACTIVITY[_tail(t)] for t in d.values(DCTERMS.type, activity) if _tail(t) in _ACTIVITY})
    structured = d.own("structured") or d.values(HEALTH.hasStructuredData)
    coding = [str(c) for c in d.own("codingSystem")] or [
        _CODING[_tail(c)] for c in d.values(HEALTH.hasCodingSystem) if _tail(c) in _CODING]
    d.used.update({HEALTH.hasCodingSystem, PROV.wasGeneratedBy, HEALTH.hasStructuredData})
    standards = [_tail(c) for c in d.values(DCTERMS.conformsTo)]
    model = d.own("commonDataModel") or standards
    themes = d.text_lists(URIRef(d.ns + "healthTheme")) if d.ns else None
    for theme in [] if themes else d.values(HEALTH.healthTheme):  # HDEU health-theme concepts, by label
        label = d.g.value(theme, SKOS.prefLabel)
        lang = label.language if isinstance(label, Literal) and label.language else "en"
        themes = themes or {}
        themes.setdefault(lang, []).append(str(label) if label else _tail(theme).replace("_", " ").lower())
    typology = {
        "data_types": data_types or d.default("typology.data_types", ["other"]),
        "health_categories": [_tail(c) for c in d.values(HEALTH.healthCategory)
                              if _tail(c) in get_args(v.HealthCategory)],
        "structured": _flag(structured[0]) if structured else d.default("typology.structured", False),
        "coding_systems": coding, "common_data_model": str(model[0]) if model else None, "health_themes": themes,
    }
    return {k: val for k, val in typology.items() if val not in (None, [], {})}


def _int(node: Node | None) -> int | None:
    return int(node.toPython()) if isinstance(node, Literal) else None


def _population(d: _Dataset) -> dict[str, Any]:
    geography = [str(g) for g in d.own("geography")] or list(dict.fromkeys(
        code for s in d.values(DCTERMS.spatial) if (code := country_of(s))))
    population = {
        "description": d.texts(HEALTH.populationCoverage),
        "min_age": _int(d.one(HEALTH.minTypicalAge)), "max_age": _int(d.one(HEALTH.maxTypicalAge)),
        "geography": geography or d.default("population.geography", [d.options.country]),
        "care_settings": [str(c) for c in d.own("careSetting")],
    }
    return {k: val for k, val in population.items() if val not in (None, [])}


def _temporal(d: _Dataset) -> dict[str, Any] | None:
    period = d.one(DCTERMS.temporal)
    if period is not None:
        start, end = d.one(DCAT.startDate, period), d.one(DCAT.endDate, period)
        if start is not None:
            return {"start": str(start)[:10], "end": str(end)[:10] if end is not None else None}
    retention = d.one(HEALTH.retentionPeriod)
    start = d.one(DCAT.startDate, retention) if retention is not None else d.one(DCTERMS.issued)
    return d.default("temporal_coverage", {"start": str(start)[:10], "end": None}) if start is not None else None


def _access(d: _Dataset) -> dict[str, Any]:
    rights = _tail(d.one(DCTERMS.accessRights) or "")
    distribution = d.one(DCAT.distribution)
    statement = d.one(DCTERMS.rights, distribution) if distribution is not None else None
    procedure = (d.texts(URIRef(d.ns + "accessProcedure")) if d.ns else None) or (
        d.texts(RDFS.label, statement) if statement is not None else None) or (
        d.texts(DCTERMS.description, distribution) if distribution is not None else None)
    audiences = {a: str(x[0]) for a in get_args(v.Audience) if (x := d.own(f"audience_{a}"))}
    open_data = rights == "PUBLIC"
    access = {
        "rights": rights if rights in get_args(v.AccessRights) else d.default("access.rights", "NON_PUBLIC"),
        "modalities": [str(m) for m in d.own("accessModality")] or d.default(
            "access.modalities", ["open_download"] if open_data else ["secure_environment"]),
        "platform": str(d.own("accessPlatform")[0]) if d.own("accessPlatform") else None,
        "audiences": audiences if len(audiences) == 5 else d.default(
            "access.audiences", dict.fromkeys(get_args(v.Audience), "yes" if open_data else "under_conditions")),
        "procedure": procedure or d.default("access.procedure", {"en": "Ask the health data access body."}),
        "legal_bases": [str(d.one(DCTERMS.identifier, b)) for b in d.values(DPV.hasLegalBasis)
                        if d.one(DCTERMS.identifier, b) is not None],
        "typical_delay_days": _int(next(iter(d.own("typicalDelayDays")), None)),
        "cost": json.loads(str(d.own("cost")[0])) if d.own("cost") else None,
        "data_use_conditions": [f"DUO:{str(c).removeprefix(DUO)}" for c in d.own("dataUseCondition")],
        "request_url": str(d.own("requestURL")[0]) if d.own("requestURL") else None,
    }
    d.used.update({DCAT.distribution})
    return {k: val for k, val in access.items() if val not in (None, [])}


def _variables(d: _Dataset) -> list[dict[str, Any]]:
    columns = []
    for group in d.values(HEALTH.hasVariables):
        for table in d.values(CSVW.table, group):
            columns += d.values(CSVW.column, table)
    order = URIRef(d.ns + "order") if d.ns else None
    columns.sort(key=lambda c: (_int(d.one(order, c)) if order else None) or 0)
    variables = []
    for column in columns:
        name = str(d.one(CSVW.name, column) or _tail(column))
        title, description = d.texts(CSVW.title, column), d.texts(DCTERMS.description, column)
        variables.append({k: val for k, val in {
            "name": name, "label": title if title != {d.options.lang: name} else None,
            "type": str(d.one(CSVW.datatype, column) or "") or None, "description": description}.items() if val})
    return variables


def _url(d: _Dataset, name: str, node: Node | None) -> str | None:
    """An http(s) URL a description may hold; another value is reported under `name`, not imported."""
    if node is None:
        return None
    if url_problem(str(node)) is None:
        return str(node)
    d.refused.setdefault(name, []).append(str(node))
    return None


def _documents(d: _Dataset) -> list[dict[str, Any]]:
    documents = []
    for page in d.values(FOAF.page):
        kind = next((str(k) for k in d.g.objects(page, URIRef(d.ns + "documentKind"))), "other") if d.ns else "other"
        if not is_document_url(str(page)):  # e.g. plain http, or a path of the other catalogue
            d.refused.setdefault("foaf:page", []).append(str(page))
            continue
        title = d.texts(DCTERMS.title, page) or str(page).rsplit("/", 1)[-1] or str(page)
        documents.append({"title": title, "kind": kind if kind in get_args(v.DocumentKind) else "other",
                          "url": str(page)})
    return documents


def _health_data_hub(d: _Dataset) -> dict[str, Any]:
    if not d.own("hdhRelationship"):
        d.used.add(HEALTH.hdab)
        return d.default("health_data_hub", {"relationship": "independent", "snds_linkable": False,
                                             "on_hdh_platform": False})
    d.used.add(HEALTH.hdab)
    out = {"relationship": str(d.own("hdhRelationship")[0]),
           "snds_linkable": _flag(d.own("sndsLinkable")[0]),
           "on_hdh_platform": _flag(d.own("onHdhPlatform")[0])}
    if d.own("hdhCatalogueId"):
        out["catalogue_id"] = str(d.own("hdhCatalogueId")[0])
    return out


def _dataset(graph: Graph, node: Node, options: Options) -> Mapped:
    d = _Dataset(graph, node, options)
    ident = d.one(DCTERMS.identifier)
    title, description = d.texts(DCTERMS.title), d.texts(DCTERMS.description)
    summary = d.texts(DCTERMS.abstract) or (d.default("summary", {k: t.split("\n\n")[0][:500] for k, t in
                                                                   description.items()}) if description else None)
    producer, agent = _producer(d)
    collaboration = {"seeking": [str(s) for s in d.own("seeking")],
                     "description": d.texts(URIRef(d.ns + "collaborationDescription")) if d.ns else None}
    landing = d.one(DCAT.landingPage)
    distribution = d.one(DCAT.distribution)
    licence = d.one(DCTERMS.license, distribution) if distribution is not None else None
    languages = list(dict.fromkeys(code for x in d.values(DCTERMS.language) if (code := language_of(x))))
    languages = [str(x) for x in d.own("language")] or languages
    frequency = _tail(d.one(DCTERMS.accrualPeriodicity) or "")
    volume = {"individuals": _int(d.one(HEALTH.numberOfUniqueIndividuals)),
              "records": _int(d.one(HEALTH.numberOfRecords)),
              **{k: _int(next(iter(d.own(f"volume_{k}")), None))
                 for k in ("variables", "size_bytes", "yearly_growth_individuals")}}
    record = {
        "id": slug(str(ident) if ident else _tail(node)), "title": title, "summary": summary,
        "description": description or (d.default("description", summary) if summary else None),
        "producer": producer, "contact": _contact(d, agent), "keywords": d.text_lists(DCAT.keyword),
        "typology": _typology(d), "population": _population(d), "temporal_coverage": _temporal(d),
        "update_frequency": frequency if frequency in get_args(v.Frequency) else None,
        "volume": {k: val for k, val in volume.items() if val is not None or k == "individuals"},
        "access": _access(d), "health_data_hub": _health_data_hub(d),
        "collaboration": {k: val for k, val in collaboration.items() if val} or None,
        "documents": _documents(d), "variables": _variables(d),
        "landing_page": _url(d, "dcat:landingPage", landing),
        "languages": languages,
        "licence": (str(d.one(RDFS.label, licence) or _tail(licence))) if licence is not None else None,
        "issued": str(d.one(DCTERMS.issued))[:10] if d.one(DCTERMS.issued) is not None else None,
        "modified": str(d.one(DCTERMS.modified))[:10] if d.one(DCTERMS.modified) is not None else None,
    }
    d.used.update({DCAT.theme, DCATAP.applicableLegislation, DCTERMS.provenance, DCTERMS.type})
    unmapped: dict[str, Any] = {}
    for predicate in sorted(set(graph.predicates(node)), key=str):
        if predicate not in d.used and not (d.ns and str(predicate).startswith(d.ns)):
            unmapped[graph.namespace_manager.normalizeUri(str(predicate))] = [
                str(o) for o in sorted(graph.objects(node, predicate), key=str)]
    unmapped.update(d.refused)
    record = {k: val for k, val in record.items() if val not in (None, [], {})}
    return Mapped(record, unmapped, d.defaulted)


def import_graph(graph: Graph, options: Options | None = None) -> list[Mapped]:
    """Every dcat:Dataset of the graph, in IRI order."""
    options = options or Options(lang="en")
    return [_dataset(graph, node, options) for node in sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str)]


def import_turtle(text: str | bytes, options: Options | None = None, *, fmt: str = "turtle") -> list[Mapped]:
    """Parse RDF (Turtle by default; `fmt` as rdflib names it: xml, json-ld) and map its datasets."""
    graph = Graph()
    graph.parse(data=text, format=fmt)
    return import_graph(graph, options)
