"""The producer workspace: descriptions of my organisations, the form, lifecycle, documents, history."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.deps import ContainerDep, DbId, UowDep
from api.notify import deliver_after
from api.uploads import chunks_of
from api.web import forms, search_state, security
from api.web.deps import FormDep, SignedInDep, web_router
from api.web.i18n import Translator, language_of
from api.web import refusals
from api.web.render import redirect, render
from catalogue.access_requests import reviews
from catalogue.datasets import service as datasets
from catalogue.datasets.completeness import completeness
from catalogue.datasets.diff import changed_paths
from catalogue.documents import service as documents
from catalogue.access_requests.errors import field_error
from catalogue.errors import Forbidden, TooLarge, UnsupportedMedia, ValidationFailed
from catalogue.organisations import roles
from catalogue.organisations import service as organisations
from catalogue.organisations.models import Invitation
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.paths import value_at

router = web_router(prefix="/workspace")


def _my_organisations(uow: UnitOfWork, actor: Principal) -> list:
    return [org for org, _ in organisations.workspace_of(uow, actor)]


def _editable(uow: UnitOfWork, actor: Principal, dataset_id: str):
    dataset = datasets.get(uow, actor, dataset_id)
    if not datasets.can_edit(actor, dataset):
        raise Forbidden(f"only editors of '{dataset.organisation_id}' manage this description")
    return dataset


def _version(form) -> int | None:
    raw = str(form.get("version", ""))
    return int(raw) if raw.isdigit() else None


@router.get("")
def home(request: Request, uow: UowDep, actor: SignedInDep):
    rows = []
    for org, manages in organisations.workspace_of(uow, actor):
        _, items = datasets.list_page(uow, actor, organisation=org.id, page=1, page_size=100)
        rows.append((org, [(d, completeness(d.record)["score"]) for d in items], manages))
    return render(request, "workspace.html", organisations=rows, awaiting=reviews.awaiting_opinion(uow, actor))


def _form_page(request: Request, *, values: dict[str, Any], errors: dict, organisations: list, dataset=None,
               status_code: int = 200):
    return render(request, "dataset_form.html", status_code=status_code, sections=forms.SECTIONS, values=values,
                  errors=errors, organisations=organisations, dataset=dataset)


@router.post("/{organisation_id}/members", dependencies=[Depends(deliver_after)])
def invite_member(request: Request, organisation_id: str, form: FormDep, uow: UowDep, actor: SignedInDep):
    """Invite an address (its verified owner accepts), or change a current member's role."""
    email, role = str(form.get("email", "")).strip().lower(), str(form.get("role", ""))
    try:
        if role not in roles.ROLES:
            raise ValidationFailed(f"role must be one of {', '.join(roles.ROLES)}",
                                   details=[{"field": "role", "message": "editor or admin"}])
        result = organisations.add_member(uow, actor, organisation_id, email, role)
    except ValidationFailed:  # a bad address or role: back to the workspace, which says what to fix
        security.flash(request, "flash.invite_invalid", "error")
        return redirect("/workspace")
    uow.commit()
    key = "flash.invitation_sent" if isinstance(result, Invitation) else "flash.role_changed"
    security.flash(request, key, email=email, role=Translator(language_of(request)).label("role", role))
    return redirect("/workspace")


@router.get("/new")
def new_form(request: Request, uow: UowDep, actor: SignedInDep, organisation: str = ""):
    orgs = _my_organisations(uow, actor)
    if not orgs:
        raise Forbidden("you are not an editor of any producer organisation")
    values = {"organisation": organisation or orgs[0].id, "population.geography": "FR"}
    return _form_page(request, values=values, errors={}, organisations=orgs)


