"""Showcase sessions on the web: the public agenda (/sessions), a session's page (register, cancel, ask in
advance; slides and replay afterwards), the producer's scheduling form and its view of registrations and
questions grouped by description (answered into enquiry threads). Every rule is in catalogue.showcases;
times are shown on the clock of the session's zone, with its name, in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from api.deps import ContainerDep, DbId, UowDep
from api.notify import deliver_after
from api.uploads import chunks_of
from api.web import refusals, security
from api.web.deps import FormDep, SignedInDep, WebActorDep, web_router
from api.web.i18n import Translator, language_of
from api.web.render import redirect, render
from catalogue.errors import DomainError, Forbidden
from catalogue.organisations import service as organisations
from catalogue.principal import Principal
from catalogue.showcases import display, service, taking_part
from catalogue.showcases.models import ShowcaseSession
from catalogue.uow import UnitOfWork
from schemas.showcases import AnswerIn, QuestionIn, SessionIn, SessionPatch

router = web_router()
NOTIFY = [Depends(deliver_after)]
FORMATS = ("online", "on_site", "hybrid")
ZONES = ("Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/London", "America/Montreal",
         "Indian/Reunion", "America/Martinique", "Pacific/Noumea", "UTC")
SCHEDULE_FIELDS = ("title", "starts_at", "time_zone", "duration_minutes", "format", "online_url", "address",
                   "language", "agenda", "capacity")


@dataclass(frozen=True)
class Listing:
    """What a page lists of sessions: them, their seats, their producers' names, and how a time is written."""

    sessions: list[ShowcaseSession]
    seats: dict[int, service.Seats]
    names: dict[str, str]

    @staticmethod
    def when(t: Translator, session: ShowcaseSession) -> str:
        return display.when(t, session)

    def left(self, session: ShowcaseSession) -> int:
        return self.seats.get(session.id, service.Seats()).left(session.capacity)


def listing(uow: UnitOfWork, sessions: list[ShowcaseSession]) -> Listing:
    return Listing(sessions, service.seats(uow, sessions),
                   organisations.names_of(uow, [s.organisation_id for s in sessions]))


def for_dataset(uow: UnitOfWork, dataset_id: str) -> tuple[Listing, Listing]:
    """(coming, past) sessions presenting a description: the dataset page's section."""
    coming, past = service.of_dataset(uow, dataset_id)
    return listing(uow, coming), listing(uow, past)


@router.get("/sessions")
def agenda(request: Request, uow: UowDep):
    """Coming sessions, then past ones."""
    return render(request, "sessions_agenda.html", coming=listing(uow, service.coming(uow)),
                  past=listing(uow, service.past(uow)))


def _session_page(request: Request, uow: UnitOfWork, actor: Principal, session_id: int, *,
                  refusal: refusals.Refusal | None = None):
    session = service.get(uow, session_id)
    registration, rank = taking_part.mine(uow, actor, session_id)
    titles = {d.id: d.record.get("title") for d in service.presentable(uow, session.organisation_id)}
    return render(request, "session.html", status_code=refusal.status if refusal else 200, session=session,
                  shown=listing(uow, [session]), registration=registration, rank=rank, titles=titles,
                  questions=taking_part.my_questions(uow, actor, session_id),
                  manages=service.may_manage(actor, session),
                  started=service.started(session), refusal=refusal)


@router.get("/sessions/{session_id}")
def session_page(session_id: DbId, request: Request, uow: UowDep, actor: WebActorDep):
    return _session_page(request, uow, actor, session_id)


def _refused(request: Request, uow: UnitOfWork, actor: Principal, session_id: int, exc: Exception, form: str,
             values: dict[str, str]):
    """The session's page again, the refusal explained next to the form that was sent."""
    uow.rollback()
    shown = refusals.refusal(exc, Translator(language_of(request)), form, values)
    return _session_page(request, uow, actor, session_id, refusal=shown)


@router.post("/sessions/{session_id}/register", dependencies=NOTIFY)
def register(session_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
             container: ContainerDep):
    try:
        _, rank = taking_part.register(uow, actor, session_id, service.page_of(container.settings.base_url))
    except DomainError as exc:
        return _refused(request, uow, actor, session_id, exc, "register", {})
    uow.commit()
    if rank is None:
        security.flash(request, "sessions.flash_registered")
    else:
        security.flash(request, "sessions.flash_waiting", rank=rank)
    return redirect(f"/sessions/{session_id}")


@router.post("/sessions/{session_id}/unregister", dependencies=NOTIFY)
def unregister(session_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
               container: ContainerDep):
    try:
        taking_part.unregister(uow, actor, session_id, service.page_of(container.settings.base_url))
    except DomainError as exc:
        return _refused(request, uow, actor, session_id, exc, "register", {})
    uow.commit()
    security.flash(request, "sessions.flash_unregistered")
    return redirect(f"/sessions/{session_id}")


