"""REST v1: sign-up, e-mail verification, sign-in (API tokens), the caller's account and invitations,
user administration."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response, status

from api.deps import ContainerDep, DbId, UowDep, UserDep
from api.errors import openapi_responses
from api.notify import deliver_after
from api.presenters import token_out, user_out
from catalogue.accounts import service, verification
from catalogue.accounts.throttle import SignInThrottle
from catalogue.db import as_utc
from catalogue.organisations import invitations
from schemas.accounts import Accepted, VerifiedOut, VerifyIn
from schemas.organisations import (
    InvitationOut, MeIn, MemberOut, NewToken, TokenOut, TokenRequest, UserAdminIn, UserIn, UserOut,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"])
NOTIFY = [Depends(deliver_after)]  # e-mail the links and notices once the transaction is over
CHECK_EMAIL = ("Check your e-mail: we sent a message to this address. If it is new here, follow the link in it "
               "to confirm the address; if it already has an account, sign in instead.")


def invitation_out(row) -> InvitationOut:  # noqa: ANN001
    return InvitationOut(id=row.id, organisation_id=row.organisation_id, email=row.email, role=row.role,
                         status=row.status, created_at=as_utc(row.created_at), expires_at=as_utc(row.expires_at))


@router.post("/auth/register", response_model=Accepted, status_code=status.HTTP_202_ACCEPTED, dependencies=NOTIFY)
def register(body: UserIn, uow: UowDep, container: ContainerDep) -> Accepted:
    """Sign up as a data user. The answer is the same whether or not the address has an account
    (its owner gets an e-mail either way); the address grants nothing until it is verified."""
    service.register(uow, SignInThrottle.of(container), email=body.email, name=body.name, password=body.password,
                     lang=body.lang, requester_type=body.requester_type)
    uow.commit()
    return Accepted(message=CHECK_EMAIL)


@router.post("/auth/verify", response_model=VerifiedOut)
def verify_email(body: VerifyIn, uow: UowDep) -> VerifiedOut:
    """Prove an address with the token of the link e-mailed to it (single use, 48 hours)."""
    user = verification.verify(uow, body.token)
    uow.commit()
    return VerifiedOut(email=user.email, email_verified_at=as_utc(user.email_verified_at))


@router.post("/auth/token", response_model=NewToken, status_code=status.HTTP_201_CREATED,
             responses=openapi_responses([401, 429]))
def sign_in(body: TokenRequest, request: Request, uow: UowDep, container: ContainerDep) -> NewToken:
    """Exchange email and password for an API token (shown once; send it as `Bearer <token>`).
    Repeated failures for an account or from a client answer 429 with Retry-After."""
    client = request.client.host if request.client else None
    user = service.authenticate(uow, body.email, body.password, throttle=SignInThrottle.of(container), client=client)
    raw, token = service.issue_token(uow, user, name=body.name, ttl_days=container.settings.token_ttl_days)
    uow.commit()
    return NewToken(token=raw, **token_out(token).model_dump())


@router.get("/me", response_model=UserOut)
def me(uow: UowDep, actor: UserDep) -> UserOut:
    return user_out(service.get_user(uow, actor.user_id))


@router.patch("/me", response_model=UserOut)
def update_me(body: MeIn, uow: UowDep, actor: UserDep) -> UserOut:
    """Set your language (notifications and e-mails are written in it) and your requester type; a field
    left out is kept, null clears it."""
    if "lang" in body.model_fields_set:
        service.set_lang(uow, actor, body.lang)
    if "requester_type" in body.model_fields_set:
        service.set_requester_type(uow, actor, body.requester_type)
    uow.commit()
    return user_out(service.get_user(uow, actor.user_id))


@router.post("/me/verification", response_model=Accepted, status_code=status.HTTP_202_ACCEPTED,
             dependencies=NOTIFY, responses=openapi_responses([429]))
def resend_verification(uow: UowDep, actor: UserDep, container: ContainerDep) -> Accepted:
    """E-mail a new verification link to your address (a few per hour at most)."""
    sent = verification.resend(uow, service.get_user(uow, actor.user_id), SignInThrottle.of(container))
    uow.commit()
    return Accepted(message="a new link was sent to your address" if sent else "your address is verified already")


@router.get("/me/tokens", response_model=list[TokenOut])
def my_tokens(uow: UowDep, actor: UserDep) -> list[TokenOut]:
    return [token_out(t) for t in service.list_tokens(uow, actor.user_id)]


@router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: DbId, uow: UowDep, actor: UserDep) -> Response:
    service.revoke_token(uow, actor.user_id, token_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/invitations", response_model=list[InvitationOut])
def my_invitations(uow: UowDep, actor: UserDep) -> list[InvitationOut]:
    """Pending invitations to join an organisation, addressed to your address once it is verified."""
    return [invitation_out(i) for i in invitations.mine(uow, actor)]


@router.post("/invitations/{invitation_id}/accept", response_model=MemberOut)
def accept_invitation(invitation_id: DbId, uow: UowDep, actor: UserDep) -> MemberOut:
    """Become a member with the invited role (403 email_not_verified until your address is proved)."""
    member = invitations.accept(uow, actor, invitation_id)
    uow.commit()
    return MemberOut(user_id=member.user_id, organisation_id=member.organisation_id, role=member.role)


@router.post("/invitations/{invitation_id}/decline", response_model=InvitationOut)
def decline_invitation(invitation_id: DbId, uow: UowDep, actor: UserDep) -> InvitationOut:
    row = invitations.decline(uow, actor, invitation_id)
    uow.commit()
    return invitation_out(row)


@router.get("/users", response_model=list[UserOut])
def list_users(uow: UowDep, actor: UserDep) -> list[UserOut]:
    return [user_out(u) for u in service.list_users(uow, actor)]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED, dependencies=NOTIFY)
def create_user(body: UserAdminIn, uow: UowDep, actor: UserDep) -> UserOut:
    """Platform admins create accounts, including governance staff and other admins; the new user
    gets a link to verify their address."""
    user = service.create_user_as(uow, actor, email=body.email, name=body.name, password=body.password,
                                  is_platform_admin=body.is_platform_admin, is_governance=body.is_governance,
                                  lang=body.lang, requester_type=body.requester_type)
    uow.commit()
    return user_out(user)
