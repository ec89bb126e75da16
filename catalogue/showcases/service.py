"""Showcase sessions: schedule and run them (a producer's editors and admins, platform admins), register
and ask in advance (signed-in data users with a proved address). Never commits.

Seats: `register` and `unregister` lock the session's row first (PostgreSQL: SELECT ... FOR UPDATE; SQLite
transactions are BEGIN IMMEDIATE), so seats are counted and given by one writer at a time and never
exceed the capacity, whatever arrives at once. A full session puts newcomers on the waiting list; a seat
given back goes to the first in line, who is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.accounts.models import User
from catalogue.audit import service as audit
from catalogue.datasets import repository as datasets
from catalogue.datasets.models import Dataset
from catalogue.db import as_utc, utcnow
from catalogue.enquiries import service as enquiries
from catalogue.enquiries.models import Enquiry
from catalogue.errors import Conflict, NotFound, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.objects.uploads import store_upload
from catalogue.principal import Principal
from catalogue.showcases import notices, policies, rules
from catalogue.showcases import repository as repo
from catalogue.showcases.errors import NotRegistered, QuestionNotFound, SessionClosed, SessionNotFound
from catalogue.showcases.models import (
    CANCELLED, REGISTERED, SCHEDULED, WAITING, Question, Registration, SessionDataset, SessionSlides,
    ShowcaseSession,
)
from catalogue.showcases.notices import Page
from catalogue.uow import UnitOfWork
from schemas.showcases import QuestionIn, SessionIn, SessionPatch

MAX_QUESTIONS = 10  # per person and session
REMIND_AHEAD = dt.timedelta(hours=24)
SLIDES_TYPES = ("application/pdf", "application/vnd.oasis.opendocument.presentation",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation")


def page_of(base_url: str) -> Page:
    """The address of a session's page under the public base URL (in invitations and feeds)."""
    base = base_url.rstrip("/")
    return lambda session: f"{base}/sessions/{session.id}"


@dataclass(frozen=True)
class Seats:
    registered: int = 0
    waiting: int = 0

    def left(self, capacity: int) -> int:
        return max(capacity - self.registered, 0)


# -- reading: sessions are public -------------------------------------------------------------------------

def get(uow: UnitOfWork, session_id: int) -> ShowcaseSession:
    found = repo.get(uow.session, session_id)
    if found is None:
        raise SessionNotFound(f"session {session_id} not found")
    return found


def seats(uow: UnitOfWork, sessions: Iterable[ShowcaseSession]) -> dict[int, Seats]:
    counted = repo.counts(uow.session, [s.id for s in sessions])
    return {sid: Seats(c.get(REGISTERED, 0), c.get(WAITING, 0)) for sid, c in counted.items()}


def coming(uow: UnitOfWork, *, organisation_id: str | None = None, now: dt.datetime | None = None
           ) -> list[ShowcaseSession]:
    return repo.coming(uow.session, now or utcnow(), organisation_id=organisation_id)


def past(uow: UnitOfWork, *, now: dt.datetime | None = None) -> list[ShowcaseSession]:
    return repo.past(uow.session, now or utcnow())


def of_dataset(uow: UnitOfWork, dataset_id: str, *, now: dt.datetime | None = None
               ) -> tuple[list[ShowcaseSession], list[ShowcaseSession]]:
    """(coming, past) sessions presenting a description, for its page."""
    moment = now or utcnow()
    found = repo.presenting(uow.session, dataset_id)
    return [s for s in found if s.ends_at > moment], [s for s in reversed(found) if s.ends_at <= moment]


def presentable(uow: UnitOfWork, organisation_id: str) -> list[Dataset]:
    """The descriptions a session of this producer may present: its published ones."""
    return [d for d in datasets.of_organisation(uow.session, organisation_id) if d.status == "published"]


def of_workspace(uow: UnitOfWork, actor: Principal) -> list[ShowcaseSession]:
    """The sessions of the producers the actor runs sessions for."""
    return repo.of_organisations(uow.session, [o for o, role in actor.roles.items() if role in ("editor", "admin")])


