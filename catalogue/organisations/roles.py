"""Members' roles, with the one rule every path obeys: an organisation keeps at least one admin."""

from __future__ import annotations

from catalogue.errors import LastAdmin
from catalogue.organisations import repository as repo
from catalogue.organisations.models import Membership
from catalogue.uow import UnitOfWork

ROLES = ("editor", "admin")


def keep_an_admin(uow: UnitOfWork, member: Membership, new_role: str | None) -> None:
    """Refuse (409) a role change or removal (`new_role` None) that would leave no admin at all.

    Applies to everyone, platform admins and the admin themself included: self-demotion was the
    way around it. Name another admin (an accepted invitation) first.
    """
    if member.role != "admin" or new_role == "admin":
        return
    others = [m for m in repo.admins(uow.session, member.organisation_id, lock=True) if m.user_id != member.user_id]
    if not others:
        change = "removing" if new_role is None else f"making them {new_role}"
        raise LastAdmin(f"user {member.user_id} is the last admin of '{member.organisation_id}': {change} would "
                        "leave it without one; invite another admin first",
                        details=[{"field": "role", "message": "an organisation keeps at least one admin"}])


def set_membership(uow: UnitOfWork, organisation_id: str, user_id: int, role: str) -> Membership:
    """Make the user a member with this role (a role change obeys the last-admin rule)."""
    member = repo.membership(uow.session, organisation_id, user_id)
    if member is None:
        member = Membership(user_id=user_id, organisation_id=organisation_id, role=role)
        uow.session.add(member)
    else:
        keep_an_admin(uow, member, role)
        member.role = role
    uow.flush()
    return member


def remove(uow: UnitOfWork, member: Membership) -> None:
    keep_an_admin(uow, member, None)
    uow.session.delete(member)
    uow.flush()
