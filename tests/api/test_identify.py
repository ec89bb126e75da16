"""One answer to "who is calling" (catalogue.accounts.identify) behind the REST API, the CKAN facade and the
web pages: each records the last use of the credential through its unit of work, and only when the coarse
stamp is due, so that reads do not write."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from catalogue.accounts import identify
from catalogue.accounts.models import ApiToken, User, WebSession
from catalogue.db import as_utc, utcnow
from catalogue.errors import Unauthenticated
from catalogue.principal import ANONYMOUS
from tests.web.helpers import sign_in


def _token_of(container, who: str) -> ApiToken:
    with container.sessions() as session:
        return session.scalars(select(ApiToken).join(User, User.id == ApiToken.user_id)
                               .where(User.email == f"{who}@example.org")).one()


def _set_last_used(container, token_id: int, when: dt.datetime | None) -> None:
    with container.sessions() as session, session.begin():
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=when))


@pytest.mark.parametrize("door", ["rest", "ckan"])
def test_a_token_s_first_use_is_stamped_by_each_door(client, actors, container, door):
    token = _token_of(container, "editor")
    assert token.last_used_at is None
    raw = actors["editor"]["Authorization"].removeprefix("Bearer ")
    if door == "rest":
        assert client.get("/api/v1/me", headers=actors["editor"]).status_code == 200
    else:
        assert client.get("/api/3/action/status_show", headers={"X-CKAN-API-Key": raw}).status_code == 200
    stamped = _token_of(container, "editor").last_used_at
    assert stamped is not None and utcnow() - as_utc(stamped) < dt.timedelta(minutes=1)


def test_a_recent_stamp_is_not_rewritten_an_old_one_is(client, actors, container):
    token = _token_of(container, "user")
    recent = utcnow() - dt.timedelta(minutes=10)
    _set_last_used(container, token.id, recent)
    assert client.get("/api/v1/me", headers=actors["user"]).status_code == 200
    assert as_utc(_token_of(container, "user").last_used_at) == recent
    _set_last_used(container, token.id, utcnow() - dt.timedelta(hours=2))
    assert client.get("/api/v1/me", headers=actors["user"]).status_code == 200
    assert utcnow() - as_utc(_token_of(container, "user").last_used_at) < dt.timedelta(minutes=1)


def test_a_refused_token_stamps_nothing_and_no_token_is_anonymous(client, actors, container):
    token = _token_of(container, "outsider")
    with container.sessions() as session, session.begin():
        session.execute(update(ApiToken).where(ApiToken.id == token.id).values(revoked_at=utcnow()))
    raw = actors["outsider"]["Authorization"].removeprefix("Bearer ")
    with container.uow() as uow, pytest.raises(Unauthenticated, match="revoked"):
        identify.by_token(uow, raw)
    assert _token_of(container, "outsider").last_used_at is None
    assert client.get("/api/v1/me", headers=actors["outsider"]).status_code == 401
    ckan = client.get("/api/3/action/status_show", headers={"Authorization": raw})
    assert ckan.status_code == 403 and ckan.json()["error"]["__type"] == "Authorization Error"
    with container.uow() as uow:
        assert identify.by_token(uow, None) is ANONYMOUS


def test_a_web_session_s_last_seen_is_stamped_when_due(client, actors, container):
    sign_in(client, "governance")
    with container.sessions() as session, session.begin():
        session.execute(update(WebSession).values(last_seen_at=utcnow() - dt.timedelta(hours=1)))
    assert client.get("/me", headers={"Accept-Language": "en"}).status_code == 200
    with container.sessions() as session:
        [seen] = session.scalars(select(WebSession.last_seen_at)).all()
    assert utcnow() - as_utc(seen) < dt.timedelta(minutes=1)