def started(session: ShowcaseSession, now: dt.datetime | None = None) -> bool:
    """Whether the session has begun (registrations close; slides and the replay may come)."""
    return session.start <= (now or utcnow())


def may_manage(actor: Principal, session: ShowcaseSession) -> bool:
    from catalogue.policies import allows

    return allows(policies.manage, actor, session.organisation_id)


def mine(uow: UnitOfWork, actor: Principal, session_id: int) -> tuple[Registration | None, int | None]:
    """The actor's registration and, while waiting, its rank (1 = next to get a seat)."""
    if actor.user_id is None:
        return None, None
    registration = repo.registration_of(uow.session, session_id, actor.user_id)
    return registration, _rank(uow, registration)


def _rank(uow: UnitOfWork, registration: Registration | None) -> int | None:
    if registration is None or registration.status != WAITING:
        return None
    line = [r.id for r in repo.waiting(uow.session, registration.session_id)]
    return line.index(registration.id) + 1 if registration.id in line else None


# -- scheduling ----------------------------------------------------------------------------------------

def _check(uow: UnitOfWork, organisation_id: str, values: dict, now: dt.datetime, *,
           start_changed: bool) -> dt.datetime | None:
    """Every rule on the (merged) fields; the start in UTC when it was given anew."""
    problems = rules.Problems()
    tz = rules.zone(values["time_zone"], problems)
    utc = None
    if tz is not None and start_changed:
        utc = rules.start_utc(values["starts_at"], tz, now, problems)
    rules.https_url("online_url", values.get("online_url"), problems)
    rules.https_url("replay_url", values.get("replay_url"), problems)
    rules.place(values["format"], values.get("online_url"), values.get("address"), problems)
    found = datasets.published_among(uow.session, list(values["dataset_ids"]))
    rules.presented(organisation_id, values["dataset_ids"], {k: d.organisation_id for k, d in found.items()},
                    problems)
    problems.raise_any()
    return utc


def _place_fields(values: dict) -> dict:
    """Keep only what the format uses: an online session has no address, an on-site one no link."""
    fmt = values["format"]
    return {"online_url": values.get("online_url") if fmt != "on_site" else None,
            "address": (values.get("address") or "").strip() or None if fmt != "online" else None}


def _set_datasets(session: ShowcaseSession, dataset_ids: list[str]) -> None:
    session.datasets = [SessionDataset(dataset_id=d, rank=i) for i, d in enumerate(dict.fromkeys(dataset_ids))]


def schedule(uow: UnitOfWork, actor: Principal, data: SessionIn, *, now: dt.datetime | None = None
             ) -> ShowcaseSession:
    policies.manage(actor, data.organisation_id)
    moment = now or utcnow()
    values = data.model_dump()
    utc = _check(uow, data.organisation_id, values, moment, start_changed=True)
    assert utc is not None  # _check raised otherwise
    session = ShowcaseSession(organisation_id=data.organisation_id, title=data.title, starts_at=utc,
                              time_zone=data.time_zone, duration_minutes=data.duration_minutes, format=data.format,
                              language=data.language, agenda=data.agenda, capacity=data.capacity,
                              status=SCHEDULED, created_by=actor.user_id, created_at=moment, updated_at=moment,
                              **_place_fields(values))
    _set_datasets(session, data.dataset_ids)
    uow.session.add(session)
    uow.flush()
    audit.record(uow, actor, "session.schedule", "showcase_session", session.id, at=moment,
                 details={"organisation_id": session.organisation_id, "dataset_ids": session.dataset_ids})
    return session


def _locked(uow: UnitOfWork, session_id: int) -> ShowcaseSession:
    found = repo.get_for_update(uow.session, session_id)
    if found is None:
        raise SessionNotFound(f"session {session_id} not found")
    return found


