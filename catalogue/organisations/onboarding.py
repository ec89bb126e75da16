"""Producers on board: reaching an organisation nobody represents yet, and claiming it.

Most producers of a loaded catalogue have no member: a message addressed to one of them (an enquiry, an
opinion to give, a reminder, a decision) would reach nobody. `reach` sends it instead to the contact
address of the descriptions concerned, with a signed, expiring link (catalogue.organisations.links) that
lets whoever reads that address create an account and claim the organisation. A claim from an address
in one of the domains a platform admin trusts for the organisation is confirmed at once; any other waits
for a platform admin. An organisation that has members cannot be claimed: its admins invite colleagues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue import policies
from catalogue.accounts import repository as accounts_repo
from catalogue.accounts import service as accounts
from catalogue.accounts.models import User
from catalogue.audit import service as audit
from catalogue.datasets import repository as datasets_repo
from catalogue.db import as_utc, utcnow
from catalogue.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from catalogue.notifications import repository as people
from catalogue.notifications import service as notifications
from catalogue.notifications.texts import Body, Msg, msg
from catalogue.organisations import links
from catalogue.organisations import repository as repo
from catalogue.organisations.models import Invitation, Membership, Organisation
from catalogue.organisations.roles import set_membership
from catalogue.principal import SYSTEM, Principal
from catalogue.uow import UnitOfWork

MAX_DOMAINS = 10


def unstaffed(uow: UnitOfWork, organisation_ids: Iterable[str]) -> list[str]:
    """The organisations among these with no active member (messages to them would reach nobody)."""
    staffed = {m.organisation_id for u in people.members_of(uow.session, organisation_ids) for m in u.memberships}
    return sorted({o for o in organisation_ids if o not in staffed})


def contacts(uow: UnitOfWork, organisation_id: str, dataset_ids: Iterable[str] | None = None) -> list[str]:
    """The contact addresses of the organisation's descriptions (those named, else all), distinct, in order."""
    wanted = set(dataset_ids) if dataset_ids is not None else None
    found: list[str] = []
    for dataset in datasets_repo.of_organisation(uow.session, organisation_id):
        if wanted is not None and dataset.id not in wanted:
            continue
        email = str(((dataset.record or {}).get("contact") or {}).get("email") or "").strip().lower()
        if email and email not in found:
            found.append(email)
    return found


def _claim(uow: UnitOfWork, organisation_id: str, email: str, now: dt.datetime) -> Invitation:
    """The pending claim of the organisation at this address, created or kept alive for a new link."""
    row = repo.pending_invitation(uow.session, organisation_id, email, kind="claim")
    if row is None:
        row = Invitation(organisation_id=organisation_id, email=email, role="admin", kind="claim", created_at=now,
                         expires_at=now + links.TTL)
        uow.session.add(row)
    row.expires_at = max(as_utc(row.expires_at), now + links.TTL)
    uow.flush()
    return row


@dataclass(frozen=True)
class Reached:
    organisation_id: str
    email: str
    invitation_id: int


def reach(uow: UnitOfWork, organisation_ids: Iterable[str], dataset_ids: Iterable[str] | None, *, event: str,
          topic: str, subject: Msg, body: Body, at: dt.datetime | None = None) -> list[Reached]:
    """Send a message meant for these organisations' members to the contact addresses of the descriptions
    concerned, for those with no member, each with a fresh link to claim the organisation."""
    now = at or utcnow()
    named = list(dataset_ids) if dataset_ids is not None else None
    paragraphs = [body] if isinstance(body, (Msg, str)) else list(body)
    sent: list[Reached] = []
    for organisation_id in unstaffed(uow, organisation_ids):
        org = repo.get(uow.session, organisation_id)
        if org is None:
            continue
        for email in contacts(uow, organisation_id, named):
            claim = _claim(uow, organisation_id, email, now)
            token = links.sign(uow.session, claim.id, email, now + links.TTL)
            why = msg("claim.outreach", organisation=org.name, until=(now + links.TTL).date())
            notifications.notify_address(uow, email, event=event, topic=topic, subject=subject,
                                         body=[*paragraphs, why], link=links.PATH + token, at=now)
            sent.append(Reached(organisation_id, email, claim.id))
    return sent


def invite_to_claim(uow: UnitOfWork, actor: Principal, organisation_id: str) -> list[Reached]:
    """A platform admin invites the contacts of a producer nobody represents to claim it."""
    policies.manage_users(actor)
    org = _organisation(uow, organisation_id)
    if not unstaffed(uow, [org.id]):
        raise Conflict(f"'{org.id}' already has members: its admins invite their colleagues")
    if not contacts(uow, org.id):
        raise ValidationFailed(f"'{org.id}' has no description with a contact address",
                               details=[{"field": "organisation_id", "message": "no contact address to invite"}])
    return reach(uow, [org.id], None, event="claim_invitation", topic=f"organisation:{org.id}",
                 subject=msg("claim.invitation.subject", organisation=org.name),
                 body=msg("claim.invitation.body", organisation=org.name))


