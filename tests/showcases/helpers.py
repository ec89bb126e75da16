"""Helpers of the showcase-session tests: descriptions to present, people to register, a session payload."""

from __future__ import annotations

import copy
import datetime as dt
import zoneinfo

from sqlalchemy import select

from catalogue.accounts import service as accounts
from catalogue.bootstrap import Container
from catalogue.notifications.models import Notification
from catalogue.showcases.models import ShowcaseSession
from tests.conftest import PASSWORD
from tests.web.helpers import publish

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def presentable(client, actors, record: dict) -> None:
    """'registre-test' and 'cohorte-test' published by chu-test; 'autre-base' by other-org."""
    for dataset_id in ("registre-test", "cohorte-test"):
        publish(client, actors["editor"], {**copy.deepcopy(record), "id": dataset_id})
    other = {**copy.deepcopy(record), "id": "autre-base",
             "producer": {"id": "other-org", "name": "Other producer", "type": "university_hospital", "country": "FR"}}
    publish(client, actors["outsider"], other)


def local_in(days: int, hour: int = 14) -> str:
    """A local date-time (naive ISO) `days` from now at `hour`:00, as a producer types it."""
    day = (dt.datetime.now(PARIS) + dt.timedelta(days=days)).date()
    return f"{day.isoformat()}T{hour:02d}:00:00"


def payload(**changes: object) -> dict:
    body: dict = {"organisation_id": "chu-test", "title": "Le registre en pratique", "starts_at": local_in(10),
                  "time_zone": "Europe/Paris", "duration_minutes": 90, "format": "hybrid",
                  "online_url": "https://visio.example.org/registre", "address": "1 place de l'Hôpital, Lyon",
                  "language": "fr", "agenda": "Typologie, volumes, conditions d'accès",
                  "dataset_ids": ["registre-test", "cohorte-test"], "capacity": 2}
    body.update(changes)
    return body


def people(container: Container, *names: str, verified: bool = True, lang: str | None = None) -> dict[str, dict]:
    """New data users with their API token headers."""
    headers = {}
    with container.uow() as uow:
        for name in names:
            user = accounts.create_user(uow, email=f"{name}@example.org", name=name.capitalize(), password=PASSWORD,
                                        verified=verified, lang=lang)
            raw, _ = accounts.issue_token(uow, user, name="test", ttl_days=1)
            headers[name] = {"Authorization": f"Bearer {raw}"}
        uow.commit()
    return headers


def notifications_of(container: Container, email: str) -> list[Notification]:
    with container.uow() as uow:
        rows = list(uow.session.scalars(select(Notification).where(Notification.email == email)
                                        .order_by(Notification.id)))
        uow.session.expunge_all()
        return rows


def move_start(container: Container, session_id: int, starts_at: dt.datetime) -> None:
    """Put a session's start elsewhere in time (a session is never scheduled in the past)."""
    with container.uow() as uow:
        found = uow.session.get(ShowcaseSession, session_id)
        assert found is not None
        found.starts_at = starts_at
        uow.commit()
