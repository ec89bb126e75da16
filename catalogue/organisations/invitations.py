"""Membership by e-mail is an invitation: the verified owner of the address accepts or declines it.

An organisation admin invites an address (with or without an account yet); nothing is granted until
someone signed in with that address, proved by its verification link, accepts. So pre-registering a
newcomer's address gives nothing, and an invitation reveals nothing to whoever holds an unverified
account under that address (it is neither listed nor notified to them).
"""

from __future__ import annotations

import datetime as dt

from catalogue import policies
from catalogue.accounts import repository as accounts_repo
from catalogue.accounts.emails import normalise_email
from catalogue.db import as_utc, utcnow
from catalogue.errors import NotFound, ValidationFailed
from catalogue.notifications import service as notifications
from catalogue.notifications.texts import msg
from catalogue.organisations import links
from catalogue.organisations import repository as repo
from catalogue.organisations.roles import set_membership
from catalogue.organisations.models import Invitation, Membership, Organisation
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

TTL = dt.timedelta(days=14)



def invite(uow: UnitOfWork, actor: Principal, org: Organisation, email: str, role: str) -> Invitation:
    """A pending invitation (one per organisation and address: inviting again updates it)."""
    email = normalise_email(email)
    now = utcnow()
    row = repo.pending_invitation(uow.session, org.id, email)
    if row is None:
        row = Invitation(organisation_id=org.id, email=email, role=role, created_at=now)
        uow.session.add(row)
    row.role, row.invited_by, row.expires_at = role, actor.user_id, now + TTL
    user = accounts_repo.user_by_email(uow.session, email)
    uow.flush()
    if user is not None and user.is_active and user.email_verified:
        notifications.notify(uow, [user], event="invitation", topic=f"organisation:{org.id}",
                             subject=msg("invitation.subject", organisation=org.name),
                             body=msg("invitation.body", organisation=org.name, role=msg(f"role.{role}")),
                             link="/me")
    elif user is None:  # a newcomer: a signed link opens an account for the address and answers the invitation
        token = links.sign(uow.session, row.id, email, row.expires_at)
        notifications.notify_address(uow, email, event="invitation", topic=f"organisation:{org.id}",
                                     subject=msg("invitation.subject", organisation=org.name),
                                     body=msg("invitation.link", organisation=org.name, role=msg(f"role.{role}"),
                                              until=as_utc(row.expires_at).date()),
                                     link=links.PATH + token)
    return row


def mine(uow: UnitOfWork, actor: Principal) -> list[Invitation]:
    """Pending invitations to the caller's address; none while that address is unverified."""
    user = accounts_repo.get_user(uow.session, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.email_verified:
        return []
    return repo.pending_invitations(uow.session, now=utcnow(), email=user.email)


def _answerable(uow: UnitOfWork, actor: Principal, invitation_id: int) -> Invitation:
    user = accounts_repo.get_user(uow.session, actor.user_id) if actor.user_id is not None else None
    row = repo.invitation(uow.session, invitation_id)
    # Someone else's invitation does not exist for the caller (nothing about it is revealed).
    if row is None or user is None or row.email != user.email or row.kind != "member":
        raise NotFound(f"invitation {invitation_id} not found")
    policies.answer_invitation(actor, email_verified=user.email_verified)
    if row.status != "pending" or as_utc(row.expires_at) <= utcnow():
        state = row.status if row.status != "pending" else "expired"
        raise ValidationFailed(f"this invitation is {state}: ask the organisation for a new one",
                               details=[{"field": "invitation", "message": state}])
    return row


def accept(uow: UnitOfWork, actor: Principal, invitation_id: int) -> Membership:
    row = _answerable(uow, actor, invitation_id)
    member = set_membership(uow, row.organisation_id, actor.user_id, row.role)  # type: ignore[arg-type]
    row.status, row.decided_at = "accepted", utcnow()
    uow.flush()
    return member


def decline(uow: UnitOfWork, actor: Principal, invitation_id: int) -> Invitation:
    row = _answerable(uow, actor, invitation_id)
    row.status, row.decided_at = "declined", utcnow()
    return row


def of_organisation(uow: UnitOfWork, actor: Principal, organisation_id: str) -> list[Invitation]:
    policies.manage_organisation(actor, organisation_id)
    return repo.pending_invitations(uow.session, now=utcnow(), organisation_id=organisation_id)


def cancel(uow: UnitOfWork, actor: Principal, organisation_id: str, invitation_id: int) -> None:
    policies.manage_organisation(actor, organisation_id)
    row = repo.invitation(uow.session, invitation_id)
    if row is None or row.organisation_id != organisation_id:
        raise NotFound(f"invitation {invitation_id} not found")
    if row.status == "pending":
        row.status, row.decided_at = "cancelled", utcnow()
