"""The descriptions' list (datasets.repository.list_page through datasets.service.list_page): the producer
filter, the count of an empty page, the pages, the order (latest change first, then by id), beyond what
the pinned visibility table (test_pinned_lifecycle.py) checks.

Written from a mutation run (scripts/mutation.sh on catalogue/datasets/repository.py).
"""

from __future__ import annotations

import copy
import datetime as dt

from catalogue.datasets import service as datasets
from catalogue.datasets.models import Dataset
from catalogue.principal import ANONYMOUS, SYSTEM
from schemas.dataset import DatasetDescription

SAME = dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)
# id, producer, published, last changed: 'zeta' and 'alpha' were changed at the same instant
DESCRIPTIONS = (("zeta", "chu-test", True, SAME), ("alpha", "chu-test", True, SAME),
                ("beta", "other-org", True, dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC)),
                ("gamma", "chu-test", False, dt.datetime(2026, 1, 11, 9, tzinfo=dt.UTC)))


def test_the_list_filters_counts_pages_and_orders(container, actors, record):
    with container.uow() as uow:
        for dataset_id, producer, published, _ in DESCRIPTIONS:
            body = copy.deepcopy(record)
            body["id"], body["producer"] = dataset_id, {**record["producer"], "id": producer}
            datasets.create(uow, SYSTEM, DatasetDescription.model_validate(body))
            if published:
                datasets.transition(uow, SYSTEM, dataset_id, "publish")
        for dataset_id, _, _, changed in DESCRIPTIONS:
            uow.session.get(Dataset, dataset_id).updated_at = changed
        uow.commit()

    def page(actor, **filters) -> tuple[int, list[str]]:
        with container.uow() as uow:
            total, items = datasets.list_page(uow, actor, **filters)
            return total, [d.id for d in items]

    assert page(SYSTEM) == (4, ["beta", "gamma", "alpha", "zeta"])  # latest change first, then by id
    assert page(ANONYMOUS) == (3, ["beta", "alpha", "zeta"])
    assert page(SYSTEM, organisation="chu-test") == (3, ["gamma", "alpha", "zeta"])
    assert page(ANONYMOUS, organisation="other-org") == (1, ["beta"])
    assert page(SYSTEM, page=2, page_size=2) == (4, ["alpha", "zeta"])
    assert page(SYSTEM, page=1, page_size=2) == (4, ["beta", "gamma"])
    assert page(ANONYMOUS, status="draft") == (0, [])
    assert page(ANONYMOUS, organisation="nobody") == (0, [])