# -- following a link --------------------------------------------------------------------------------------

def _organisation(uow: UnitOfWork, organisation_id: str) -> Organisation:
    org = repo.get(uow.session, organisation_id)
    if org is None:
        raise NotFound(f"organisation '{organisation_id}' not found")
    return org


def open_link(uow: UnitOfWork, token: str) -> Invitation:
    """The invitation a link opens, while it may still be answered; a refusal naming why otherwise."""
    link = links.parse(token)
    row = repo.invitation(uow.session, link.invitation_id) if link else None
    if link is None or row is None or not link.signed_for(uow.session, row.email):
        raise NotFound("this invitation link is unknown: check that it was copied whole")
    now = utcnow()
    if link.expires_at <= now or (row.status == "pending" and as_utc(row.expires_at) <= now):
        raise ValidationFailed("this invitation link has expired: ask for a new one", details=[
            {"field": "token", "message": "expired", "code": "expired"}])
    if row.status != "pending":
        raise ValidationFailed(f"this invitation was {row.status} already", details=[
            {"field": "token", "message": row.status, "code": row.status}])
    return row


@dataclass(frozen=True)
class LinkView:
    """What a link opens, for the page that answers it."""
    invitation: Invitation
    organisation: Organisation
    signed_in_email: str | None  # the address of whoever follows it signed in
    has_account: bool  # the invited address has an account: its owner signs in to answer

    @property
    def other_address(self) -> bool:
        return self.signed_in_email is not None and self.signed_in_email != self.invitation.email


def view_link(uow: UnitOfWork, actor: Principal, token: str) -> LinkView:
    row = open_link(uow, token)
    user = accounts_repo.get_user(uow.session, actor.user_id) if actor.user_id is not None else None
    return LinkView(row, _organisation(uow, row.organisation_id), user.email if user else None,
                    accounts_repo.user_by_email(uow.session, row.email) is not None)


@dataclass(frozen=True)
class Claim:
    invitation: Invitation
    organisation_name: str
    claimant_name: str


@dataclass(frozen=True)
class Joined:
    invitation: Invitation
    user: User
    created: bool  # an account was opened for the address
    membership: Membership | None  # None: a claim waiting for a platform admin


def join(uow: UnitOfWork, actor: Principal, token: str, *, name: str | None = None,
         password: str | None = None) -> Joined:
    """Answer the invitation of a link: signed in with its address, or opening an account for it (the link
    proves the address). A member's invitation makes the member; a claim makes the first admin of the
    organisation at once when the address is in a trusted domain, else waits for a platform admin."""
    row = open_link(uow, token)
    user, created = _holder(uow, actor, row, name, password)
    if row.kind == "member":
        member = set_membership(uow, row.organisation_id, user.id, row.role)
        row.status, row.decided_at = "accepted", utcnow()
        uow.flush()
        return Joined(row, user, created, member)
    org = _organisation(uow, row.organisation_id)
    if not unstaffed(uow, [org.id]):
        raise Conflict(f"'{org.name}' already has members on the platform: ask its admins to invite you")
    now = utcnow()
    row.claimed_by, row.claimed_at = user.id, now
    if user.email.rpartition("@")[2] in org.trusted_domains:
        return Joined(row, user, created, _confirm(uow, SYSTEM, row, now, by_domain=True))
    row.status = "claimed"
    uow.flush()
    audit.record(uow, _as(user), "organisation.claim", "organisation", org.id, from_state="pending",
                 to_state="claimed", details={"invitation_id": row.id, "email": row.email}, at=now)
    notifications.notify(uow, accounts_repo.platform_admins(uow.session), event="claim_to_confirm",
                         topic=f"organisation:{org.id}",
                         subject=msg("claim.to_confirm.subject", organisation=org.name),
                         body=msg("claim.to_confirm.body", organisation=org.name, name=user.name, email=user.email))
    return Joined(row, user, created, None)


def _as(user: User) -> Principal:
    return Principal.of(user)


def _holder(uow: UnitOfWork, actor: Principal, row: Invitation, name: str | None,
            password: str | None) -> tuple[User, bool]:
    """Who answers: the signed-in owner of the address, or a new account opened for it."""
    if actor.user_id is not None:
        user = accounts_repo.get_user(uow.session, actor.user_id)
        if user is None or user.email != row.email:
            raise Forbidden(f"this invitation was sent to {row.email}: sign in with that address to answer it")
        if not user.email_verified:  # following the link proves the address
            user.email_verified_at = utcnow()
        return user, False
    if accounts_repo.user_by_email(uow.session, row.email) is not None:
        raise Unauthenticated(f"{row.email} already has an account: sign in, then follow the link again")
    user = accounts.create_user(uow, email=row.email, name=name or "", password=password or "", verified=True)
    return user, True


