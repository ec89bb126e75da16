"""Collaboration matching: a data user says what they offer; each side gets suggestions of the other.

A description's producer seeks partners (`collaboration.seeking`, codes of the CollaborationNeed
vocabulary); a data user offers some of the same codes, and names their fields (health categories). A
suggestion is an overlap of the two: ranked by how many offers meet first, then how many of the
description's health categories are the user's fields, then by id (so that the order is stable), ten at
most, each with the codes that meet (the pages write them as one line). Services never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from catalogue.accounts.models import User
from catalogue.datasets import service as datasets
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.enquiries import policies as enquiry_policies
from catalogue.enquiries import service as enquiries
from catalogue.enquiries.models import Enquiry
from catalogue.partners import policies
from catalogue.partners import repository as repo
from catalogue.partners.errors import PartnerNotFound
from catalogue.partners.models import PartnerOffer
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.partners import OfferIn, PartnerEnquiryIn

MAX_SUGGESTIONS = 10


@dataclass(frozen=True)
class Suggestion:
    """A published description whose producer seeks what the user offers."""

    dataset: Dataset
    offers: list[str]
    fields: list[str]


@dataclass(frozen=True)
class Partner:
    """A data user who opted in and offers what the description seeks."""

    user: User
    skills: str
    offers: list[str]
    fields: list[str]


def seeking(record: dict[str, Any]) -> list[str]:
    return list((record.get("collaboration") or {}).get("seeking") or [])


def categories(record: dict[str, Any]) -> list[str]:
    return list((record.get("typology") or {}).get("health_categories") or [])


def overlap(sought: Iterable[str], offered: Iterable[str]) -> list[str]:
    return sorted(set(sought) & set(offered))


# -- the offer ---------------------------------------------------------------------------------------

def offer_of(uow: UnitOfWork, actor: Principal) -> OfferIn:
    """The actor's offer; an empty, hidden one when they never said anything."""
    offer = repo.get(uow.session, policies.own_offer(actor))
    if offer is None:
        return OfferIn()
    return OfferIn(offers=list(offer.offers), fields=list(offer.fields), skills=offer.skills,
                   visible_to_producers=offer.visible_to_producers)


def save_offer(uow: UnitOfWork, actor: Principal, data: OfferIn) -> OfferIn:
    """Replace the actor's offer with `data` (already checked: known codes, a bounded line of skills)."""
    user_id = policies.own_offer(actor)
    offer = repo.get(uow.session, user_id)
    if offer is None:
        offer = PartnerOffer(user_id=user_id)
        repo.add(uow.session, offer)
    offer.offers, offer.fields = list(data.offers), list(data.fields)
    offer.skills, offer.visible_to_producers = data.skills, data.visible_to_producers
    offer.updated_at = utcnow()
    uow.flush()
    return offer_of(uow, actor)


# -- suggestions for a data user ---------------------------------------------------------------------

def suggestions(uow: UnitOfWork, actor: Principal) -> list[Suggestion]:
    """The published descriptions seeking what the actor offers (not those of their own producers)."""
    offer = offer_of(uow, actor)
    if not offer.offers:
        return []
    found = []
    for dataset in repo.published(uow.session):
        offers = overlap(seeking(dataset.record), offer.offers)
        if offers and actor.role_in(dataset.organisation_id) is None:
            found.append(Suggestion(dataset, offers, overlap(categories(dataset.record), offer.fields)))
    found.sort(key=lambda s: (-len(s.offers), -len(s.fields), s.dataset.id))
    return found[:MAX_SUGGESTIONS]


# -- suggestions for a producer ----------------------------------------------------------------------

def may_see_partners(actor: Principal, dataset: Dataset) -> bool:
    return policies.may_see_partners(actor, dataset.organisation_id)


def _members_of(dataset: Dataset, user: User) -> bool:
    return user.role_in(dataset.organisation_id) is not None


def partners(uow: UnitOfWork, actor: Principal, dataset_id: str) -> list[Partner]:
    """The data users who opted in and offer what a published description seeks (its producer's members
    and platform admins only; to anyone else the list does not exist)."""
    return _candidates(uow, actor, dataset_id)[:MAX_SUGGESTIONS]


def _candidates(uow: UnitOfWork, actor: Principal, dataset_id: str) -> list[Partner]:
    dataset = datasets.get(uow, actor, dataset_id)
    policies.see_partners(actor, dataset.id, dataset.organisation_id)
    sought = seeking(dataset.record)
    if dataset.status != "published" or not sought:
        return []
    found = []
    for offer, user in repo.visible_offers(uow.session):
        offers = overlap(sought, offer.offers)
        if offers and not _members_of(dataset, user):
            found.append(Partner(user, offer.skills, offers, overlap(categories(dataset.record), offer.fields)))
    found.sort(key=lambda p: (-len(p.offers), -len(p.fields), p.user.id))
    return found


def partner(uow: UnitOfWork, actor: Principal, dataset_id: str, user_id: int) -> Partner:
    """One of the description's partners; any other user is said not to be one (opted out, no overlap)."""
    found = next((p for p in _candidates(uow, actor, dataset_id) if p.user.id == user_id), None)
    if found is None:
        raise PartnerNotFound(f"user {user_id} is not among the partners of '{dataset_id[:80]}'")
    return found


def partner_to_write_to(uow: UnitOfWork, actor: Principal, dataset_id: str, user_id: int) -> Partner:
    """A partner the actor may write to for the producer: the enquiry form asks this before it is shown."""
    chosen = partner(uow, actor, dataset_id, user_id)
    dataset = datasets.get(uow, actor, dataset_id)
    enquiry_policies.contact(actor, dataset.organisation_id, user_id)
    return chosen


def start_enquiry(uow: UnitOfWork, actor: Principal, dataset_id: str, user_id: int,
                  data: PartnerEnquiryIn) -> Enquiry:
    """A producer's member writes first to a data user suggested for its description."""
    chosen = partner(uow, actor, dataset_id, user_id)
    return enquiries.start_with(uow, actor, dataset_id, chosen.user, subject=data.subject, body=data.message)


def can_contact(actor: Principal, dataset: Dataset) -> bool:
    """Members of the producer write to its partners (a platform admin sees them, writes for nobody)."""
    return dataset.status == "published" and actor.role_in(dataset.organisation_id) is not None
