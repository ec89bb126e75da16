"""REST v1: sign-up, sign-in (API tokens), the caller's account, user administration."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import ContainerDep, UowDep, UserDep
from api.presenters import token_out, user_out
from catalogue.accounts import service
from schemas.organisations import NewToken, TokenOut, TokenRequest, UserAdminIn, UserIn, UserOut

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/register", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def register(body: UserIn, uow: UowDep) -> UserOut:
    """Create a data-user account (no producer or staff role)."""
    user = service.create_user(uow, email=body.email, name=body.name, password=body.password)
    uow.commit()
    return user_out(user)


@router.post("/auth/token", response_model=NewToken, status_code=status.HTTP_201_CREATED)
def sign_in(body: TokenRequest, uow: UowDep, container: ContainerDep) -> NewToken:
    """Exchange email and password for an API token (shown once; send it as `Bearer <token>`)."""
    user = service.authenticate(uow, body.email, body.password)
    raw, token = service.issue_token(uow, user, name=body.name, ttl_days=container.settings.token_ttl_days)
    uow.commit()
    return NewToken(token=raw, **token_out(token).model_dump())


@router.get("/me", response_model=UserOut)
def me(uow: UowDep, actor: UserDep) -> UserOut:
    return user_out(service.get_user(uow, actor.user_id))


@router.get("/me/tokens", response_model=list[TokenOut])
def my_tokens(uow: UowDep, actor: UserDep) -> list[TokenOut]:
    return [token_out(t) for t in service.list_tokens(uow, actor.user_id)]


@router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, uow: UowDep, actor: UserDep) -> Response:
    service.revoke_token(uow, actor.user_id, token_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users", response_model=list[UserOut])
def list_users(uow: UowDep, actor: UserDep) -> list[UserOut]:
    return [user_out(u) for u in service.list_users(uow, actor)]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserAdminIn, uow: UowDep, actor: UserDep) -> UserOut:
    """Platform admins create accounts, including governance staff and other admins."""
    user = service.create_user_as(uow, actor, email=body.email, name=body.name, password=body.password,
                               is_platform_admin=body.is_platform_admin, is_governance=body.is_governance)
    uow.commit()
    return user_out(user)
