"""The catalogue's RDF pages come from the database a page at a time: ids in order, drafts never, the
total of published descriptions, 404 past the last page."""

from __future__ import annotations

import copy

import pytest

from catalogue.datasets import service as datasets
from catalogue.errors import NotFound
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from catalogue.rdf.service import catalog_page
from schemas.dataset import DatasetDescription
from schemas.organisations import OrganisationIn


def test_pages_of_published_descriptions_by_id(container, record):
    with container.uow() as uow:
        organisations.create(uow, SYSTEM, OrganisationIn(id="chu-test", name="CHU Test", type="hospital"))
        for n in (4, 1, 3, 0, 5, 2):
            item = copy.deepcopy(record)
            item["id"] = f"desc-{n}"
            datasets.create(uow, SYSTEM, DatasetDescription.model_validate(item))
            if n != 2:  # desc-2 stays a draft
                datasets.transition(uow, SYSTEM, f"desc-{n}", "publish")
        uow.commit()
    with container.uow() as uow:
        pages = [catalog_page(uow, page, page_size=2) for page in (1, 2, 3)]
        assert [total for total, _ in pages] == [5, 5, 5]
        assert [[r["id"] for r in records] for _, records in pages] == [
            ["desc-0", "desc-1"], ["desc-3", "desc-4"], ["desc-5"]]
        with pytest.raises(NotFound, match="past the last page"):
            catalog_page(uow, 4, page_size=2)
        assert catalog_page(uow, 1, page_size=100)[0] == 5
