"""A session's time as people read it: on the clock of the session's own zone, in the reader's language,
with the zone named (a reader elsewhere converts; nobody guesses which clock is meant)."""

from __future__ import annotations

from babel.dates import format_time

from catalogue.messages import Writer
from catalogue.showcases.calendar import local_start
from catalogue.showcases.models import ShowcaseSession


def when(w: Writer, session: ShowcaseSession) -> str:
    """E.g. "4 mars 2027, 14:00 (Europe/Paris)" / "4 March 2027, 2:00 PM (Europe/Paris)"."""
    local = local_start(session)
    return f"{w.date(local)}, {format_time(local, 'short', locale=w.locale)} ({session.time_zone})"
