"""Read side of the RDF exports: which descriptions, on which page. Services never commit."""

from __future__ import annotations

from typing import Any

from catalogue.datasets import service as datasets
from catalogue.errors import NotFound
from catalogue.principal import Principal
from catalogue.rdf.catalog import PAGE_SIZE, last_page
from catalogue.uow import UnitOfWork


def catalog_page(uow: UnitOfWork, page: int, page_size: int = PAGE_SIZE) -> tuple[int, list[dict[str, Any]]]:
    """Published descriptions of one page, by id; 404 past the last page."""
    records = datasets.export_records(uow)
    if page > last_page(len(records), page_size):
        raise NotFound(f"page {page} is past the last page ({last_page(len(records), page_size)})")
    return len(records), records[(page - 1) * page_size:page * page_size]


def record(uow: UnitOfWork, actor: Principal, dataset_id: str) -> dict[str, Any]:
    """A description the actor may see (published, or a draft of their organisation)."""
    return datasets.get(uow, actor, dataset_id).record