def update(uow: UnitOfWork, actor: Principal, session_id: int, patch: SessionPatch, *,
           now: dt.datetime | None = None) -> ShowcaseSession:
    """Change what is sent. Before the start everything may change; afterwards only the replay link (the
    slides have their own upload). The capacity never drops below the seats already given."""
    session = _locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    moment = now or utcnow()
    changes = patch.model_dump(exclude_unset=True)
    if session.status == CANCELLED:
        raise SessionClosed(f"session {session_id} is cancelled", params={"case": "cancelled"})
    started = session.start <= moment
    if started and set(changes) - {"replay_url"}:
        raise SessionClosed(f"session {session_id} has started: only its replay link may change",
                            params={"case": "started"})
    if "replay_url" in changes and changes["replay_url"] is not None and not started:
        raise ValidationFailed("replay_url: the replay is added once the session has started",
                               details=[{"field": "replay_url", "message": "only after the start",
                                         "case": "not_started"}])
    current = {"time_zone": session.time_zone, "starts_at": session.start, "format": session.format,
               "online_url": session.online_url, "address": session.address, "dataset_ids": session.dataset_ids}
    values = {**current, **{k: v for k, v in changes.items() if v is not None or k in ("online_url", "address",
                                                                                       "replay_url")}}
    start_changed = "starts_at" in changes or "time_zone" in changes
    if start_changed and "starts_at" not in changes:
        values["starts_at"] = session.start.astimezone(rules.zone(values["time_zone"], rules.Problems())
                                                      or dt.UTC).replace(tzinfo=None)
    utc = _check(uow, session.organisation_id, values, moment, start_changed=start_changed and not started)
    if changes.get("capacity") is not None and changes["capacity"] < repo.seated(uow.session, session.id):
        raise ValidationFailed("capacity: fewer seats than people already registered",
                               details=[{"field": "capacity", "message": "below the seats already given",
                                         "case": "below_registered"}])
    for name in ("title", "duration_minutes", "format", "language", "agenda", "capacity", "time_zone"):
        if changes.get(name) is not None:
            setattr(session, name, changes[name])
    if "replay_url" in changes:
        session.replay_url = changes["replay_url"]
    if {"format", "online_url", "address"} & set(changes):
        for name, value in _place_fields(values).items():
            setattr(session, name, value)
    if utc is not None:
        session.starts_at = utc
    if changes.get("dataset_ids"):
        _set_datasets(session, changes["dataset_ids"])
    session.updated_at = moment
    uow.flush()
    audit.record(uow, actor, "session.update", "showcase_session", session.id, at=moment,
                 details={"fields": sorted(changes)})
    return session


def cancel(uow: UnitOfWork, actor: Principal, session_id: int, page: Page) -> ShowcaseSession:
    """Call the session off; everyone seated or waiting is told. Again is a conflict."""
    session = _locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    if session.status == CANCELLED:
        raise SessionClosed(f"session {session_id} is already cancelled", params={"case": "cancelled"})
    moment = utcnow()
    session.status, session.updated_at = CANCELLED, moment
    people = [u for r, u in repo.with_users(uow.session, session.id) if r.status in (REGISTERED, WAITING)]
    uow.flush()
    audit.record(uow, actor, "session.cancel", "showcase_session", session.id, at=moment, details={})
    notices.cancelled(uow, session, people, page)
    return session


# -- taking part ---------------------------------------------------------------------------------------

def _participant(uow: UnitOfWork, actor: Principal) -> User:
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    policies.take_part(actor, email_verified=bool(user and user.email_verified))
    assert user is not None
    return user


def _open(session: ShowcaseSession, now: dt.datetime) -> None:
    if session.status == CANCELLED:
        raise SessionClosed(f"session {session.id} is cancelled", params={"case": "cancelled"})
    if session.start <= now:
        raise SessionClosed(f"session {session.id} has started", params={"case": "started"})


