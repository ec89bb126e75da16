"""The rules a session's fields obey, each refusal naming its field.

Times are entered as the local time of an IANA zone (what the producer reads on its own clock) and kept in
UTC with the zone's name, so that a session is shown at the same wall-clock time wherever the reader is,
with the zone said, and daylight-saving changes between scheduling and the day do not move it.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalogue.errors import ValidationFailed
from schemas.urls import url_problem

MAX_AHEAD = dt.timedelta(days=2 * 366)  # a session is scheduled at most about two years ahead


@dataclass
class Problems:
    """Refusals gathered over all fields, raised together."""

    items: list[dict[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str, case: str) -> None:
        self.items.append({"field": name, "message": message, "case": case})

    def raise_any(self) -> None:
        if self.items:
            raise ValidationFailed("; ".join(f"{p['field']}: {p['message']}" for p in self.items),
                                   details=self.items)


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone(name: str | None, problems: Problems) -> zoneinfo.ZoneInfo | None:
    """The IANA zone of that name; an unknown name (or a path, or an abbreviation like CET) is refused."""
    if name is None or name not in _zones():
        problems.add("time_zone", "must be an IANA time zone name such as Europe/Paris", "unknown_zone")
        return None
    return zoneinfo.ZoneInfo(name)


def start_utc(local: dt.datetime, tz: zoneinfo.ZoneInfo, now: dt.datetime, problems: Problems) -> dt.datetime | None:
    """The start in UTC: a naive time is read on the zone's clock; one that clock skips (the spring-forward
    hour) is refused rather than moved; the start must be in the future and within MAX_AHEAD."""
    if local.tzinfo is None:
        placed = local.replace(tzinfo=tz)
        if placed.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != local:
            problems.add("starts_at", f"{local:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks skip it)",
                         "nonexistent_time")
            return None
    else:
        placed = local
    try:
        utc = placed.astimezone(dt.UTC)
    except OverflowError:
        problems.add("starts_at", "is out of range", "out_of_range")
        return None
    if utc <= now:
        problems.add("starts_at", "must be in the future", "past")
        return None
    if utc - now > MAX_AHEAD:
        problems.add("starts_at", "must be within two years from now", "too_far")
        return None
    return utc


def https_url(name: str, value: str | None, problems: Problems) -> None:
    if value is None:
        return
    problem = url_problem(value)
    if problem is None and not value.lower().startswith("https://"):
        problem = "must start with https:// (an encrypted link)"
    if problem:
        problems.add(name, f"must be an absolute https URL: {problem}", "bad_url")


def place(fmt: str, online_url: str | None, address: str | None, problems: Problems) -> None:
    """Online needs its link, on site its address, hybrid both."""
    if fmt in ("online", "hybrid") and not online_url:
        problems.add("online_url", f"a {fmt} session needs its https link", "missing_url")
    if fmt in ("on_site", "hybrid") and not (address or "").strip():
        problems.add("address", f"an {fmt} session needs its address" if fmt == "on_site" else
                     "a hybrid session needs its address", "missing_address")


def presented(organisation_id: str, wanted: Iterable[str], published: dict[str, str], problems: Problems) -> None:
    """Each description presented must be a published one of the session's producer (`published`: id ->
    organisation of those found published)."""
    for dataset_id in wanted:
        owner = published.get(dataset_id)
        if owner is None:
            problems.add("dataset_ids", f"'{dataset_id}' is not a published description", "unknown_dataset")
        elif owner != organisation_id:
            problems.add("dataset_ids", f"'{dataset_id}' is described by another producer, not "
                         f"'{organisation_id}'", "other_producer")
