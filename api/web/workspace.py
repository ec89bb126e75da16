"""The producer workspace: descriptions of my organisations, the form, lifecycle, documents, history."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData, UploadFile

from api.deps import ContainerDep, DbId, UowDep
from api.notify import deliver_after
from api.uploads import chunks_of
from api.web import forms, search_state, security
from api.web.deps import FormDep, SignedInDep, expected_version, web_router
from api.web.i18n import Translator, language_of
from api.web import refusals
from api.web.render import redirect, render
from catalogue.access_requests import reviews
from catalogue.datasets import drafts, rules
from catalogue.datasets import service as datasets
from catalogue.datasets.completeness import completeness
from catalogue.datasets.diff import changed_paths
from catalogue.documents import service as documents
from catalogue.enquiries import service as enquiries
from catalogue.access_requests.errors import field_error
from catalogue.datasets.errors import DatasetExists
from catalogue.datasets.models import Dataset
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


@router.get("")
def home(request: Request, uow: UowDep, actor: SignedInDep):
    rows = []
    for org, manages in organisations.workspace_of(uow, actor):
        _, items = datasets.list_page(uow, actor, organisation=org.id, page=1, page_size=100)
        rows.append((org, [(d, completeness(d.record)["score"]) for d in items], manages))
    return render(request, "workspace.html", organisations=rows, awaiting=reviews.awaiting_opinion(uow, actor),
                  inbox=enquiries.inbox(uow, actor))


def _form_page(request: Request, *, values: dict[str, Any], errors: dict, organisations: list,
               dataset: Dataset | None = None, step: str = forms.STEPS[0],
               missing: list[rules.Problem] | None = None, status_code: int = 200):
    """The form at one step; every section is in the page (the others hidden), so each post carries all."""
    missing = rules.publication_problems({}) if missing is None else missing
    return render(request, "dataset_form.html", status_code=status_code, sections=forms.SECTIONS,
                  steps=forms.STEPS, step=step, progress=forms.progress(errors, missing), values=values,
                  errors=errors, organisations=organisations, dataset=dataset, section_of=forms.SECTION_OF,
                  worded=forms.worded, draft_needs=rules.DRAFT_NEEDS)


def _problems(exc: ValidationFailed) -> list[rules.Problem]:
    """The refusal's problems (the domain's details: field, code, params)."""
    details = exc.details if isinstance(exc.details, list) else []
    return [rules.Problem(str(d.get("field", "id")), str(d.get("code") or "invalid"), dict(d.get("params") or {}))
            for d in details if isinstance(d, dict)] or [rules.Problem("id", "invalid")]


def _refused_at(errors: dict, form: FormData) -> str:
    """Where a refused form is shown again: the step asked for or the current one if it holds an error
    (so the user stays where they were), else the first step that does."""
    for wanted in (form.get("go"), form.get("step")):
        step = forms.step_of(wanted)
        if step == wanted and any(forms.SECTION_OF[name] == step for name in errors):
            return step
    return forms.first_step_with(errors)


def _after_save(request: Request, uow: UnitOfWork, actor: Principal, dataset: Dataset, form: FormData,
                missing: list[rules.Problem], flash: str, organisations: list):
    """Commit, then: publish if asked (a refusal shows every missing field under its input), go to the
    step asked for, or to the description's page ("done")."""
    go = str(form.get("go") or "done")
    if go == "publish":
        try:
            datasets.transition(uow, actor, dataset.id, "publish")
        except rules.NotPublishable as exc:
            uow.commit()  # the draft is kept, with what was typed
            errors = forms.errors_of(_problems(exc))
            return _form_page(request, values=forms.to_values(dataset.record), errors=errors,
                              organisations=organisations, dataset=dataset, step=forms.first_step_with(errors),
                              missing=missing, status_code=422)
        uow.commit()
        security.flash(request, "flash.publish")
        return redirect(f"/workspace/datasets/{dataset.id}")
    uow.commit()
    security.flash(request, flash)
    if go in forms.STEPS:
        return redirect(f"/workspace/datasets/{dataset.id}/edit?step={go}")
    return redirect(f"/workspace/datasets/{dataset.id}")


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
def new_form(request: Request, uow: UowDep, actor: SignedInDep, organisation: str = "", step: str = ""):
    orgs = _my_organisations(uow, actor)
    if not orgs:
        raise Forbidden("you are not an editor of any producer organisation")
    values = {"organisation": organisation or orgs[0].id, "population.geography": "FR"}
    return _form_page(request, values=values, errors={}, organisations=orgs, step=forms.step_of(step))


