"""Who may keep and see saved searches: each signed-in person their own, nobody else's."""

from __future__ import annotations

from catalogue.errors import Unauthenticated
from catalogue.principal import Principal
from catalogue.saved_searches.errors import SavedSearchNotFound
from catalogue.saved_searches.models import SavedSearch


def save(actor: Principal) -> None:
    """A person saves searches for themselves (the system principal has no inbox to alert)."""
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")


def own(actor: Principal, saved: SavedSearch) -> None:
    """Another person's saved search is private: it is said not to exist, even to admins."""
    if actor.user_id is None or saved.user_id != actor.user_id:
        raise SavedSearchNotFound(f"saved search {saved.id} not found")
