"""A data user's request basket: gather published descriptions (of one or several producers), see
what a request for them needs, then open the request form with them. Never commits.

Rules: only the owner reads or changes a basket (every call works on `actor.user_id`, there is no
basket id to guess); only published descriptions go in, an unknown id or a draft is refused as not
found; adding one already there changes nothing; at most MAX_ITEMS descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalogue.access_requests import preview
from catalogue.baskets import repository as repo
from catalogue.baskets.errors import BasketFull, NotInBasket
from catalogue.baskets.models import BasketItem
from catalogue.concurrency import flush_guarded
from catalogue.datasets import repository as datasets_repo
from catalogue.datasets.errors import DatasetNotFound
from catalogue.datasets.models import Dataset
from catalogue.errors import Unauthenticated
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

MAX_ITEMS = 20  # the most datasets one request names through the basket (a request beyond is a programme)


@dataclass
class Basket:
    """What the basket page shows: the descriptions still published, the checklist of a request for them,
    and those unpublished since they were added (kept out of the request, listed so they can be removed)."""

    datasets: list[Dataset]
    report: dict[str, Any]
    gone: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.datasets]

    @property
    def producers(self) -> list[str]:
        return list(dict.fromkeys(d.organisation_id for d in self.datasets))


def _owner(actor: Principal) -> int:
    if actor.user_id is None:
        raise Unauthenticated("sign in to gather datasets for a request")
    return actor.user_id


def ids(uow: UnitOfWork, actor: Principal) -> set[str]:
    """The ids in the actor's basket (none when signed out): the pages mark what is already there."""
    if actor.user_id is None:
        return set()
    return {item.dataset_id for item in repo.items(uow.session, actor.user_id)}


def contents(uow: UnitOfWork, actor: Principal, requester_type: str | None = None,
             legal_route: str | None = None) -> Basket:
    """The actor's basket with the checklist for the chosen requester type and legal route."""
    listed = [item.dataset_id for item in repo.items(uow.session, _owner(actor))]
    chosen, report = preview.of(uow, listed, requester_type, legal_route)
    still = {d.id for d in chosen}
    return Basket(chosen, report, [i for i in listed if i not in still])


def add(uow: UnitOfWork, actor: Principal, dataset_id: str) -> bool:
    """Put a published description in the basket; False when it was there already."""
    user_id = _owner(actor)
    if not datasets_repo.published_among(uow.session, [dataset_id]):
        raise DatasetNotFound(f"no published dataset description '{dataset_id[:80]}'")
    if repo.get(uow.session, user_id, dataset_id) is not None:
        return False
    if repo.count(uow.session, user_id) >= MAX_ITEMS:
        raise BasketFull(f"a request names at most {MAX_ITEMS} datasets: remove one before adding another",
                         details=[{"field": "dataset_id", "message": f"at most {MAX_ITEMS} datasets"}])
    repo.add(uow.session, BasketItem(user_id=user_id, dataset_id=dataset_id))
    flush_guarded(uow, "your basket", unique_races=True)  # the same add twice at once: one wins
    return True


def remove(uow: UnitOfWork, actor: Principal, dataset_id: str) -> None:
    if not repo.remove(uow.session, _owner(actor), [dataset_id]):
        raise NotInBasket(f"'{dataset_id[:80]}' is not in your basket")


def drop(uow: UnitOfWork, actor: Principal, dataset_ids: list[str]) -> None:
    """Take out the descriptions a request was just drafted with (those not in the basket are ignored)."""
    repo.remove(uow.session, _owner(actor), dataset_ids)
