"""Authorisation: one named policy function per action. Each raises Forbidden with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalogue.errors import DomainError, EmailNotVerified, Forbidden, Unauthenticated
from catalogue.principal import Principal

EDIT_ROLES = ("editor", "admin")


def allows(policy: Callable[..., None], *args: Any) -> bool:
    """Whether a policy lets this through: only a domain refusal means no (a bug still raises)."""
    try:
        policy(*args)
    except DomainError:
        return False
    return True


def _signed_in(actor: Principal) -> None:
    if not actor.authenticated:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")


def can_see_unpublished(actor: Principal, organisation_id: str) -> bool:
    """Drafts and archived descriptions are visible to their producer's members and admins only."""
    return actor.is_platform_admin or actor.role_in(organisation_id) is not None


def create_organisation(actor: Principal) -> None:
    _signed_in(actor)
    if not actor.is_platform_admin:
        raise Forbidden("only platform admins create producer organisations")


def manage_organisation(actor: Principal, organisation_id: str) -> None:
    _signed_in(actor)
    if not (actor.is_platform_admin or actor.role_in(organisation_id) == "admin"):
        raise Forbidden(f"only admins of '{organisation_id}' manage its profile and members")


def answer_invitation(actor: Principal, *, email_verified: bool) -> None:
    """Accept or decline an invitation addressed to one's own address, once that address is proved."""
    _signed_in(actor)
    if not email_verified:
        raise EmailNotVerified("confirm your e-mail address first: follow the link we sent you "
                               "(or ask for a new one from your account page)")


def add_member_directly(actor: Principal) -> bool:
    """Only the platform itself (CLI) adds members without their acceptance; everyone else invites."""
    return actor.is_system


def manage_users(actor: Principal) -> None:
    _signed_in(actor)
    if not actor.is_platform_admin:
        raise Forbidden("only platform admins manage user accounts")


def write_dataset(actor: Principal, organisation_id: str) -> None:
    """Create or edit a description, publish it, attach documents."""
    _signed_in(actor)
    if not (actor.is_platform_admin or actor.role_in(organisation_id) in EDIT_ROLES):
        raise Forbidden(f"only editors and admins of '{organisation_id}' write its descriptions")


def archive_dataset(actor: Principal, organisation_id: str) -> None:
    """Archive or restore a description: an admin decision."""
    _signed_in(actor)
    if not (actor.is_platform_admin or actor.role_in(organisation_id) == "admin"):
        raise Forbidden(f"only admins of '{organisation_id}' archive or restore its descriptions")


def sees_engine_details(actor: Principal) -> bool:
    """Health details (paths, hosts, error messages) are for platform admins; everyone sees the states."""
    return actor.is_platform_admin


def reindex(actor: Principal) -> None:
    _signed_in(actor)
    if not actor.is_platform_admin:
        raise Forbidden("only platform admins rebuild the search index")


def export_audit(actor: Principal) -> None:
    """Read, verify and export the audit trail."""
    _signed_in(actor)
    if not (actor.is_governance or actor.is_platform_admin):
        raise Forbidden("only governance staff and platform admins read the audit trail")
