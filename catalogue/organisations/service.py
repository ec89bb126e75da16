"""Producer organisations and their members."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue import policies
from catalogue.accounts import repository as accounts_repo
from catalogue.datasets import service as datasets
from catalogue.errors import Conflict, NotFound
from catalogue.organisations import invitations, roles
from catalogue.organisations import repository as repo
from catalogue.organisations.models import Invitation, Membership, Organisation
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import Producer
from schemas.organisations import OrganisationIn, OrganisationPatch


def get(uow: UnitOfWork, organisation_id: str) -> Organisation:
    org = repo.get(uow.session, organisation_id)
    if org is None:
        raise NotFound(f"organisation '{organisation_id}' not found")
    return org


def list_all(uow: UnitOfWork) -> list[tuple[Organisation, int]]:
    counts = repo.published_counts(uow.session)
    return [(org, counts.get(org.id, 0)) for org in repo.list_all(uow.session)]


def names_of(uow: UnitOfWork, ids: Iterable[str]) -> dict[str, str]:
    """Organisation names by id, for the ids a page shows (never every organisation: a national
    catalogue holds tens of thousands)."""
    return repo.names(uow.session, sorted(set(ids)))


def most_published(uow: UnitOfWork, limit: int) -> list[tuple[Organisation, int]]:
    """The producers with the most published descriptions, most first (the home page's list)."""
    return repo.most_published(uow.session, limit)


def workspace_of(uow: UnitOfWork, actor: Principal) -> list[tuple[Organisation, bool]]:
    """The organisations whose workspace `actor` opens (all of them for platform admins), each with
    whether the actor manages it (its profile and members)."""
    orgs = ([org for org, _ in list_all(uow)] if actor.is_platform_admin
            else [get(uow, org_id) for org_id in sorted(actor.roles)])
    return [(org, policies.allows(policies.manage_organisation, actor, org.id)) for org in orgs]


def create(uow: UnitOfWork, actor: Principal, data: OrganisationIn) -> Organisation:
    policies.create_organisation(actor)
    if repo.get(uow.session, data.id):
        raise Conflict(f"organisation '{data.id}' already exists")
    org = Organisation(id=data.id, name=data.name, type=data.type, country=data.country)
    uow.session.add(org)
    uow.flush()
    return org


def ensure_for_producer(uow: UnitOfWork, producer: Producer) -> tuple[Organisation, bool]:
    """The organisation a record names, created from its producer block when missing (import)."""
    org = repo.get(uow.session, producer.id)
    if org is not None:
        return org, False
    org = Organisation(id=producer.id, name=producer.name, type=producer.type, country=producer.country)
    uow.session.add(org)
    uow.flush()
    return org, True


def update(uow: UnitOfWork, actor: Principal, organisation_id: str, data: OrganisationPatch) -> Organisation:
    """Change the name, type or country; the descriptions' producer blocks and search entries follow."""
    policies.manage_organisation(actor, organisation_id)
    org = get(uow, organisation_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is not None:  # an explicit null changes nothing: every field is required
            setattr(org, name, value)
    uow.flush()
    datasets.refresh_producer(uow, actor, organisation_id)
    return org


def add_member(uow: UnitOfWork, actor: Principal, organisation_id: str, email: str,
               role: str) -> Membership | Invitation:
    """Change a member's role, or invite the address (only the platform itself, the CLI, adds directly).

    An invitation is made whether or not the address has an account, so the answer reveals nothing.
    """
    policies.manage_organisation(actor, organisation_id)
    org = get(uow, organisation_id)
    user = accounts_repo.user_by_email(uow.session, email)
    if user is not None and repo.membership(uow.session, organisation_id, user.id) is not None:
        return roles.set_membership(uow, organisation_id, user.id, role)
    if policies.add_member_directly(actor):
        if user is None:
            raise NotFound(f"no user with email {email.strip().lower()}: create the account first")
        return roles.set_membership(uow, organisation_id, user.id, role)
    return invitations.invite(uow, actor, org, email, role)


def remove_member(uow: UnitOfWork, actor: Principal, organisation_id: str, user_id: int) -> None:
    policies.manage_organisation(actor, organisation_id)
    member = repo.membership(uow.session, organisation_id, user_id)
    if member is None:
        raise NotFound(f"user {user_id} is not a member of '{organisation_id}'")
    roles.remove(uow, member)


def members(uow: UnitOfWork, actor: Principal, organisation_id: str) -> list[Membership]:
    policies.manage_organisation(actor, organisation_id)
    return repo.members(uow.session, organisation_id)
