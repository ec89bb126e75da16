"""Dependencies: the container, a unit of work, who is calling, and bounded integer ids.

Every route that resolves the caller depends on the `bearerAuth` security scheme, so the OpenAPI
document shows which operations take a token (`api/openapi.py` marks the optional ones).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from catalogue.accounts import identify
from catalogue.bootstrap import Container
from catalogue.errors import Unauthenticated
from catalogue.principal import ANONYMOUS, Principal
from catalogue.uow import UnitOfWork


def get_container(request: Request) -> Container:
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_uow(container: ContainerDep) -> Iterator[UnitOfWork]:
    with container.uow() as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


# Ids are SQL INTEGER columns (32-bit on PostgreSQL): a larger number names nothing and would make the
# driver fail, so it is refused before any query.
DB_ID_MAX = 2**31 - 1
DbId = Annotated[int, Path(ge=1, le=DB_ID_MAX, description="a numeric id")]

bearer = HTTPBearer(scheme_name="bearerAuth", auto_error=False,
                    description="An API token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer <token>`")
BearerDeclared = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


def _token_from(request: Request) -> str | None:
    header = request.headers.get("authorization", "").strip()
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return header if not value else None  # CKAN clients send the bare token


def get_principal(request: Request, container: ContainerDep, _: BearerDeclared = None) -> Principal:
    """The caller from `Authorization: Bearer <token>` (or a bare token); anonymous without one."""
    header = request.headers.get("authorization")
    token = _token_from(request)
    if header and token is None:
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    if token is None:
        return ANONYMOUS
    with container.uow() as uow:  # its own: the last-use stamp stands whatever the call does
        return identify.by_token(uow, token)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_user(principal: PrincipalDep) -> Principal:
    if not principal.authenticated:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    return principal


UserDep = Annotated[Principal, Depends(require_user)]
