"""SQL for request baskets."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalogue.baskets.models import BasketItem


def items(session: Session, user_id: int) -> list[BasketItem]:
    """A user's basket, in the order the descriptions were added."""
    return list(session.scalars(select(BasketItem).where(BasketItem.user_id == user_id)
                                .order_by(BasketItem.added_at, BasketItem.dataset_id)))


def count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(BasketItem).where(BasketItem.user_id == user_id)) or 0


def get(session: Session, user_id: int, dataset_id: str) -> BasketItem | None:
    return session.get(BasketItem, (user_id, dataset_id))


def add(session: Session, item: BasketItem) -> None:
    session.add(item)


def remove(session: Session, user_id: int, dataset_ids: list[str]) -> int:
    """Delete these descriptions from the user's basket; returns how many were there."""
    if not dataset_ids:
        return 0
    result = session.execute(delete(BasketItem).where(BasketItem.user_id == user_id,
                                                      BasketItem.dataset_id.in_(dataset_ids)))
    return int(getattr(result, "rowcount", 0) or 0)