@router.post("/new")
def create(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    orgs = _my_organisations(uow, actor)
    org = organisations.get(uow, str(form.get("organisation", "")))
    record = forms.to_record(form, {"producer": org.producer_block()})
    values = {**forms.form_values(form), "organisation": org.id}
    try:
        description = forms.validate(record)
        dataset = datasets.create(uow, actor, description)
    except ValidationError as exc:
        return _form_page(request, values=values, errors=forms.errors_of(exc), organisations=orgs,
                          status_code=422)
    except ValidationFailed as exc:  # rules beyond the model (e.g. the producer)
        errors = {forms.field_of(d["field"]): [("", {}, d["message"])] for d in exc.details or []}
        return _form_page(request, values=values, errors=errors or {"id": [("", {}, exc.message)]},
                          organisations=orgs, status_code=422)
    uow.commit()
    security.flash(request, "flash.draft_created")
    return redirect(f"/workspace/datasets/{dataset.id}")


@router.get("/datasets/{dataset_id}")
def overview(dataset_id: str, request: Request, uow: UowDep, actor: SignedInDep):
    return _overview(request, uow, actor, dataset_id)


def _overview(request: Request, uow: UnitOfWork, actor: Principal, dataset_id: str, *,
              refusal: refusals.Refusal | None = None) -> HTMLResponse:
    """A producer's page of one description; after a refused form, with the refusal at that form."""
    dataset = _editable(uow, actor, dataset_id)
    revisions = list(reversed(datasets.revisions(uow, actor, dataset_id)))
    return render(request, "workspace_dataset.html", status_code=refusal.status if refusal else 200,
                  dataset=dataset, record=dataset.record, meter=completeness(dataset.record),
                  actions=[a for a in datasets.actions_for(actor, dataset) if a in datasets.MOVES],
                  documents=documents.list_for(uow, actor, dataset_id), revisions=revisions,
                  kinds=documents.KINDS, refusal=refusal)


@router.get("/datasets/{dataset_id}/edit")
def edit_form(dataset_id: str, request: Request, uow: UowDep, actor: SignedInDep):
    dataset = _editable(uow, actor, dataset_id)
    return _form_page(request, values=forms.to_values(dataset.record), errors={}, organisations=[],
                      dataset=dataset)


@router.post("/datasets/{dataset_id}/edit", dependencies=[Depends(deliver_after)])
def update(dataset_id: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    dataset = _editable(uow, actor, dataset_id)
    record = forms.to_record(form, dataset.record)
    record["id"] = dataset_id
    try:
        _, changed = datasets.update(uow, actor, dataset_id, forms.validate(record), expected_version=_version(form))
    except ValidationError as exc:
        return _form_page(request, values=forms.form_values(form), errors=forms.errors_of(exc), organisations=[],
                          dataset=dataset, status_code=422)
    uow.commit()
    security.flash(request, "flash.saved" if changed else "flash.unchanged")
    return redirect(f"/workspace/datasets/{dataset_id}")


@router.post("/datasets/{dataset_id}/documents")
def upload(dataset_id: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
           container: ContainerDep):
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise field_error(ValidationFailed, "file", "choose a file to upload", case="file_required")
        documents.upload(uow, container.objects, actor, dataset_id, title=str(form.get("title", "")),
                         kind=str(form.get("kind", "")), filename=file.filename, content_type=file.content_type or "",
                         chunks=chunks_of(file), max_bytes=container.settings.max_upload_bytes)
    except (ValidationFailed, UnsupportedMedia, TooLarge) as exc:  # the page again, the form as it was filled
        uow.rollback()
        shown = refusals.refusal(exc, Translator(language_of(request)), "document-form", refusals.typed(form))
        return _overview(request, uow, actor, dataset_id, refusal=shown)
    uow.commit()
    security.flash(request, "flash.document_added")
    return redirect(f"/workspace/datasets/{dataset_id}#documents")


@router.post("/datasets/{dataset_id}/documents/{document_id}/delete")
def delete_document(dataset_id: str, document_id: str, request: Request, form: FormDep, uow: UowDep,
                    actor: SignedInDep, container: ContainerDep):
    documents.delete(uow, container.objects, actor, dataset_id, document_id)
    uow.commit()
    security.flash(request, "flash.document_removed")
    return redirect(f"/workspace/datasets/{dataset_id}#documents")


@router.get("/datasets/{dataset_id}/revisions/{number}")
def revision(dataset_id: str, number: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    """One revision: each field it changed, before and after."""
    _editable(uow, actor, dataset_id)
    current = datasets.revision(uow, actor, dataset_id, number)
    previous = next((r for r in datasets.revisions(uow, actor, dataset_id) if r.number == number - 1), None)
    before = previous.record if previous else {}
    rows = [(path, value_at(before, path), value_at(current.record, path))
            for path in changed_paths(before, current.record)]
    return render(request, "revision.html", dataset_id=dataset_id, revision=current, rows=rows,
                  vocabulary=search_state.VOCABULARY)


@router.post("/datasets/{dataset_id}/{action}", dependencies=[Depends(deliver_after)])  # saved-search alerts
def change_state(dataset_id: str, action: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    datasets.transition(uow, actor, dataset_id, action, expected_version=_version(form))
    uow.commit()
    security.flash(request, f"flash.{action}")
    return redirect(f"/workspace/datasets/{dataset_id}")
