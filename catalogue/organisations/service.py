"""Producer organisations and their members."""

from __future__ import annotations

from catalogue import policies
from catalogue.accounts import repository as accounts_repo
from catalogue.errors import Conflict, NotFound, ValidationFailed
from catalogue.organisations import repository as repo
from catalogue.organisations.models import Membership, Organisation
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
    policies.manage_organisation(actor, organisation_id)
    org = get(uow, organisation_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(org, name, value)
    return org


def add_member(uow: UnitOfWork, actor: Principal, organisation_id: str, email: str, role: str) -> Membership:
    policies.manage_organisation(actor, organisation_id)
    get(uow, organisation_id)
    user = accounts_repo.user_by_email(uow.session, email)
    if user is None:
        raise NotFound(f"no user with email {email.strip().lower()}: create the account first")
    member = repo.membership(uow.session, organisation_id, user.id)
    if member is None:
        member = Membership(user_id=user.id, organisation_id=organisation_id, role=role)
        uow.session.add(member)
    else:
        member.role = role
    uow.flush()
    return member


def remove_member(uow: UnitOfWork, actor: Principal, organisation_id: str, user_id: int) -> None:
    policies.manage_organisation(actor, organisation_id)
    member = repo.membership(uow.session, organisation_id, user_id)
    if member is None:
        raise NotFound(f"user {user_id} is not a member of '{organisation_id}'")
    admins = [m for m in repo.members(uow.session, organisation_id) if m.role == "admin"]
    if member.role == "admin" and len(admins) == 1 and not actor.is_platform_admin:
        raise ValidationFailed("an organisation keeps at least one admin; name another admin first")
    uow.session.delete(member)


def members(uow: UnitOfWork, actor: Principal, organisation_id: str) -> list[Membership]:
    policies.manage_organisation(actor, organisation_id)
    return repo.members(uow.session, organisation_id)
