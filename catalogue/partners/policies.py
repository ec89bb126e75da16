"""Who may do what in collaboration matching (one named function per action)."""

from __future__ import annotations

from catalogue.errors import Unauthenticated
from catalogue.partners.errors import PartnersNotFound
from catalogue.principal import Principal


def own_offer(actor: Principal) -> int:
    """Everyone signed in has an offer of their own (and only that one)."""
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    return actor.user_id


def may_see_partners(actor: Principal, organisation_id: str) -> bool:
    """The data users who could work with a description: its producer's members and platform admins."""
    return actor.is_platform_admin or actor.role_in(organisation_id) is not None


def see_partners(actor: Principal, dataset_id: str, organisation_id: str) -> None:
    if not may_see_partners(actor, organisation_id):
        raise PartnersNotFound(f"no partner list for '{dataset_id[:80]}'")
