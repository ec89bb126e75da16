"""Taking part in a showcase session: register and cancel (signed-in data users with a proved address), ask
in advance; the producer's view of who attends and of the questions, answered into enquiries. Never commits.

Seats: `register` and `unregister` lock the session's row first (PostgreSQL: SELECT ... FOR UPDATE; SQLite
transactions are BEGIN IMMEDIATE), so seats are counted and given by one writer at a time and never
exceed the capacity, whatever arrives at once. A full session puts newcomers on the waiting list; a seat
given back goes to the first in line, who is told.
"""

from __future__ import annotations

import datetime as dt

from catalogue.accounts.models import User
from catalogue.db import as_utc, utcnow
from catalogue.enquiries import service as enquiries
from catalogue.enquiries.models import Enquiry
from catalogue.errors import Conflict, ValidationFailed
from catalogue.principal import Principal
from catalogue.showcases import notices, policies
from catalogue.showcases import repository as repo
from catalogue.showcases.errors import NotRegistered, QuestionNotFound, SessionClosed
from catalogue.showcases.models import CANCELLED, REGISTERED, WAITING, Question, Registration, ShowcaseSession
from catalogue.showcases.notices import Page
from catalogue.showcases.service import get, locked
from catalogue.uow import UnitOfWork
from schemas.showcases import QuestionIn

MAX_QUESTIONS = 10  # per person and session


def mine(uow: UnitOfWork, actor: Principal, session_id: int) -> tuple[Registration | None, int | None]:
    """The actor's registration and, while waiting, its rank (1 = next to get a seat)."""
    if actor.user_id is None:
        return None, None
    registration = repo.registration_of(uow.session, session_id, actor.user_id)
    return registration, _rank(uow, registration)


def place(uow: UnitOfWork, actor: Principal, session_id: int) -> tuple[Registration, int | None]:
    """The actor's registration of a session that exists (a cancelled one included), and its waiting rank."""
    get(uow, session_id)
    registration, rank = mine(uow, actor, session_id)
    if registration is None:
        raise NotRegistered(f"you are not registered for session {session_id}")
    return registration, rank


def _rank(uow: UnitOfWork, registration: Registration | None) -> int | None:
    if registration is None or registration.status != WAITING:
        return None
    line = [r.id for r in repo.waiting(uow.session, registration.session_id)]
    return line.index(registration.id) + 1 if registration.id in line else None


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
    session = locked(uow, session_id)
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
    session = locked(uow, session_id)
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
