"""REST v1: showcase sessions. A producer presents its data; data users register (a seat, else the waiting
list), ask in advance, and import the sessions into their calendar (iCalendar feeds, public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from api.deps import ContainerDep, DbId, PrincipalDep, UowDep, UserDep
from api.downloads import file_response
from api.notify import deliver_after
from api.uploads import chunks_of
from catalogue.bootstrap import Container
from catalogue.db import as_utc
from catalogue.principal import Principal
from catalogue.showcases import calendar, service, taking_part
from catalogue.showcases.models import Question, ShowcaseSession
from catalogue.uow import UnitOfWork
from schemas.dataset import Slug
from schemas.enquiries import EnquiryOut
from schemas.showcases import (
    AnswerIn, AttendeeOut, MyRegistration, QuestionGroup, QuestionIn, QuestionOut, SessionIn, SessionOut,
    SessionPatch,
)

router = APIRouter(prefix="/api/v1", tags=["showcase sessions"])
ICS = "text/calendar; charset=utf-8"
ICS_RESPONSE: dict[int | str, dict] = {200: {"description": "iCalendar (RFC 5545)", "content": {"text/calendar": {}}}}
FILE: dict[int | str, dict] = {200: {"description": "The slides, in their own media type"}}


def page(container: Container) -> service.Page:
    return service.page_of(container.settings.base_url)


def session_out(uow: UnitOfWork, actor: Principal, session: ShowcaseSession,
                seats: service.Seats | None = None) -> SessionOut:
    seats = seats or service.seats(uow, [session]).get(session.id, service.Seats())
    registration, rank = taking_part.mine(uow, actor, session.id)
    return SessionOut(
        id=session.id, organisation_id=session.organisation_id, title=session.title, starts_at=session.start,
        local_start=calendar.local_start(session).isoformat(), time_zone=session.time_zone,
        ends_at=session.ends_at, duration_minutes=session.duration_minutes, format=session.format,
        online_url=session.online_url, address=session.address, language=session.language,
        agenda=session.agenda, dataset_ids=session.dataset_ids, capacity=session.capacity,
        status=session.status, registered=seats.registered, waiting=seats.waiting,
        seats_left=seats.left(session.capacity),
        slides_url=f"/api/v1/sessions/{session.id}/slides" if session.slides else None,
        replay_url=session.replay_url,
        my_registration=MyRegistration(status=registration.status, waiting_rank=rank)
        if registration else None)


def question_out(question: Question, asker: str | None = None) -> QuestionOut:
    return QuestionOut(id=question.id, dataset_id=question.dataset_id, text=question.text,
                       created_at=as_utc(question.created_at), asker_name=asker, enquiry_id=question.enquiry_id)


@router.get("/sessions", response_model=list[SessionOut])
def list_coming(uow: UowDep, actor: PrincipalDep,
                organisation: Annotated[Slug | None, Query(description="one producer's sessions")] = None,
                ) -> list[SessionOut]:
    """Coming sessions (scheduled, not over), soonest first."""
    found = service.coming(uow, organisation_id=organisation)
    counted = service.seats(uow, found)
    return [session_out(uow, actor, s, counted.get(s.id)) for s in found]


@router.post("/sessions", response_model=SessionOut, status_code=status.HTTP_201_CREATED)
def schedule(body: SessionIn, uow: UowDep, actor: UserDep, response: Response) -> SessionOut:
    """Schedule a session of a producer (its editors and admins, platform admins): the local start time in an
    IANA zone, a format with its https link and/or address, published descriptions of that producer."""
    session = service.schedule(uow, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/sessions/{session.id}"
    return session_out(uow, actor, session)


@router.get("/sessions.ics", response_class=Response, responses=ICS_RESPONSE)
def feed(uow: UowDep, container: ContainerDep) -> Response:
    """The coming sessions as an iCalendar feed (public: subscribe to it in a calendar)."""
    body = calendar.calendar(service.coming(uow), page(container), name="MeetMyData")
    return Response(body, media_type=ICS)


@router.get("/sessions/{session_id}.ics", response_class=Response, responses=ICS_RESPONSE)
def session_ics(session_id: DbId, uow: UowDep, container: ContainerDep) -> Response:
    """One session as iCalendar (a cancelled one says so: STATUS:CANCELLED)."""
    body = calendar.calendar([service.get(uow, session_id)], page(container))
    disposition = f'attachment; filename="session-{session_id}.ics"'
    return Response(body, media_type=ICS, headers={"Content-Disposition": disposition})


@router.get("/sessions/{session_id}", response_model=SessionOut)
def read(session_id: DbId, uow: UowDep, actor: PrincipalDep) -> SessionOut:
    return session_out(uow, actor, service.get(uow, session_id))


@router.patch("/sessions/{session_id}", response_model=SessionOut, dependencies=[Depends(deliver_after)])
def edit(session_id: DbId, body: SessionPatch, uow: UowDep, actor: UserDep) -> SessionOut:
    """Change a coming session; after its start, only `replay_url`."""
    session = service.update(uow, actor, session_id, body)
    uow.commit()
    return session_out(uow, actor, session)


@router.post("/sessions/{session_id}/cancel", response_model=SessionOut, dependencies=[Depends(deliver_after)])
def cancel(session_id: DbId, uow: UowDep, actor: UserDep, container: ContainerDep) -> SessionOut:
    """Call the session off; those registered and waiting are told."""
    session = service.cancel(uow, actor, session_id, page(container))
    uow.commit()
    return session_out(uow, actor, session)


@router.post("/sessions/{session_id}/register", response_model=MyRegistration,
             status_code=status.HTTP_201_CREATED, dependencies=[Depends(deliver_after)])
def register(session_id: DbId, uow: UowDep, actor: UserDep, container: ContainerDep) -> MyRegistration:
    """Take a seat, or a place on the waiting list when the session is full (a verified address needed);
    the notification's e-mail carries the invitation as iCalendar."""
    registration, rank = taking_part.register(uow, actor, session_id, page(container))
    uow.commit()
    return MyRegistration(status=registration.status, waiting_rank=rank)


