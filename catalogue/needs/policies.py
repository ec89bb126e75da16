"""Who may see and do what on the needs board (one named function per action).

Reading: a public need is for everyone; a producers-only need for members of producer organisations,
platform admins and its author; a hidden (moderated) one for its author and platform admins. A need one
may not read is said not to exist (404), so that its title never leaks."""

from __future__ import annotations

from catalogue.errors import EmailNotVerified, Forbidden, Unauthenticated
from catalogue.needs.errors import NeedNotFound
from catalogue.needs.models import HIDDEN, PUBLIC, Need
from catalogue.policies import EDIT_ROLES
from catalogue.principal import Principal


def _signed_in(actor: Principal) -> int:
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    return actor.user_id


def is_producer(actor: Principal) -> bool:
    """Members of a producer organisation (and platform admins) see producers-only needs and what no
    description serves yet."""
    return actor.opens_workspace


def is_author(actor: Principal, need: Need) -> bool:
    return actor.user_id is not None and actor.user_id == need.author_id


def see(actor: Principal, need: Need) -> None:
    if actor.is_platform_admin or is_author(actor, need):
        return
    if need.status == HIDDEN or (need.visibility != PUBLIC and not is_producer(actor)):
        raise NeedNotFound(f"need {need.id} not found")


def post(actor: Principal, *, email_verified: bool) -> None:
    """A signed-in person whose address is proved (a need brings producers' answers by e-mail)."""
    _signed_in(actor)
    if not email_verified:
        raise EmailNotVerified("confirm your e-mail address first: follow the link we sent you "
                               "(or ask for a new one from your account page)")


def author(actor: Principal, need: Need) -> None:
    """Edit, satisfy, close: the author only (not even an admin, who moderates by hiding)."""
    _signed_in(actor)
    if not is_author(actor, need):
        raise Forbidden("only the author of a need edits it, marks it satisfied or closes it")


def moderate(actor: Principal, need: Need) -> None:
    """Platform admins, and the platform itself (`catalogue needs hide`, audited as "system")."""
    if not actor.authenticated:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    if not actor.is_platform_admin:
        raise Forbidden("only platform admins hide a need")


def respond(actor: Principal, need: Need) -> None:
    """Members of a producer answer (for one of their organisations: see `respond_for`)."""
    _signed_in(actor)
    if not any(role in EDIT_ROLES for role in actor.roles.values()):
        raise Forbidden("only members of a producer organisation answer a need")


def respond_for(actor: Principal, organisation_id: str) -> None:
    if actor.role_in(organisation_id) not in EDIT_ROLES:
        raise Forbidden(f"you answer only for a producer you are a member of, not '{organisation_id[:80]}'",
                        params={"case": "not_member"})