@router.post("/sessions/{session_id}/questions")
def ask(session_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    values = {k: str(form.get(k, "")) for k in ("dataset_id", "text")}
    try:
        taking_part.ask(uow, actor, session_id, QuestionIn(**values))
    except (ValidationError, DomainError) as exc:
        return _refused(request, uow, actor, session_id, exc, "question", values)
    uow.commit()
    security.flash(request, "sessions.flash_asked")
    return redirect(f"/sessions/{session_id}#questions")


# -- the producer's side -------------------------------------------------------------------------------

def _orgs(uow: UnitOfWork, actor: Principal) -> dict[str, str]:
    return organisations.names_of(uow, [o for o, role in actor.roles.items() if role in ("editor", "admin")])


@router.get("/workspace/sessions")
def workspace_sessions(request: Request, uow: UowDep, actor: SignedInDep):
    """The sessions of the producers one runs sessions for, and a way to schedule one."""
    return render(request, "sessions_workspace.html", shown=listing(uow, service.of_workspace(uow, actor)),
                  organisations=_orgs(uow, actor))


def _form(request: Request, uow: UnitOfWork, actor: Principal, organisation_id: str, *, values: dict[str, Any],
          refusal: refusals.Refusal | None = None):
    if not actor.is_platform_admin and actor.role_in(organisation_id) not in ("editor", "admin"):
        raise Forbidden(f"only editors and admins of '{organisation_id}' and platform admins run its sessions")
    names = organisations.names_of(uow, [organisation_id])
    return render(request, "session_form.html", status_code=refusal.status if refusal else 200,
                  organisation_id=organisation_id, organisation=names.get(organisation_id, organisation_id),
                  datasets=service.presentable(uow, organisation_id), values=values, refusal=refusal,
                  formats=FORMATS, zones=ZONES)


@router.get("/workspace/sessions/new")
def schedule_form(request: Request, uow: UowDep, actor: SignedInDep, organisation: str = ""):
    defaults = {"time_zone": "Europe/Paris", "duration_minutes": "60", "format": "online", "language": "fr",
                "capacity": "30", "dataset_ids": []}
    return _form(request, uow, actor, organisation, values=defaults)


def _typed(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in SCHEDULE_FIELDS}
    values["dataset_ids"] = [str(v) for v in form.getlist("dataset_ids")]
    return values


def _payload(organisation_id: str, values: dict[str, Any]) -> SessionIn:
    """The typed form as the API's payload: empty inputs are absent values."""
    data = {k: v for k, v in values.items() if v not in ("", None)}
    data.setdefault("dataset_ids", [])
    return SessionIn(organisation_id=organisation_id, **data)


@router.post("/workspace/sessions/new")
def schedule(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    organisation_id = str(form.get("organisation_id", ""))
    values = _typed(form)
    try:
        session = service.schedule(uow, actor, _payload(organisation_id, values))
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, Forbidden):
            raise
        uow.rollback()
        shown = refusals.refusal(exc, Translator(language_of(request)), "schedule", {})
        return _form(request, uow, actor, organisation_id, values=values, refusal=shown)
    uow.commit()
    security.flash(request, "sessions.flash_scheduled")
    return redirect(f"/workspace/sessions/{session.id}")


def _manage_page(request: Request, uow: UnitOfWork, actor: Principal, session_id: int, *,
                 refusal: refusals.Refusal | None = None):
    session = service.get(uow, session_id)
    grouped = taking_part.questions(uow, actor, session_id)  # refuses anyone who does not run the session
    titles = {d.id: d.record.get("title") for d in service.presentable(uow, session.organisation_id)}
    return render(request, "session_manage.html", status_code=refusal.status if refusal else 200,
                  session=session, shown=listing(uow, [session]), grouped=grouped, titles=titles,
                  attendees=taking_part.attendees(uow, actor, session_id), refusal=refusal,
                  started=service.started(session))


@router.get("/workspace/sessions/{session_id}")
def manage(session_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    """Registrations (names: the producer's members and platform admins only) and questions by description."""
    return _manage_page(request, uow, actor, session_id)


def _manage_refused(request: Request, uow: UnitOfWork, actor: Principal, session_id: int, exc: Exception,
                    form: str, values: dict[str, str]):
    if isinstance(exc, Forbidden):
        raise exc
    uow.rollback()
    shown = refusals.refusal(exc, Translator(language_of(request)), form, values)
    return _manage_page(request, uow, actor, session_id, refusal=shown)


@router.post("/workspace/sessions/{session_id}/questions/{question_id}/answer", dependencies=NOTIFY)
def answer(session_id: DbId, question_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    values = {"body": str(form.get("body", ""))}
    try:
        taking_part.answer(uow, actor, session_id, question_id, AnswerIn(**values).body)
    except (ValidationError, DomainError) as exc:
        return _manage_refused(request, uow, actor, session_id, exc, f"answer-{question_id}", values)
    uow.commit()
    security.flash(request, "sessions.flash_answered")
    return redirect(f"/workspace/sessions/{session_id}#q-{question_id}")


@router.post("/workspace/sessions/{session_id}/cancel", dependencies=NOTIFY)
def cancel(session_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
           container: ContainerDep):
    try:
        service.cancel(uow, actor, session_id, service.page_of(container.settings.base_url))
    except DomainError as exc:
        return _manage_refused(request, uow, actor, session_id, exc, "cancel", {})
    uow.commit()
    security.flash(request, "sessions.flash_cancelled")
    return redirect(f"/workspace/sessions/{session_id}")


@router.post("/workspace/sessions/{session_id}/after")
def after(session_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
          container: ContainerDep):
    """The replay link and/or the slides, once the session has taken place."""
    replay = str(form.get("replay_url", "")).strip()
    upload = form.get("slides")
    try:
        if replay:
            service.update(uow, actor, session_id, SessionPatch(replay_url=replay))
        if isinstance(upload, UploadFile) and upload.filename:
            service.attach_slides(uow, container.objects, actor, session_id, filename=upload.filename,
                                  content_type=upload.content_type or "", chunks=chunks_of(upload),
                                  max_bytes=container.settings.max_upload_bytes)
    except (ValidationError, DomainError) as exc:
        return _manage_refused(request, uow, actor, session_id, exc, "after", {"replay_url": replay})
    uow.commit()
    security.flash(request, "sessions.flash_after")
    return redirect(f"/workspace/sessions/{session_id}")
