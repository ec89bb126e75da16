"""REST v1: producers on board — invitation links, claims of organisations nobody represents, trusted domains."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status

from api.deps import DbId, PrincipalDep, UowDep, UserDep
from api.errors import openapi_responses
from api.notify import deliver_after
from catalogue.db import as_utc
from catalogue.organisations import onboarding
from catalogue.organisations.models import Invitation
from catalogue.principal import Principal
from schemas.organisations import (
    ClaimDomains, ClaimOut, ClaimRefusal, JoinIn, JoinLinkOut, JoinOut, MemberOut, ReachedOut,
)

router = APIRouter(prefix="/api/v1", tags=["onboarding"])
NOTIFY = [Depends(deliver_after)]


def claim_out(row: Invitation) -> ClaimOut:
    return ClaimOut(id=row.id, organisation_id=row.organisation_id, email=row.email, status=row.status,
                    claimed_by=row.claimed_by, claimed_at=as_utc(row.claimed_at), created_at=as_utc(row.created_at))


@router.get("/join/{token}", response_model=JoinLinkOut, responses=openapi_responses([404, 422]))
def read_link(token: str, uow: UowDep) -> JoinLinkOut:
    """What an invitation link (from an e-mail) opens: 404 unknown or forged, 422 expired or answered."""
    view = onboarding.view_link(uow, Principal(), token)
    row, org = view.invitation, view.organisation
    return JoinLinkOut(invitation_id=row.id, kind=row.kind, organisation_id=org.id,  # type: ignore[arg-type]
                       organisation_name=org.name, email=row.email, role=row.role,
                       expires_at=as_utc(row.expires_at), account_exists=view.has_account)


@router.post("/join/{token}", response_model=JoinOut, dependencies=NOTIFY,
             responses=openapi_responses([401, 403, 404, 409, 422]))
def answer_link(token: str, body: JoinIn, uow: UowDep, actor: PrincipalDep) -> JoinOut:
    """Answer an invitation link: signed in with its address (empty body), or with `name` and `password`
    to open an account for the address (the link proves it). A claim of an organisation is confirmed at
    once for an address of one of its trusted domains, else waits for a platform admin (status claimed);
    409 when the organisation has members already, 403 signed in with another address."""
    joined = onboarding.join(uow, actor, token, name=body.name, password=body.password)
    uow.commit()
    return JoinOut(status="accepted" if joined.membership else "claimed",
                   organisation_id=joined.invitation.organisation_id, role=joined.invitation.role,
                   user_id=joined.user.id, account_created=joined.created)


@router.get("/claims", response_model=list[ClaimOut])
def list_claims(uow: UowDep, actor: UserDep) -> list[ClaimOut]:
    """Claims waiting for a platform admin (platform admins)."""
    return [claim_out(claim.invitation) for claim in onboarding.claims(uow, actor)]


@router.post("/claims/{claim_id}/confirm", response_model=MemberOut, dependencies=NOTIFY,
             responses=openapi_responses([403, 404, 409, 422]))
def confirm_claim(claim_id: DbId, uow: UowDep, actor: UserDep) -> MemberOut:
    """The claimant becomes the organisation's first admin (409 if it has members since)."""
    member = onboarding.confirm(uow, actor, claim_id)
    uow.commit()
    return MemberOut(user_id=member.user_id, organisation_id=member.organisation_id, role=member.role)


@router.post("/claims/{claim_id}/refuse", response_model=ClaimOut, dependencies=NOTIFY,
             responses=openapi_responses([403, 404, 422]))
def refuse_claim(claim_id: DbId, body: ClaimRefusal, uow: UowDep, actor: UserDep) -> ClaimOut:
    row = onboarding.refuse(uow, actor, claim_id, body.reason)
    uow.commit()
    return claim_out(row)


@router.post("/organisations/{organisation_id}/claim-invitations", response_model=list[ReachedOut],
             status_code=status.HTTP_202_ACCEPTED, dependencies=NOTIFY,
             responses=openapi_responses([403, 404, 409, 422]))
def invite_to_claim(organisation_id: str, uow: UowDep, actor: UserDep) -> list[ReachedOut]:
    """Platform admins: e-mail the contact addresses of a producer's descriptions a link to claim it
    (409 when it has members already)."""
    reached = onboarding.invite_to_claim(uow, actor, organisation_id)
    uow.commit()
    return [ReachedOut(organisation_id=r.organisation_id, email=r.email, invitation_id=r.invitation_id)
            for r in reached]


@router.put("/organisations/{organisation_id}/claim-domains", response_model=ClaimDomains,
            responses=openapi_responses([403, 404, 422]))
def set_claim_domains(organisation_id: str, body: ClaimDomains, uow: UowDep, actor: UserDep) -> ClaimDomains:
    """Platform admins: the e-mail domains whose addresses claim the organisation without confirmation."""
    org = onboarding.trust_domains(uow, actor, organisation_id, list(body.domains))
    uow.commit()
    return ClaimDomains(domains=org.trusted_domains)