def register(uow: UnitOfWork, actor: Principal, session_id: int, page: Page, *,
             now: dt.datetime | None = None) -> tuple[Registration, int | None]:
    """A seat while there is one, else a place on the waiting list; (registration, waiting rank)."""
    user = _participant(uow, actor)
    session = _locked(uow, session_id)
    moment = now or utcnow()
    _open(session, moment)
    registration = repo.registration_of(uow.session, session.id, user.id)
    if registration is not None and registration.status != CANCELLED:
        raise Conflict(f"you are already {registration.status} for session {session_id}",
                       params={"case": "already", "status": registration.status})
    seat = repo.seated(uow.session, session.id) < session.capacity  # counted under the session's lock
    status, position = (REGISTERED, None) if seat else (WAITING, repo.last_position(uow.session, session.id) + 1)
    if registration is None:
        registration = Registration(session_id=session.id, user_id=user.id, created_at=moment)
        uow.session.add(registration)
    registration.status, registration.position = status, position
    registration.updated_at, registration.reminded_at = moment, None
    uow.flush()
    rank = _rank(uow, registration)
    if rank is None:
        notices.seated(uow, session, user, page)
    else:
        notices.waiting(uow, session, user, rank)
    return registration, rank


def unregister(uow: UnitOfWork, actor: Principal, session_id: int, page: Page, *,
               now: dt.datetime | None = None) -> Registration:
    """Give one's seat (or place in line) back; a seat given back goes to the first waiting, who is told."""
    user = _participant(uow, actor)
    session = _locked(uow, session_id)
    _open(session, now or utcnow())
    registration = repo.registration_of(uow.session, session.id, user.id)
    if registration is None or registration.status == CANCELLED:
        raise NotRegistered(f"you are not registered for session {session_id}")
    freed = registration.status == REGISTERED
    registration.status, registration.position, registration.updated_at = CANCELLED, None, now or utcnow()
    uow.flush()
    if freed:
        _promote(uow, session, page)
    return registration


def _promote(uow: UnitOfWork, session: ShowcaseSession, page: Page) -> None:
    line = repo.waiting(uow.session, session.id)
    free = session.capacity - repo.seated(uow.session, session.id)
    for registration in line[:max(free, 0)]:
        registration.status, registration.position, registration.updated_at = REGISTERED, None, utcnow()
        uow.flush()
        user = uow.session.get(User, registration.user_id)
        if user is not None:
            notices.seated(uow, session, user, page, promoted=True)


def attendees(uow: UnitOfWork, actor: Principal, session_id: int
              ) -> list[tuple[Registration, User, int | None]]:
    """Who registered (personal data: the producer's members and platform admins only), seated first, then
    the waiting list in order, then those who cancelled."""
    session = get(uow, session_id)
    policies.attendees(actor, session.organisation_id)
    rows = repo.with_users(uow.session, session.id)
    line = [r.id for r in repo.waiting(uow.session, session.id)]
    order = {REGISTERED: 0, WAITING: 1, CANCELLED: 2}
    ranked = [(r, u, line.index(r.id) + 1 if r.id in line else None) for r, u in rows]
    return sorted(ranked, key=lambda x: (order[x[0].status], x[2] or 0, as_utc(x[0].created_at), x[0].id))


# -- questions in advance ------------------------------------------------------------------------------

def ask(uow: UnitOfWork, actor: Principal, session_id: int, data: QuestionIn, *,
        now: dt.datetime | None = None) -> Question:
    """A registered person (seated or waiting) asks about one of the descriptions presented."""
    user = _participant(uow, actor)
    session = get(uow, session_id)
    moment = now or utcnow()
    _open(session, moment)
    registration = repo.registration_of(uow.session, session.id, user.id)
    if registration is None or registration.status == CANCELLED:
        raise NotRegistered(f"register for session {session_id} first: questions come from registrants")
    if data.dataset_id not in session.dataset_ids:
        raise ValidationFailed(f"dataset_id: '{data.dataset_id}' is not presented at this session",
                               details=[{"field": "dataset_id", "message": "not presented at this session",
                                         "case": "not_presented"}])
    if repo.count_questions_of(uow.session, session.id, user.id) >= MAX_QUESTIONS:
        raise ValidationFailed(f"text: at most {MAX_QUESTIONS} questions per session",
                               details=[{"field": "text", "message": f"at most {MAX_QUESTIONS} questions",
                                         "case": "too_many"}])
    question = Question(session_id=session.id, user_id=user.id, dataset_id=data.dataset_id, text=data.text,
                        created_at=moment)
    uow.session.add(question)
    uow.flush()
    return question


