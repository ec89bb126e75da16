"""Who may do what with showcase sessions.

A producer's editors and admins (for its organisation) and platform admins run its sessions; a signed-in
data user with a proved address registers and asks. Registrations are personal data: who attends is
seen by the producer's members and platform admins only.
"""

from __future__ import annotations

from catalogue.errors import EmailNotVerified, Forbidden, Unauthenticated
from catalogue.policies import EDIT_ROLES
from catalogue.principal import Principal


def _signed_in(actor: Principal) -> None:
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")


def manage(actor: Principal, organisation_id: str) -> None:
    """Schedule, edit, cancel a session; attach slides and the replay; read and answer the questions."""
    if actor.is_system:
        return
    _signed_in(actor)
    if not (actor.is_platform_admin or actor.role_in(organisation_id) in EDIT_ROLES):
        raise Forbidden(f"only editors and admins of '{organisation_id}' and platform admins run its sessions")


def sees_attendees(actor: Principal, organisation_id: str) -> bool:
    """The names of those registered: the producer's members and platform admins, nobody else."""
    return actor.is_platform_admin or actor.is_system or actor.role_in(organisation_id) is not None


def attendees(actor: Principal, organisation_id: str) -> None:
    if not sees_attendees(actor, organisation_id):
        _signed_in(actor)
        raise Forbidden("registrations are personal data: only the producer's members and platform admins "
                        "see who attends")


def take_part(actor: Principal, *, email_verified: bool) -> None:
    """Register, cancel one's registration, ask a question in advance."""
    _signed_in(actor)
    if not email_verified:
        raise EmailNotVerified("confirm your e-mail address first: follow the link we sent you "
                               "(or ask for a new one from your account page)")