def _confirm(uow: UnitOfWork, actor: Principal, row: Invitation, now: dt.datetime, *, by_domain: bool) -> Membership:
    if row.claimed_by is None:
        raise ValidationFailed("nobody claimed it yet", details=[{"field": "invitation", "message": row.status}])
    member = set_membership(uow, row.organisation_id, row.claimed_by, "admin")
    previous = row.status
    row.status, row.decided_at = "accepted", now
    uow.flush()
    audit.record(uow, actor, "organisation.claim_confirmed", "organisation", row.organisation_id,
                 from_state=previous, to_state="accepted",
                 details={"invitation_id": row.id, "user_id": row.claimed_by, "email": row.email,
                          "by": "trusted_domain" if by_domain else "platform_admin"}, at=now)
    return member


def claims(uow: UnitOfWork, actor: Principal) -> list[Claim]:
    """Claims waiting for a platform admin, oldest first, with who asked for which organisation."""
    policies.manage_users(actor)
    rows = repo.claims_to_confirm(uow.session)
    names = repo.names(uow.session, sorted({r.organisation_id for r in rows}))
    people = accounts_repo.names_of(uow.session, {r.claimed_by for r in rows if r.claimed_by is not None})
    return [Claim(r, names.get(r.organisation_id, r.organisation_id),
                  people.get(r.claimed_by, "") if r.claimed_by is not None else "") for r in rows]


def _claimed(uow: UnitOfWork, actor: Principal, invitation_id: int) -> Invitation:
    policies.manage_users(actor)
    row = repo.invitation(uow.session, invitation_id)
    if row is None or row.kind != "claim":
        raise NotFound(f"claim {invitation_id} not found")
    if row.status != "claimed":
        raise ValidationFailed(f"this claim is {row.status}, not waiting for a decision",
                               details=[{"field": "invitation", "message": row.status, "code": row.status}])
    return row


def confirm(uow: UnitOfWork, actor: Principal, invitation_id: int) -> Membership:
    """A platform admin confirms a claim: its author becomes the organisation's first admin."""
    row = _claimed(uow, actor, invitation_id)
    if not unstaffed(uow, [row.organisation_id]):
        raise Conflict(f"'{row.organisation_id}' has members since: its admins invite their colleagues")
    member = _confirm(uow, actor, row, utcnow(), by_domain=False)
    claimant = accounts_repo.get_user(uow.session, member.user_id)
    org = _organisation(uow, row.organisation_id)
    if claimant is not None:
        notifications.notify(uow, [claimant], event="claim_confirmed", topic=f"organisation:{org.id}",
                             subject=msg("claim.confirmed.subject", organisation=org.name),
                             body=msg("claim.confirmed.body", organisation=org.name), link="/workspace")
    return member


def refuse(uow: UnitOfWork, actor: Principal, invitation_id: int, reason: str) -> Invitation:
    """A platform admin refuses a claim, saying why (the claimant is told)."""
    if not reason.strip():
        raise ValidationFailed("say why the claim is refused", details=[{"field": "reason", "message": "required"}])
    row = _claimed(uow, actor, invitation_id)
    now = utcnow()
    row.status, row.decided_at = "refused", now
    uow.flush()
    audit.record(uow, actor, "organisation.claim_refused", "organisation", row.organisation_id,
                 from_state="claimed", to_state="refused", reason=reason,
                 details={"invitation_id": row.id, "user_id": row.claimed_by, "email": row.email}, at=now)
    claimant = accounts_repo.get_user(uow.session, row.claimed_by) if row.claimed_by else None
    org = _organisation(uow, row.organisation_id)
    if claimant is not None:
        notifications.notify(uow, [claimant], event="claim_refused", topic=f"organisation:{org.id}",
                             subject=msg("claim.refused.subject", organisation=org.name),
                             body=[msg("claim.refused.body", organisation=org.name), reason])
    return row


def trust_domains(uow: UnitOfWork, actor: Principal, organisation_id: str, domains: list[str]) -> Organisation:
    """A platform admin names the e-mail domains whose addresses may claim the organisation at once."""
    policies.manage_users(actor)
    org = _organisation(uow, organisation_id)
    cleaned = []
    for value in domains:
        domain = value.strip().lower().lstrip("@")
        if not _domain(domain):
            raise ValidationFailed(f"'{value[:80]}' is not an e-mail domain", details=[
                {"field": "claim_domains", "message": "an e-mail domain such as aphp.fr"}])
        if domain not in cleaned:
            cleaned.append(domain)
    if len(cleaned) > MAX_DOMAINS:
        raise ValidationFailed(f"at most {MAX_DOMAINS} domains", details=[
            {"field": "claim_domains", "message": f"at most {MAX_DOMAINS} domains"}])
    org.claim_domains = " ".join(cleaned)
    audit.record(uow, actor, "organisation.claim_domains", "organisation", org.id, details={"domains": cleaned})
    return org


def _domain(value: str) -> bool:
    labels = value.split(".")
    return (3 < len(value) <= 253 and len(labels) >= 2 and labels[-1].isalpha()
            and all(0 < len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
                    and not label.startswith("-") and not label.endswith("-") for label in labels))
