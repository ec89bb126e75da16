"""The description lifecycle as a declared transition table, applied by one function.

No code sets `Dataset.status` anywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from catalogue import policies
from catalogue.datasets.models import Dataset
from catalogue.errors import InvalidTransition
from catalogue.principal import Principal

Policy = Callable[[Principal, str], None]

# (state, action) -> (next state, policy that authorises it)
TRANSITIONS: dict[tuple[str, str], tuple[str, Policy]] = {
    ("draft", "publish"): ("published", policies.write_dataset),
    ("published", "unpublish"): ("draft", policies.write_dataset),
    ("draft", "archive"): ("archived", policies.archive_dataset),
    ("published", "archive"): ("archived", policies.archive_dataset),
    ("archived", "restore"): ("draft", policies.archive_dataset),
}
ACTIONS = sorted({action for _, action in TRANSITIONS})


def allowed_actions(status: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == status]


def apply(dataset: Dataset, action: str, actor: Principal, now: dt.datetime) -> str:
    """Move the description to its next state; returns the previous one. Authorises first."""
    step = TRANSITIONS.get((dataset.status, action))
    if step is None:
        allowed = ", ".join(allowed_actions(dataset.status)) or "none"
        raise InvalidTransition(
            f"cannot {action} a {dataset.status} description (allowed from {dataset.status}: {allowed})"
        )
    target, policy = step
    policy(actor, dataset.organisation_id)
    previous, dataset.status = dataset.status, target
    if target == "published":
        dataset.published_at = now
        record = dict(dataset.record)
        record.setdefault("issued", now.date().isoformat())
        dataset.record = record
    return previous
