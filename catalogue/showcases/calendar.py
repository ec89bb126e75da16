"""Sessions as iCalendar (RFC 5545), written with the `icalendar` library: the invitation in the e-mail of a
registration, and the feeds of coming sessions.

Each event starts at the local time of the session's own zone (DTSTART;TZID=…, with its VTIMEZONE, for the
year around the session only) and lasts DURATION; its UID never changes, so a calendar that imports the
feed again updates the event instead of adding a copy, and a cancelled session comes as STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable

import icalendar

from catalogue.db import as_utc, utcnow
from catalogue.showcases.models import CANCELLED, ShowcaseSession

PRODID = "-//MeetMyData//showcase sessions//EN"
UID_DOMAIN = "sessions.meetmydata"


def uid(session: ShowcaseSession) -> str:
    return f"showcase-session-{session.id}@{UID_DOMAIN}"


def local_start(session: ShowcaseSession) -> dt.datetime:
    """The start on the clock of the session's zone."""
    return session.start.astimezone(zoneinfo.ZoneInfo(session.time_zone))


def _event(session: ShowcaseSession, page: Callable[[ShowcaseSession], str], stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", local_start(session))
    event.add("duration", dt.timedelta(minutes=session.duration_minutes))
    event.add("summary", session.title)
    description = "\n\n".join(part for part in (session.agenda, page(session)) if part)
    if description:
        event.add("description", description)
    if session.address:
        event.add("location", session.address)
    elif session.online_url:
        event.add("location", session.online_url)
    event.add("url", session.online_url or page(session))
    event.add("status", "CANCELLED" if session.status == CANCELLED else "CONFIRMED")
    event.add("sequence", int(as_utc(session.updated_at).timestamp()) % 2**31)
    return event


def calendar(sessions: Iterable[ShowcaseSession], page: Callable[[ShowcaseSession], str], *,
             method: str = "PUBLISH", name: str | None = None) -> bytes:
    """One VCALENDAR with an event per session; `page` gives the address of a session's page."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp = utcnow().replace(microsecond=0)
    starts = []
    for session in sessions:
        cal.add_component(_event(session, page, stamp))
        starts.append(session.start.date())
    if starts:
        cal.add_missing_timezones(first_date=min(starts) - dt.timedelta(days=366),
                                  last_date=max(starts) + dt.timedelta(days=366))
    return cal.to_ical()