@router.post("/new", dependencies=[Depends(deliver_after)])
def create(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """A new draft, however incomplete (an id and a title suffice); malformed values are refused."""
    orgs = _my_organisations(uow, actor)
    org = organisations.get(uow, str(form.get("organisation", "")))
    record = forms.to_record(form, {})
    values = {**forms.form_values(form), "organisation": org.id}
    try:
        dataset, missing = drafts.create(uow, actor, org.id, record)
    except ValidationFailed as exc:
        errors = forms.errors_of(_problems(exc))
        return _form_page(request, values=values, errors=errors, organisations=orgs,
                          step=_refused_at(errors, form), status_code=422)
    except DatasetExists:
        errors = {"id": [("taken", {})]}
        return _form_page(request, values=values, errors=errors, organisations=orgs, step=forms.STEPS[0],
                          status_code=422)
    return _after_save(request, uow, actor, dataset, form, missing, "producer_form.flash.draft_saved", orgs)


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
                  needs=forms.errors_of(rules.publication_problems(dataset.record)),
                  section_of=forms.SECTION_OF, whole=rules.is_whole(dataset.record),
                  actions=[a for a in datasets.actions_for(actor, dataset) if a in datasets.MOVES],
                  documents=documents.list_for(uow, actor, dataset_id), revisions=revisions,
                  kinds=documents.KINDS, refusal=refusal)


@router.get("/datasets/{dataset_id}/edit")
def edit_form(dataset_id: str, request: Request, uow: UowDep, actor: SignedInDep, step: str = ""):
    dataset = _editable(uow, actor, dataset_id)
    return _form_page(request, values=forms.to_values(dataset.record), errors={}, organisations=[],
                      dataset=dataset, step=forms.step_of(step), missing=rules.publication_problems(dataset.record))


@router.post("/datasets/{dataset_id}/edit", dependencies=[Depends(deliver_after)])
def update(dataset_id: str, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """Save: a draft leniently, a published description strictly; then the step asked for."""
    dataset = _editable(uow, actor, dataset_id)
    record = forms.to_record(form, dataset.record)
    try:
        dataset, changed, missing = drafts.save(uow, actor, dataset_id, record, expected_version=expected_version(form))
    except ValidationFailed as exc:
        errors = forms.errors_of(_problems(exc))
        return _form_page(request, values=forms.form_values(form), errors=errors, organisations=[],
                          dataset=dataset, step=_refused_at(errors, form), status_code=422,
                          missing=rules.publication_problems(record))
    flash = ("producer_form.flash.draft_saved" if dataset.status == "draft" else "flash.saved") if changed \
        else "flash.unchanged"
    return _after_save(request, uow, actor, dataset, form, missing, flash, [])


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
    try:
        datasets.transition(uow, actor, dataset_id, action, expected_version=expected_version(form))
    except rules.NotPublishable as exc:  # back to the form, each missing field under its input
        dataset = _editable(uow, actor, dataset_id)
        errors = forms.errors_of(_problems(exc))
        return _form_page(request, values=forms.to_values(dataset.record), errors=errors, organisations=[],
                          dataset=dataset, step=forms.first_step_with(errors),
                          missing=rules.publication_problems(dataset.record), status_code=422)
    uow.commit()
    security.flash(request, f"flash.{action}")
    return redirect(f"/workspace/datasets/{dataset_id}")
