"""Who is told what about a session: notifications queued in the writer's transaction, each in the
recipient's language; the e-mail of a seat carries the invitation as iCalendar text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalogue.accounts.models import User
from catalogue.notifications import topics
from catalogue.notifications.service import notify
from catalogue.notifications.texts import Msg, Paragraph, Written, msg
from catalogue.showcases import calendar
from catalogue.showcases.display import when
from catalogue.showcases.models import ShowcaseSession
from catalogue.uow import UnitOfWork

KIND = topics.SHOWCASE_SESSION  # notification topics "showcase_session:<id>"
Page = Callable[[ShowcaseSession], str]


def _ref(session: ShowcaseSession) -> dict[str, object]:
    return {"title": session.title, "when": Written(lambda w: when(w, session))}


def _invitation(session: ShowcaseSession, page: Page) -> list[Paragraph]:
    ics = calendar.calendar([session], page).decode("utf-8")
    return [msg("sessions.invitation"), ics.replace("\r\n", "\n").strip()]


def _send(uow: UnitOfWork, session: ShowcaseSession, users: Iterable[User], event: str, subject: Msg,
          body: list[Paragraph]) -> None:
    notify(uow, users, event=event, topic=topics.topic(KIND, session.id), subject=subject, body=body)


def seated(uow: UnitOfWork, session: ShowcaseSession, user: User, page: Page, *, promoted: bool = False) -> None:
    """A seat, on registering or moved up from the waiting list: the invitation comes with it."""
    ref = _ref(session)
    if promoted:
        _send(uow, session, [user], "session_promoted", msg("sessions.promoted.subject", **ref),
              [msg("sessions.promoted.body", **ref), *_invitation(session, page)])
    else:
        _send(uow, session, [user], "session_registered", msg("sessions.registered.subject", **ref),
              [msg("sessions.registered.body", **ref), *_invitation(session, page)])


def waiting(uow: UnitOfWork, session: ShowcaseSession, user: User, rank: int) -> None:
    ref = _ref(session)
    _send(uow, session, [user], "session_waiting", msg("sessions.waiting.subject", **ref),
          [msg("sessions.waiting.body", rank=rank, **ref)])


def reminder(uow: UnitOfWork, session: ShowcaseSession, user: User, page: Page) -> None:
    ref = _ref(session)
    _send(uow, session, [user], "session_reminder", msg("sessions.reminder.subject", **ref),
          [msg("sessions.reminder.body", **ref), *_invitation(session, page)])


def cancelled(uow: UnitOfWork, session: ShowcaseSession, users: Iterable[User], page: Page) -> None:
    """The session is called off: everyone seated or waiting is told, with the cancelled event."""
    ref = _ref(session)
    _send(uow, session, users, "session_cancelled", msg("sessions.cancelled.subject", **ref),
          [msg("sessions.cancelled.body", **ref), *_invitation(session, page)])
