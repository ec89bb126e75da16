"""SQL of collaboration matching: offers, the opted-in offers with their users, published descriptions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.datasets.models import Dataset
from catalogue.partners.models import PartnerOffer


def get(session: Session, user_id: int) -> PartnerOffer | None:
    return session.get(PartnerOffer, user_id)


def add(session: Session, offer: PartnerOffer) -> None:
    session.add(offer)


def visible_offers(session: Session) -> list[tuple[PartnerOffer, User]]:
    """The offers their authors let producers see, of active accounts, by user id."""
    rows = session.execute(select(PartnerOffer, User).join(User, User.id == PartnerOffer.user_id)
                           .where(PartnerOffer.visible_to_producers, User.is_active)
                           .order_by(PartnerOffer.user_id))
    return [(offer, user) for offer, user in rows]


def published(session: Session) -> list[Dataset]:
    """Every published description, by id (the catalogue holds hundreds: matched in Python, as the
    JSON of `collaboration.seeking` is not queried alike on SQLite and PostgreSQL)."""
    return list(session.scalars(select(Dataset).where(Dataset.status == "published").order_by(Dataset.id)))
