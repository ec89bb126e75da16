"""REST v1: producer organisations and their members."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from api.deps import DbId, UowDep, UserDep
from api.notify import deliver_after
from api.routers.accounts import invitation_out
from catalogue.organisations import invitations, service
from catalogue.organisations.models import Invitation
from schemas.organisations import (
    InvitationOut, MemberIn, MemberOut, OrganisationIn, OrganisationOut, OrganisationPatch,
)

router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"])


def _out(org, count: int | None = None) -> OrganisationOut:  # noqa: ANN001
    return OrganisationOut(id=org.id, name=org.name, type=org.type, country=org.country, published_datasets=count)


def _member(m) -> MemberOut:  # noqa: ANN001
    return MemberOut(user_id=m.user_id, organisation_id=m.organisation_id, role=m.role)


@router.get("", response_model=list[OrganisationOut])
def list_organisations(uow: UowDep) -> list[OrganisationOut]:
    return [_out(org, count) for org, count in service.list_all(uow)]


@router.post("", response_model=OrganisationOut, status_code=status.HTTP_201_CREATED)
def create_organisation(body: OrganisationIn, uow: UowDep, actor: UserDep) -> OrganisationOut:
    """Platform admins create producer organisations."""
    org = service.create(uow, actor, body)
    uow.commit()
    return _out(org, 0)


@router.get("/{organisation_id}", response_model=OrganisationOut)
def get_organisation(organisation_id: str, uow: UowDep) -> OrganisationOut:
    counts = dict((o.id, c) for o, c in service.list_all(uow))
    return _out(service.get(uow, organisation_id), counts.get(organisation_id, 0))


@router.patch("/{organisation_id}", response_model=OrganisationOut)
def update_organisation(organisation_id: str, body: OrganisationPatch, uow: UowDep, actor: UserDep) -> OrganisationOut:
    org = service.update(uow, actor, organisation_id, body)
    uow.commit()
    return _out(org)


@router.get("/{organisation_id}/members", response_model=list[MemberOut])
def list_members(organisation_id: str, uow: UowDep, actor: UserDep) -> list[MemberOut]:
    return [_member(m) for m in service.members(uow, actor, organisation_id)]


@router.post("/{organisation_id}/members", response_model=MemberOut | InvitationOut,
             status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(deliver_after)],
             responses={200: {"model": MemberOut, "description": "an existing member's role changed"},
                        202: {"model": InvitationOut, "description": "invitation sent to the address"}})
def add_member(organisation_id: str, body: MemberIn, uow: UowDep, actor: UserDep,
               response: Response) -> MemberOut | InvitationOut:
    """Invite an address as editor or admin (202: its verified owner accepts), or change the role of an
    existing member (200). Demoting the last admin is refused with 409 last_admin."""
    result = service.add_member(uow, actor, organisation_id, body.email, body.role)
    uow.commit()
    if isinstance(result, Invitation):
        return invitation_out(result)
    response.status_code = status.HTTP_200_OK
    return _member(result)


@router.get("/{organisation_id}/invitations", response_model=list[InvitationOut])
def list_invitations(organisation_id: str, uow: UowDep, actor: UserDep) -> list[InvitationOut]:
    """Pending invitations of the organisation (its admins)."""
    return [invitation_out(i) for i in invitations.of_organisation(uow, actor, organisation_id)]


@router.delete("/{organisation_id}/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
def cancel_invitation(organisation_id: str, invitation_id: DbId, uow: UowDep, actor: UserDep) -> Response:
    invitations.cancel(uow, actor, organisation_id, invitation_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/{organisation_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(organisation_id: str, user_id: DbId, uow: UowDep, actor: UserDep) -> Response:
    """Remove a member (409 last_admin when they are its only admin)."""
    service.remove_member(uow, actor, organisation_id, user_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
