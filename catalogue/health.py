"""Health of each engine: SQL store, search, object store, the search outbox backlog, parked e-mails."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from catalogue import policies
from catalogue.bootstrap import Container
from catalogue.notifications import service as notifications
from catalogue.outbox.service import dead_count, pending_count
from catalogue.principal import Principal


def report(container: Container) -> dict[str, Any]:
    engines: dict[str, Any] = {}
    backlog: int | None
    dead: int | None
    try:
        with container.sessions() as session:
            session.execute(text("SELECT 1"))
            backlog = pending_count(session)
            dead = dead_count(session)
        mail = notifications.counts(container.sessions)
        engines["database"] = {"status": "ok", "engine": container.engine.dialect.name}
    except Exception as exc:  # noqa: BLE001 - health reports, never raises
        engines["database"] = {"status": "down", "error": str(exc)[:200]}
        backlog = dead = None
        mail = {}
    for name, engine in (("search", container.search), ("objects", container.objects)):
        try:
            engines[name] = engine.health()
        except Exception as exc:  # noqa: BLE001
            engines[name] = {"status": "down", "error": str(exc)[:200]}
    # Dead letters: descriptions search could not take (`catalogue outbox list` says why); the rest goes on.
    engines["search_outbox"] = {"status": "behind" if backlog else "dead_letters" if dead else "ok",
                                "pending": backlog, "dead_letters": dead}
    # Parked e-mails: refused for good or after every retry (`catalogue governance notify` lists them).
    engines["notifications"] = {"status": "parked" if mail.get("failed") else "ok",
                                "pending": mail.get("pending", 0), "parked": mail.get("failed", 0)}
    down = any(e.get("status") == "down" for e in engines.values())
    return {"status": "down" if down else "ok", "engines": engines}


def _shown(key: str, value: object) -> bool:
    return key in ("status", "engine") or value is None or (isinstance(value, int | float)
                                                            and not isinstance(value, bool))


def public_view(body: dict[str, Any]) -> dict[str, Any]:
    """What anyone may see: each engine's state, kind and counts; never paths, hosts, names or errors."""
    engines = {name: {key: value for key, value in engine.items() if _shown(key, value)}
               for name, engine in body["engines"].items()}
    return {**body, "engines": engines}


def report_for(container: Container, actor: Principal) -> dict[str, Any]:
    """The report as `actor` may see it: platform admins also see locations and error messages."""
    body = report(container)
    return body if policies.sees_engine_details(actor) else public_view(body)
