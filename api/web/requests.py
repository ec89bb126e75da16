"""Data users' pages: questions to producers (enquiries) and access requests, with producers' opinions.

Governance staff decide on their own pages (api/web/governance.py); everything here calls the same
services as the REST API, which decide who may do what (the pages display their answer).
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from api.deps import ContainerDep, DbId, UowDep
from api.downloads import file_response
from api.uploads import chunks_of
from api.notify import deliver_after
from api.web import security
from api.web.deps import FormDep, SignedInDep, expected_version, web_router
from api.web import refusals
from api.web.i18n import Translator, language_of
from api.web.refusals import Message
from api.web.render import redirect, render
from catalogue.access_requests import attachments, preview, reviews, team
from catalogue.access_requests import service as requests
from catalogue.accounts import service as accounts
from catalogue.audit import service as audit
from catalogue.baskets import service as baskets
from catalogue.datasets import service as datasets
from catalogue.enquiries import service as enquiries
from catalogue.access_requests import snapshots
from catalogue.access_requests.errors import field_error
from catalogue.errors import Conflict, DomainError, NotFound, Unauthenticated, ValidationFailed
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.access_requests import AccessRequestIn, MilestoneIn, OpinionIn, TransitionIn
from schemas.enquiries import EnquiryIn, MessageIn

router = web_router()
NOTIFY = [Depends(deliver_after)]  # e-mail what a change queued, once its transaction is over
TEXT_FIELDS = ("project_title", "project_summary", "purpose", "requester_organisation", "requester_organisation_type",
               "variables", "duration_months", "legal_route")



def field_errors(request: Request, exc: ValidationError | ValidationFailed) -> dict[str, Message]:
    """{input: message in the page's language}; a refusal naming no input is shown on the form as a whole."""
    t = Translator(language_of(request))
    return refusals.field_messages(exc, t) or {"form": Message(refusals.explain(exc, t))}



# -- enquiries ---------------------------------------------------------------------------------

@router.get("/datasets/{dataset_id}/ask")
def ask_form(dataset_id: str, request: Request, uow: UowDep, actor: SignedInDep):
    dataset = datasets.get(uow, actor, dataset_id)
    return render(request, "enquiry_new.html", dataset=dataset, values={}, errors={})


@router.post("/datasets/{dataset_id}/ask", dependencies=NOTIFY)
def ask(dataset_id: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    values = {k: str(form.get(k, "")) for k in ("subject", "topic", "message")}
    try:
        enquiry = enquiries.create(uow, actor, EnquiryIn(dataset_id=dataset_id, **values))
    except (ValidationError, ValidationFailed) as exc:
        return render(request, "enquiry_new.html", status_code=422, dataset=datasets.get(uow, actor, dataset_id),
                      values=values, errors=field_errors(request, exc))
    uow.commit()
    security.flash(request, "flash.enquiry_sent")
    return redirect(f"/me/enquiries/{enquiry.id}")


@router.get("/me/enquiries/{enquiry_id}")
def enquiry_page(enquiry_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    enquiry = enquiries.get(uow, actor, enquiry_id)
    return render(request, "enquiry.html", enquiry=enquiry, dataset=datasets.get(uow, actor, enquiry.dataset_id))


@router.post("/me/enquiries/{enquiry_id}", dependencies=NOTIFY)
def reply(enquiry_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    try:
        enquiries.reply(uow, actor, enquiry_id, MessageIn(body=str(form.get("body", ""))).body)
    except (ValidationError, ValidationFailed) as exc:  # the thread again, with the reply as typed
        uow.rollback()
        enquiry = enquiries.get(uow, actor, enquiry_id)
        shown = refusals.refusal(exc, Translator(language_of(request)), "reply", refusals.typed(form))
        return render(request, "enquiry.html", status_code=shown.status, enquiry=enquiry, refusal=shown,
                      dataset=datasets.get(uow, actor, enquiry.dataset_id))
    uow.commit()
    security.flash(request, "flash.message_sent")
    return redirect(f"/me/enquiries/{enquiry_id}#reply")


# -- the request form --------------------------------------------------------------------------

def _attached(form: FormData | None, access_request=None) -> set[str]:
    """The kinds of document the request has, with the one chosen on the form (it is stored with the save)."""
    kinds = {a.kind for a in access_request.attachments} if access_request else set()
    upload = form.get("file") if form is not None else None
    if form is not None and isinstance(upload, UploadFile) and upload.filename:
        kinds.add(str(form.get("kind", "")))
    return kinds


def _checklist(uow: UnitOfWork, values: dict[str, Any], attached: set[str]) -> tuple[list, dict[str, Any]]:
    return preview.of(uow, values.get("datasets", []), values.get("requester_organisation_type") or None,
                      values.get("legal_route") or None, attached)


def _form(request: Request, uow: UnitOfWork, actor: Principal, *, values: dict[str, Any], errors: dict,
          access_request=None, status_code: int = 200, refused: bool = False):
    """The form with the published descriptions among those named (drafts are nobody's to request) and the
    domain's checklist for them: what filing will need, and what still stops it ("Déposer" stays disabled).
    A file chosen before is not counted: a browser never fills a file input again."""
    chosen, report = _checklist(uow, values, _attached(None, access_request))
    return render(request, "request_form.html", status_code=status_code, values=values, errors=errors,
                  chosen=chosen, report=report, access_request=access_request, kinds=attachments.KINDS,
                  refused=refused)


def _filing(form: FormData, access_request=None) -> str | None:
    """The move the form's "Déposer" button asks for once saved; None: save the draft only."""
    if form.get("intent") != "submit":
        return None
    return "resubmit" if access_request is not None and access_request.status == "changes_requested" else "submit"


def _still_missing(uow: UnitOfWork, form: FormData, access_request=None) -> bool:
    """Whether the domain's checklist still lists something, checked before anything is written, so a refused
    submission leaves no draft and no stored file behind (the workflow checks again when it moves)."""
    return bool(_checklist(uow, _values(form), _attached(form, access_request))[1]["blocking"])


def _payload(form: FormData) -> dict[str, Any]:
    data: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in TEXT_FIELDS}
    data["datasets"] = [str(d) for d in form.getlist("datasets")]
    team = []
    for line in str(form.get("team", "")).splitlines():
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        if any(parts[:3]):
            team.append({"name": parts[0], "email": parts[1], "role": parts[2] or "member"})
    data["team"] = team
    return data


def _values(form: FormData) -> dict[str, Any]:
    return {**{k: str(form.get(k, "")) for k in TEXT_FIELDS}, "team": str(form.get("team", "")),
            "datasets": [str(d) for d in form.getlist("datasets")], "from": str(form.get("from", ""))}


@router.get("/requests/new")
def new_request(request: Request, uow: UowDep, actor: SignedInDep):
    """The form, pre-filled from the link that opened it (a description page, the basket with its choices);
    the organisation type starts from the one declared on the account (the dataset pages answered for it)."""
    params = request.query_params
    values: dict[str, Any] = {"datasets": params.getlist("dataset"), "duration_months": "12",
                              "from": "basket" if params.get("from") == "basket" else "",
                              "requester_organisation_type": accounts.requester_type_of(uow, actor) or ""}
    for name, allowed in (("requester_organisation_type", preview.REQUESTER_TYPES),
                          ("legal_route", preview.LEGAL_ROUTES)):
        if params.get(name) in allowed:
            values[name] = params[name]
    return _form(request, uow, actor, values=values, errors={})


@router.post("/requests/new", dependencies=NOTIFY)
def create_request(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep, container: ContainerDep):
    """Save the draft; "update the list" only shows the checklist again; "Déposer" saves and submits,
    refused on the form, with its values, while the checklist lists something."""
    move = _filing(form)
    if form.get("intent") == "check" or (move and _still_missing(uow, form)):
        return _form(request, uow, actor, values=_values(form), errors={}, refused=move is not None,
                     status_code=422 if move else 200)
    try:
        access_request = requests.create(uow, actor, AccessRequestIn.model_validate(_payload(form)))
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            attachments.upload(uow, container.objects, actor, access_request.id, kind=str(form.get("kind", "")),
                               title=str(form.get("title", "")) or upload.filename, filename=upload.filename,
                               content_type=upload.content_type or "", chunks=chunks_of(upload),
                               max_bytes=container.settings.max_upload_bytes)
        if move:
            requests.transition(uow, actor, access_request.id, move)
    except (ValidationError, ValidationFailed) as exc:
        return _form(request, uow, actor, values=_values(form), errors=field_errors(request, exc), status_code=422)
    if form.get("from") == "basket":  # drafted from the basket: those datasets are in a request now
        baskets.drop(uow, actor, [d.dataset_id for d in access_request.datasets])
    uow.commit()
    security.flash(request, f"flash.action.{move}" if move else "flash.request_drafted")
    return redirect(f"/requests/{access_request.id}")


@router.get("/requests/{request_id}/edit")
def edit_request(request_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    item = requests.get(uow, actor, request_id)
    values = {k: str(getattr(item, k)) for k in TEXT_FIELDS}
    values["datasets"] = [d.dataset_id for d in item.datasets]
    values["team"] = "\n".join(f"{m.name} | {m.email} | {m.role}" for m in item.team)
    return _form(request, uow, actor, values=values, errors={}, access_request=item)


@router.post("/requests/{request_id}/edit", dependencies=NOTIFY)
def update_request(request_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """As the new form: save, "update the list", or save and file (submit, or resubmit after changes)."""
    item = requests.get(uow, actor, request_id)
    move = _filing(form, item)
    if form.get("intent") == "check" or (move and _still_missing(uow, form, item)):
        return _form(request, uow, actor, values=_values(form), errors={}, access_request=item,
                     refused=move is not None, status_code=422 if move else 200)
    try:
        requests.update(uow, actor, request_id, AccessRequestIn.model_validate(_payload(form)),
                        expected_version=expected_version(form))
        if move:
            requests.transition(uow, actor, request_id, move)
    except (ValidationError, ValidationFailed) as exc:
        return _form(request, uow, actor, values=_values(form), errors=field_errors(request, exc),
                     access_request=requests.get(uow, actor, request_id), status_code=422)
    uow.commit()
    security.flash(request, f"flash.action.{move}" if move else "flash.saved")
    return redirect(f"/requests/{request_id}")


# -- one request -------------------------------------------------------------------------------

def request_context(uow: UnitOfWork, actor: Principal, request_id: int, *, staff: bool = False) -> dict[str, Any]:
    """Everything shown about a request (the requester's page and the governance review page): the
    domain's view says what the actor may do; the page only displays it. The review page adds the
    terms as published when the request was filed or decided (never a later draft) and its messages."""
    view = requests.view(uow, actor, request_id, staff=staff)
    history = audit.history(uow, "access_request", request_id)
    names = accounts.names(uow, {e.actor_id for e in history if e.actor_id is not None})
    context = {"item": view.item, "view": view, "history": history, "names": names,
               "report": requests.report(uow, actor, request_id), "kinds": attachments.KINDS}
    if staff:
        context.update(terms=snapshots.terms(uow, view.item), messages=[e for e in history if e.reason],
                       on_behalf=reviews.opinable_on_behalf(uow, actor, view.item))
    return context


def page_of(request: Request, uow: UnitOfWork, actor: Principal, request_id: int, *, staff: bool,
            status_code: int = 200, refusal: refusals.Refusal | None = None) -> HTMLResponse:
    """The requester's page of a request, or its governance review page (`staff`)."""
    return render(request, "review.html" if staff else "request.html", status_code=status_code, refusal=refusal,
                  **request_context(uow, actor, request_id, staff=staff))


def refused(request: Request, uow: UnitOfWork, actor: Principal, request_id: int, form: FormData, form_id: str,
            exc: Exception) -> HTMLResponse:
    """A refused action on a request's page: the same page again, as stored (the transaction is rolled
    back), with the refusal in the page's language at the form that was sent, and what was typed in it.
    A request that cannot be shown (not found, not this person's) is an error page, as before."""
    uow.rollback()
    if isinstance(exc, (NotFound, Unauthenticated)):
        raise exc
    shown = refusals.refusal(exc, Translator(language_of(request)), form_id, refusals.typed(form))
    staff = str(form.get("back", "")).startswith("/governance/")
    return page_of(request, uow, actor, request_id, staff=staff, status_code=shown.status, refusal=shown)


REFUSALS = (DomainError, ValidationError)


@router.get("/requests/{request_id}")
def request_page(request_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    return page_of(request, uow, actor, request_id, staff=False)


@router.post("/requests/{request_id}/attachments")
def upload_attachment(request_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
                      container: ContainerDep):
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise field_error(ValidationFailed, "file", "choose a file to upload", case="file_required")
        attachments.upload(uow, container.objects, actor, request_id, kind=str(form.get("kind", "")),
                           title=str(form.get("title", "")) or upload.filename, filename=upload.filename,
                           content_type=upload.content_type or "", chunks=chunks_of(upload),
                           max_bytes=container.settings.max_upload_bytes)
    except REFUSALS as exc:
        return refused(request, uow, actor, request_id, form, "attachment-form", exc)
    uow.commit()
    security.flash(request, "flash.document_added")
    return redirect(f"/requests/{request_id}#attachments")


@router.get("/requests/{request_id}/attachments/{attachment_id}")
def download_attachment(request_id: DbId, attachment_id: str, uow: UowDep, actor: SignedInDep,
                        container: ContainerDep) -> StreamingResponse:
    """Stream an attachment; who downloaded it is on the audit trail."""
    response = file_response(container.objects, attachments.download(uow, actor, request_id, attachment_id))
    uow.commit()
    return response


@router.post("/requests/{request_id}/opinions", dependencies=NOTIFY)
def give_opinion(request_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    data = {k: str(form.get(k, "")).strip() or None for k in ("dataset_id", "opinion", "reason", "conditions")}
    try:
        reviews.record_opinion(uow, actor, request_id, OpinionIn.model_validate(data),
                               expected_version=expected_version(form))
    except REFUSALS as exc:
        return refused(request, uow, actor, request_id, form, f"opinion-{data['dataset_id'] or ''}", exc)
    uow.commit()
    security.flash(request, "flash.opinion_recorded")
    return redirect(f"/requests/{request_id}#opinions")


@router.post("/requests/{request_id}/opinions/on-behalf", dependencies=NOTIFY)
def give_opinion_on_behalf(request_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
                           container: ContainerDep):
    """Governance staff record the opinion a producer nobody represents sent by other means, with its document."""
    data = {k: str(form.get(k, "")).strip() or None for k in ("dataset_id", "opinion", "reason", "conditions")}
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise field_error(ValidationFailed, "file", "choose a file to upload", case="file_required")
        reviews.record_opinion_on_behalf(uow, container.objects, actor, request_id, OpinionIn.model_validate(data),
                                         filename=upload.filename, content_type=upload.content_type or "",
                                         chunks=chunks_of(upload), max_bytes=container.settings.max_upload_bytes,
                                         expected_version=expected_version(form))
    except REFUSALS as exc:
        return refused(request, uow, actor, request_id, form, f"behalf-{data['dataset_id'] or ''}", exc)
    uow.commit()
    security.flash(request, "flash.opinion_recorded")
    return redirect(f"/governance/requests/{request_id}#opinions")


@router.post("/requests/{request_id}/milestones")
def record_milestone(request_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    data = {k: str(form.get(k, "")).strip() or None for k in ("kind", "reference", "date", "attachment_id")}
    try:
        reviews.record_milestone(uow, actor, request_id, MilestoneIn.model_validate(data))
    except REFUSALS as exc:
        return refused(request, uow, actor, request_id, form, "milestone-form", exc)
    uow.commit()
    security.flash(request, "flash.milestone_recorded")
    return redirect(str(form.get("back", "")) if str(form.get("back", "")).startswith("/governance/")
                    else f"/requests/{request_id}#milestones")


@router.post("/requests/{request_id}/act/{action}", dependencies=NOTIFY)
def act(request_id: DbId, action: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """A workflow action (submit, withdraw… for the requester; review and decisions for governance).

    The action goes through the same transition table, policies and guards as REST and the CLI: an
    unknown one is refused (422), an early expiry too (409), each shown on the page it was tried from."""
    data = {k: str(form.get(k, "")).strip() or None for k in ("reason", "conditions", "access_until")}
    try:
        body = TransitionIn.model_validate({**data, "overrule": form.get("overrule") == "on"})
        requests.transition(uow, actor, request_id, action, body, expected_version=expected_version(form))
    except REFUSALS as exc:
        return refused(request, uow, actor, request_id, form, f"act-{action[:40]}", exc)
    uow.commit()
    security.flash(request, f"flash.action.{action}")
    back = str(form.get("back", ""))
    return redirect(back if back.startswith("/governance/") else f"/requests/{request_id}")


# -- team places -------------------------------------------------------------------------------

@router.get("/me/team-invitations")
def team_invitations(request: Request, uow: UowDep, actor: SignedInDep):
    """Team places offered to the signed-in person's (verified) address."""
    return render(request, "request_invitations.html", invitations=team.invitations(uow, actor))


@router.post("/requests/{request_id}/team/{answer}", dependencies=NOTIFY)
def answer_invitation(request_id: DbId, answer: str, request: Request, form: FormDep, uow: UowDep,
                      actor: SignedInDep):
    if answer not in ("accept", "decline"):
        raise ValidationFailed("answer with accept or decline",
                               details=[{"field": "answer", "message": "must be accept or decline"}])
    try:
        team.answer(uow, actor, request_id, accept=answer == "accept")
    except (NotFound, Conflict):  # answered already, withdrawn, or not for this person: say so on the list
        security.flash(request, "flash.team_gone", "error")
        return redirect("/me/team-invitations")
    uow.commit()
    security.flash(request, f"flash.team_{answer}")
    return redirect(f"/requests/{request_id}" if answer == "accept" else "/me/team-invitations")
