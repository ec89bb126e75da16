"""SQL for saved searches, their known matches and their unsubscribe tokens."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.saved_searches.models import NEW, SavedSearch, SavedSearchMatch, UnsubscribeToken


def get(session: Session, saved_search_id: int) -> SavedSearch | None:
    return session.get(SavedSearch, saved_search_id)


def of_user(session: Session, user_id: int) -> list[SavedSearch]:
    return list(session.scalars(select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id)))


def count_of_user(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(SavedSearch).where(SavedSearch.user_id == user_id)) or 0


def alerting(session: Session) -> list[tuple[SavedSearch, User]]:
    """The saved searches that still send alerts, with their owner (an active account only)."""
    rows = session.execute(select(SavedSearch, User).join(User, User.id == SavedSearch.user_id)
                           .where(SavedSearch.unsubscribed_at.is_(None), User.is_active).order_by(SavedSearch.id))
    return [(saved, user) for saved, user in rows]


def known(session: Session, saved_search_ids: Collection[int], dataset_ids: Collection[str]) -> set[tuple[int, str]]:
    """(saved search, description) pairs already matched, among these."""
    if not saved_search_ids or not dataset_ids:
        return set()
    rows = session.execute(select(SavedSearchMatch.saved_search_id, SavedSearchMatch.dataset_id)
                           .where(SavedSearchMatch.saved_search_id.in_(saved_search_ids),
                                  SavedSearchMatch.dataset_id.in_(dataset_ids)))
    return {(saved_id, dataset_id) for saved_id, dataset_id in rows}


def add_matches(session: Session, matches: Iterable[SavedSearchMatch]) -> None:
    session.add_all(list(matches))


def waiting_for_digest(session: Session) -> list[tuple[SavedSearch, User, list[SavedSearchMatch]]]:
    """Daily searches still alerting with new matches not told yet, each with its owner and those matches."""
    rows = session.execute(
        select(SavedSearch, User, SavedSearchMatch)
        .join(User, User.id == SavedSearch.user_id)
        .join(SavedSearchMatch, SavedSearchMatch.saved_search_id == SavedSearch.id)
        .where(SavedSearch.delivery == "daily", SavedSearch.unsubscribed_at.is_(None), User.is_active,
               SavedSearchMatch.kind == NEW, SavedSearchMatch.notified_at.is_(None))
        .order_by(SavedSearch.id, SavedSearchMatch.matched_at, SavedSearchMatch.dataset_id))
    grouped: dict[int, tuple[SavedSearch, User, list[SavedSearchMatch]]] = {}
    for saved, user, match in rows:
        grouped.setdefault(saved.id, (saved, user, []))[2].append(match)
    return list(grouped.values())


def add_token(session: Session, saved_search_id: int, token_hash: str) -> None:
    session.add(UnsubscribeToken(token_hash=token_hash, saved_search_id=saved_search_id))


def by_token(session: Session, token_hash: str) -> SavedSearch | None:
    return session.scalar(select(SavedSearch).join(UnsubscribeToken, UnsubscribeToken.saved_search_id == SavedSearch.id)
                          .where(UnsubscribeToken.token_hash == token_hash))