@router.get("/sessions/{session_id}/registration", response_model=MyRegistration)
def my_registration(session_id: DbId, uow: UowDep, actor: UserDep) -> MyRegistration:
    registration, rank = taking_part.place(uow, actor, session_id)
    return MyRegistration(status=registration.status, waiting_rank=rank)


@router.delete("/sessions/{session_id}/registration", response_model=MyRegistration,
               dependencies=[Depends(deliver_after)])
def unregister(session_id: DbId, uow: UowDep, actor: UserDep, container: ContainerDep) -> MyRegistration:
    """Give your seat back (it goes to the first on the waiting list), or leave the waiting list."""
    registration = taking_part.unregister(uow, actor, session_id, page(container))
    uow.commit()
    return MyRegistration(status=registration.status, waiting_rank=None)


@router.post("/sessions/{session_id}/questions", response_model=QuestionOut, status_code=status.HTTP_201_CREATED)
def ask(session_id: DbId, body: QuestionIn, uow: UowDep, actor: UserDep) -> QuestionOut:
    """Ask in advance about one of the descriptions presented (registrants only)."""
    question = taking_part.ask(uow, actor, session_id, body)
    uow.commit()
    return question_out(question)


@router.get("/sessions/{session_id}/questions", response_model=list[QuestionGroup])
def questions(session_id: DbId, uow: UowDep, actor: UserDep) -> list[QuestionGroup]:
    """The questions grouped by description, with who asked (the producer's editors and admins, platform
    admins)."""
    return [QuestionGroup(dataset_id=d, questions=[question_out(q, u.name) for q, u in found])
            for d, found in taking_part.questions(uow, actor, session_id)]


@router.get("/sessions/{session_id}/my-questions", response_model=list[QuestionOut])
def my_questions(session_id: DbId, uow: UowDep, actor: UserDep) -> list[QuestionOut]:
    service.get(uow, session_id)
    return [question_out(q) for q in taking_part.my_questions(uow, actor, session_id)]


@router.post("/sessions/{session_id}/questions/{question_id}/answer", response_model=EnquiryOut,
             status_code=status.HTTP_201_CREATED, dependencies=[Depends(deliver_after)])
def answer(session_id: DbId, question_id: DbId, body: AnswerIn, uow: UowDep, actor: UserDep) -> EnquiryOut:
    """Answer a question into the enquiry thread between its asker and the producer (opened if none)."""
    from api.access_presenters import enquiry_out

    enquiry = taking_part.answer(uow, actor, session_id, question_id, body.body)
    uow.commit()
    return enquiry_out(enquiry)


@router.get("/sessions/{session_id}/attendees", response_model=list[AttendeeOut])
def attendees(session_id: DbId, uow: UowDep, actor: UserDep) -> list[AttendeeOut]:
    """Who registered: personal data, for the producer's members and platform admins only."""
    return [AttendeeOut(name=u.name, status=r.status, waiting_rank=rank,
                        registered_at=as_utc(r.created_at))
            for r, u, rank in taking_part.attendees(uow, actor, session_id)]


@router.post("/sessions/{session_id}/slides", response_model=SessionOut, status_code=status.HTTP_201_CREATED)
def upload_slides(session_id: DbId, file: Annotated[UploadFile, File()], uow: UowDep, actor: UserDep,
                  container: ContainerDep) -> SessionOut:
    """Attach the slides (PDF, ODP or PPTX) once the session has taken place; replaces earlier ones."""
    service.attach_slides(uow, container.objects, actor, session_id, filename=file.filename or "slides",
                          content_type=file.content_type or "", chunks=chunks_of(file),
                          max_bytes=container.settings.max_upload_bytes)
    uow.commit()
    return session_out(uow, actor, service.get(uow, session_id))


@router.get("/sessions/{session_id}/slides", response_class=StreamingResponse, responses=FILE)
def download_slides(session_id: DbId, uow: UowDep, container: ContainerDep) -> StreamingResponse:
    return file_response(container.objects, service.slides(uow, session_id))
