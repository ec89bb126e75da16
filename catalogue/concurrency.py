"""Optimistic concurrency, one way for every aggregate: the version the client saw, then the flush.

Each aggregate (a dataset description, an access request) carries a `version` column that
SQLAlchemy bumps on every flush (`version_id_col`). Two checks keep writers from overwriting what
they have not seen: the version the client read (If-Match, a form's hidden field) must be the
current one, and the flush itself fails when another transaction changed the row meanwhile. Both
raise the same error, so every front door answers a lost race the same way (409, `stale_version`).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from catalogue.errors import StaleVersion
from catalogue.uow import UnitOfWork


class Versioned(Protocol):
    version: int


def expect_version(thing: Versioned, expected: int | None, label: str) -> None:
    """`label` names the thing in the message, e.g. "dataset 'x'" or "access request 12"."""
    if expected is not None and thing.version != expected:
        raise StaleVersion(f"{label} is at version {thing.version}, not {expected}: "
                           "reload it and apply your change again")


def flush_guarded(uow: UnitOfWork, label: str, *, unique_races: bool = False) -> None:
    """Flush under the version check. With `unique_races`, a unique-constraint violation (two
    writers inserting the same child row at once) is the same lost race."""
    try:
        uow.flush()
    except StaleDataError:
        raise StaleVersion(f"{label} was changed by someone else meanwhile: reload it and try again") from None
    except IntegrityError:
        if not unique_races:
            raise
        raise StaleVersion(f"{label} was changed by someone else meanwhile: reload it and try again") from None
