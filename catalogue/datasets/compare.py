"""Comparing descriptions side by side: which of the asked ones the actor may see, and whether they compare.

The rule (two to four descriptions, each one once) lives here so that every front door gives the same
answer; what the visitor may see is the dataset service's answer (`service.get`), never a query of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalogue.datasets import service
from catalogue.datasets.errors import DatasetNotFound
from catalogue.datasets.models import Dataset
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import SLUG_PATTERN

FEWEST = 2  # a comparison needs two descriptions
MOST = 4  # and shows four at most (columns side by side)
LOOKED_UP = 12  # asked ids beyond these are not looked up: a crafted URL costs a bounded number of reads
_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Comparison:
    """The outcome of a comparison asked for: what can be shown, what cannot, and why not all of it."""

    datasets: list[Dataset]  # the visible descriptions, in the order asked, each once
    missing: list[str] = field(default_factory=list)  # ids naming nothing this actor may see
    repeated: bool = False  # an id was asked more than once (shown once)
    asked: int = 0  # how many distinct ids were asked

    @property
    def problem(self) -> str | None:
        """Why the descriptions cannot be compared as asked, or None when they can: `too_many` or `too_few`
        asked (the request is wrong), `not_found` (enough asked, but fewer than two this actor may see)."""
        if self.asked > MOST:
            return "too_many"
        if self.asked < FEWEST:
            return "too_few"
        if len(self.datasets) < FEWEST:
            return "not_found"
        return None


def compare(uow: UnitOfWork, actor: Principal, dataset_ids: list[str]) -> Comparison:
    """The descriptions named by `dataset_ids` that `actor` may see (unpublished ones only to their producer)."""
    distinct = list(dict.fromkeys(i.strip() for i in dataset_ids if i.strip()))
    shown: list[Dataset] = []
    missing: list[str] = []
    for dataset_id in distinct[:LOOKED_UP]:
        found = _visible(uow, actor, dataset_id)
        if found is None:
            missing.append(dataset_id)
        else:
            shown.append(found)
    return Comparison(datasets=shown, missing=missing, asked=len(distinct),
                      repeated=len(distinct) < len([i for i in dataset_ids if i.strip()]))


def _visible(uow: UnitOfWork, actor: Principal, dataset_id: str) -> Dataset | None:
    """The description if it exists and the actor may see it; an id that cannot be one is not looked up."""
    if not _SLUG.fullmatch(dataset_id):
        return None
    try:
        return service.get(uow, actor, dataset_id)
    except DatasetNotFound:
        return None