def my_questions(uow: UnitOfWork, actor: Principal, session_id: int) -> list[Question]:
    if actor.user_id is None:
        return []
    return repo.questions_of(uow.session, session_id, actor.user_id)


def questions(uow: UnitOfWork, actor: Principal, session_id: int
              ) -> list[tuple[str, list[tuple[Question, User]]]]:
    """The producer's view: the questions grouped by description, in the session's order of descriptions."""
    session = get(uow, session_id)
    policies.manage(actor, session.organisation_id)
    grouped: dict[str, list[tuple[Question, User]]] = {d: [] for d in session.dataset_ids}
    for question, user in repo.questions(uow.session, session.id):
        grouped.setdefault(question.dataset_id, []).append((question, user))
    return [(d, found) for d, found in grouped.items() if found]


def answer(uow: UnitOfWork, actor: Principal, session_id: int, question_id: int, body: str) -> Enquiry:
    """Answer a question into the enquiry thread between its asker and the producer (opened if needed)."""
    session = get(uow, session_id)
    policies.manage(actor, session.organisation_id)
    question = repo.question(uow.session, question_id)
    if question is None or question.session_id != session.id:
        raise QuestionNotFound(f"question {question_id} not found in session {session_id}")
    enquiry = enquiries.answer_elsewhere_asked(uow, actor, dataset_id=question.dataset_id,
                                               organisation_id=session.organisation_id, asker_id=question.user_id,
                                               subject=session.title, question=question.text, answer=body)
    question.enquiry_id = enquiry.id
    uow.flush()
    return enquiry


# -- after the session ---------------------------------------------------------------------------------

def attach_slides(uow: UnitOfWork, objects: ObjectStore, actor: Principal, session_id: int, *, filename: str,
                  content_type: str, chunks: Iterable[bytes], max_bytes: int,
                  now: dt.datetime | None = None) -> SessionSlides:
    """The slides (PDF, ODP, PPTX), once the session has started; a new upload replaces the old file."""
    session = _locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    if session.status == CANCELLED or session.start > (now or utcnow()):
        raise SessionClosed(f"session {session_id} has not taken place: slides come afterwards",
                            params={"case": "not_held"})
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in SLIDES_TYPES:
        from catalogue.errors import UnsupportedMedia

        raise UnsupportedMedia(f"slides must be PDF, ODP or PPTX, not {declared or '(none)'}",
                               params={"case": "type", "declared": declared[:100]})
    stored = store_upload(objects, f"sessions/{session.id}", filename=filename, content_type=declared,
                          chunks=chunks, max_bytes=max_bytes)
    old = session.slides
    try:
        if old is not None:
            key = old.object_key
            uow.on_commit(lambda: objects.delete(key))
            session.slides = None
            uow.flush()
        slides = SessionSlides(id=stored.id, session_id=session.id, title=session.title[:300], kind="slides",
                               filename=stored.filename, content_type=stored.content_type,
                               size=stored.stored.size, sha256=stored.stored.sha256, object_key=stored.key,
                               uploaded_by=actor.user_id)
        session.slides = slides
        uow.flush()
    except BaseException:
        objects.delete(stored.key)
        raise
    return slides


def slides(uow: UnitOfWork, session_id: int) -> SessionSlides:
    found = get(uow, session_id).slides
    if found is None:
        raise NotFound(f"session {session_id} has no slides yet")
    return found


# -- reminders (cron) ----------------------------------------------------------------------------------

def remind(uow: UnitOfWork, page: Page, *, now: dt.datetime | None = None,
           ahead: dt.timedelta = REMIND_AHEAD) -> int:
    """Remind each seated registrant of a session starting within `ahead`, once; returns how many."""
    moment = now or utcnow()
    sent = 0
    for registration, session, user in repo.to_remind(uow.session, moment, moment + ahead):
        registration.reminded_at = moment
        notices.reminder(uow, session, user, page)
        sent += 1
    return sent
