"""The data-needs board on the web: /needs (the board, by theme and searchable, unserved needs marked for
producers), /needs/new (the form; a refusal shows the form again with what was typed), /needs/{id} (the
need, its matches for producers, the answers, and the forms the reader may use now: answer for producers,
satisfy or close for the author, hide for platform admins). Every rule is the domain's (catalogue.needs)."""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import Query, Request
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import ContainerDep, DbId, UowDep
from api.web import refusals, security
from api.web.deps import FormDep, SignedInDep, WebActorDep, web_router
from api.web.i18n import Translator, language_of
from api.web.render import query_url, redirect, render
from catalogue.errors import DomainError, InvalidTransition, NotFound, Unauthenticated
from catalogue.needs import service
from catalogue.needs.views import view, views
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas import access_vocabularies as av
from schemas import vocabularies as v
from schemas.needs import HideIn, NeedIn, ResponseIn
from search.port import SearchEngine, SearchUnavailable

router = web_router()
THEMES: tuple[str, ...] = get_args(v.HealthCategory)
PURPOSES: tuple[str, ...] = get_args(av.Purpose)
AUDIENCES: tuple[str, ...] = get_args(v.Audience)
PAGE_SIZE = 20
TEXTS = ("title", "description", "purpose", "deadline", "visibility", "open_to", "age_min", "age_max",
         "individuals_min", "period_from", "period_to")
REFUSALS = (DomainError, ValidationError)


def need_data(form: FormData) -> dict[str, Any]:
    """The form as the API's payload: empty inputs left out, places split on commas and spaces."""
    data: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXTS}
    data = {name: value for name, value in data.items() if value}
    data["themes"] = [str(theme) for theme in form.getlist("themes")]
    places = str(form.get("geography", "")).replace(",", " ").split()
    if places:
        data["geography"] = [place.upper() for place in places]
    data["open_data_only"] = form.get("open_data_only") == "1"
    return data


@router.get("/needs")
def board(request: Request, uow: UowDep, container: ContainerDep, actor: WebActorDep,
          q: Annotated[str, Query(max_length=200)] = "",
          theme: Annotated[list[str] | None, Query(max_length=17)] = None,
          page: Annotated[int, Query(ge=1, le=10000)] = 1):
    """The board: the needs this reader may see, newest first; unknown themes are ignored, not refused."""
    themes = [code for code in theme or [] if code in THEMES]
    found = service.board(uow, actor, q=q, themes=themes, page=page, page_size=PAGE_SIZE)
    pages = max(1, -(-found.total // PAGE_SIZE))
    params = [("q", q)] if q else []
    params += [("theme", code) for code in themes]
    return render(request, "needs.html", items=views(uow, container.search, actor, found.needs), total=found.total,
                  page=page, pages=pages, q=q, chosen=themes, themes=THEMES,
                  page_url=lambda n: query_url("/needs", [*params, ("page", str(n))]),
                  theme_url=lambda code: query_url("/needs", [("theme", code)]))


def _form(request: Request, status_code: int = 200, refusal: refusals.Refusal | None = None,
          themes: list[str] | None = None):
    return render(request, "need_new.html", status_code=status_code, refusal=refusal, themes=THEMES,
                  purposes=PURPOSES, audiences=AUDIENCES, chosen=themes or [],
                  values=refusal.values if refusal else {})


@router.get("/needs/new")
def new_form(request: Request, actor: SignedInDep):
    return _form(request)


@router.post("/needs/new")
def post_need(request: Request, form: FormDep, uow: UowDep, container: ContainerDep, actor: SignedInDep):
    try:
        need = service.post(uow, container.search, actor, NeedIn.model_validate(need_data(form)))
    except REFUSALS as exc:
        uow.rollback()
        if isinstance(exc, Unauthenticated):
            raise
        shown = refusals.refusal(exc, Translator(language_of(request)), "need-form", refusals.typed(form))
        return _form(request, shown.status, shown, [str(x) for x in form.getlist("themes")])
    uow.commit()
    security.flash(request, "needs.flash.posted")
    return redirect(f"/needs/{need.id}")


def _matches(uow: UnitOfWork, engine: SearchEngine, actor: Principal, need_id: int) -> list | None:
    """The descriptions that serve the need, for producers (None: not shown, or the engine is down)."""
    if not service.shows_unserved(actor):
        return None
    try:
        return service.matches(uow, engine, actor, need_id)
    except SearchUnavailable:
        return None


def page_of(request: Request, uow: UnitOfWork, engine: SearchEngine, actor: Principal, need_id: int, *,
            status_code: int = 200, refusal: refusals.Refusal | None = None):
    need = service.get(uow, actor, need_id)
    matches = _matches(uow, engine, actor, need_id)
    return render(request, "need.html", status_code=status_code, item=view(uow, engine, actor, need),
                  matches=matches, refusal=refusal, organisations=sorted(actor.roles),
                  own_matches=[d for d in matches or [] if d.organisation_id in actor.roles])


@router.get("/needs/{need_id}")
def need_page(need_id: DbId, request: Request, uow: UowDep, container: ContainerDep, actor: WebActorDep):
    return page_of(request, uow, container.search, actor, need_id)


def _refused(request: Request, uow: UnitOfWork, engine: SearchEngine, actor: Principal, need_id: int,
             form: FormData, form_id: str, exc: Exception):
    """The need's page again, as stored, with the refusal at the form that was sent."""
    uow.rollback()
    if isinstance(exc, (NotFound, Unauthenticated)):
        raise exc
    t = Translator(language_of(request))
    shown = refusals.refusal(exc, t, form_id, refusals.typed(form))
    if isinstance(exc, InvalidTransition):  # the generic words speak of access requests
        shown.message = t("needs.refusal.state")
    return page_of(request, uow, engine, actor, need_id, status_code=shown.status, refusal=shown)


@router.post("/needs/{need_id}/responses")
def respond(need_id: DbId, request: Request, form: FormDep, uow: UowDep, container: ContainerDep,
            actor: SignedInDep):
    try:
        data = ResponseIn(organisation_id=str(form.get("organisation_id", "")) or None,
                          text=str(form.get("text", "")), dataset_id=str(form.get("dataset_id", "")) or None)
        service.respond(uow, actor, need_id, data)
    except REFUSALS as exc:
        return _refused(request, uow, container.search, actor, need_id, form, "need-respond", exc)
    uow.commit()
    security.flash(request, "needs.flash.answered")
    return redirect(f"/needs/{need_id}#responses")


@router.post("/needs/{need_id}/{action}")
def act(need_id: DbId, action: str, request: Request, form: FormDep, uow: UowDep, container: ContainerDep,
        actor: SignedInDep):
    """Satisfy (optionally naming the answer that did it), close, or hide (with a reason)."""
    form_id = f"need-{action}" if action in ("satisfy", "close", "hide") else "need-actions"
    try:
        raw = str(form.get("response_id", ""))
        reason = HideIn(reason=str(form.get("reason", ""))).reason if action == "hide" else None
        service.transition(uow, actor, need_id, action, reason=reason,
                           response_id=int(raw) if raw.isdecimal() and len(raw) < 10 else None)
    except REFUSALS as exc:
        return _refused(request, uow, container.search, actor, need_id, form, form_id, exc)
    uow.commit()
    security.flash(request, f"needs.flash.{action}")
    return redirect(f"/needs/{need_id}")
