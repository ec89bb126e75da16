"""Who is calling: one answer for the REST API, the CKAN facade and the web pages.

Each front door reads its own credential from the request (a bearer or bare token, CKAN's
X-CKAN-API-Key, the web session cookie) and hands it here, with a unit of work of its own: the
stamp of last use must stand whether or not the call it authenticates commits. The stamp is coarse
(hourly for tokens, every five minutes for sessions), so the unit of work commits only when it was
written: most calls write nothing to be identified.
"""

from __future__ import annotations

from catalogue.accounts import service, sessions
from catalogue.principal import ANONYMOUS, Principal
from catalogue.uow import UnitOfWork


def by_token(uow: UnitOfWork, token: str | None) -> Principal:
    """The owner of an API token, anonymous without one; Unauthenticated when it is unknown, revoked,
    expired or its account disabled."""
    if token is None:
        return ANONYMOUS
    principal = service.principal_for_token(uow, token)
    _record_use(uow)
    return principal


def by_session(uow: UnitOfWork, session_id: str) -> Principal:
    """The owner of a web session; Unauthenticated when it is unknown, revoked, expired or disabled."""
    principal = sessions.principal_for(uow, session_id)
    _record_use(uow)
    return principal


def _record_use(uow: UnitOfWork) -> None:
    """Commit the last-use stamp when the lookup wrote one (nothing else is pending in this unit of work)."""
    if uow.session.dirty:
        uow.commit()
