"""Read side of the RDF exports: which descriptions, on which page. Services never commit."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from catalogue.datasets import service as datasets
from catalogue.errors import Conflict, DomainError, NotFound
from catalogue.principal import Principal
from catalogue.rdf.catalog import PAGE_SIZE, last_page
from catalogue.rdf.dcat import unserialisable
from catalogue.rdf.healthdcat import dataset_graph
from catalogue.uow import UnitOfWork


def catalog_page(uow: UnitOfWork, page: int, page_size: int = PAGE_SIZE) -> tuple[int, list[dict[str, Any]]]:
    """Published descriptions of one page, by id; 404 past the last page."""
    total, records = datasets.published_page(uow, (page - 1) * page_size, page_size)
    if page > last_page(total, page_size):
        raise NotFound(f"page {page} is past the last page ({last_page(total, page_size)})")
    return total, records


def record(uow: UnitOfWork, actor: Principal, dataset_id: str) -> dict[str, Any]:
    """A description the actor may see (published, or a draft of their organisation)."""
    return datasets.get(uow, actor, dataset_id).record


def dataset_document(uow: UnitOfWork, actor: Principal, dataset_id: str, base_url: str) -> Graph:
    """The RDF graph of a description the actor may see; Conflict when a stored value cannot be exported."""
    stored = record(uow, actor, dataset_id)  # not found, not allowed, database down: as for any other read
    try:
        graph = dataset_graph(stored, base_url)
        problem = unserialisable(graph)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - a row stored before validation: say so, never a 500
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        raise Conflict(f"description {dataset_id} cannot be exported as RDF until it is corrected: {problem}")
    return graph
