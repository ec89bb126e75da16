"""Who may read the statistics and who prunes the recorded searches."""

from __future__ import annotations

from catalogue.errors import Forbidden, Unauthenticated
from catalogue.principal import Principal


def _signed_in(actor: Principal) -> None:
    if not actor.authenticated:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")


def read_stats(actor: Principal) -> None:
    """The figures name producers and their delays: governance staff and platform admins only."""
    _signed_in(actor)
    if not (actor.is_governance or actor.is_platform_admin):
        raise Forbidden("only governance staff and platform admins read the statistics")


def prune_searches(actor: Principal) -> None:
    """Deleting recorded searches is retention, an operator's job."""
    _signed_in(actor)
    if not actor.is_platform_admin:
        raise Forbidden("only platform admins delete recorded searches")
