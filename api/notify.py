"""Deliver queued notifications once the request's unit of work is closed."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from api.deps import ContainerDep
from catalogue.notifications.service import deliver_pending

log = logging.getLogger(__name__)


def deliver_after(container: ContainerDep) -> Iterator[None]:
    """A dependency of the endpoints that may queue notifications.

    Declared in the route's `dependencies`, it is set up before the endpoint's unit of work and
    so torn down after it: delivery never waits on the request's own transaction.
    """
    yield
    try:
        deliver_pending(container.sessions, container.settings)
    except Exception:  # noqa: BLE001 - the next write or `catalogue governance notify` retries
        log.exception("notification delivery failed")
