"""REST v1: access requests, their attachments, opinions, milestones, team places and workflow actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from api.access_presenters import access_request_out, attachment_out, audit_entry_out, team_invitation_out
from api.downloads import file_response
from api.uploads import chunks_of
from api.deps import ContainerDep, DbId, UowDep, UserDep
from api.errors import openapi_responses
from api.notify import deliver_after
from api.routers.datasets import IfMatch, _version
from catalogue.access_requests import attachments, reviews, service, team
from catalogue.audit import service as audit
from schemas.access_requests import (
    AccessRequestIn, AccessRequestOut, AttachmentOut, MilestoneIn, OpinionIn, RequirementsOut, TeamInvitationOut,
    TransitionIn,
)
from schemas.access_vocabularies import RequestAction, RequestStatus
from schemas.api import Page
from schemas.enquiries import AuditEntryOut

router = APIRouter(prefix="/api/v1", tags=["access requests"])
BASE = "/access-requests"
NOTIFY = [Depends(deliver_after)]


def _out(response: Response, request, actor) -> AccessRequestOut:
    out = access_request_out(request, actor)
    response.headers["ETag"] = f'"{out.version}"'
    return out


@router.get(BASE, response_model=Page[AccessRequestOut])
def list_requests(uow: UowDep, actor: UserDep, status_: Annotated[RequestStatus | None, Query(alias="status")] = None,
                  page: Annotated[int, Query(ge=1, le=10000)] = 1,
                  page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[AccessRequestOut]:
    """Yours; those naming your organisation's datasets; all filed ones for governance staff."""
    total, items = service.list_page(uow, actor, status=status_, page=page, page_size=page_size)
    return Page(total=total, page=page, page_size=page_size, items=[access_request_out(r, actor) for r in items])


@router.post(BASE, response_model=AccessRequestOut, status_code=status.HTTP_201_CREATED)
def create_request(body: AccessRequestIn, uow: UowDep, actor: UserDep, response: Response) -> AccessRequestOut:
    """A draft naming one or more published descriptions."""
    request = service.create(uow, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/access-requests/{request.id}"
    return _out(response, request, actor)


@router.get(BASE + "/{request_id}", response_model=AccessRequestOut)
def get_request(request_id: DbId, uow: UowDep, actor: UserDep, response: Response) -> AccessRequestOut:
    return _out(response, service.get(uow, actor, request_id), actor)


@router.put(BASE + "/{request_id}", response_model=AccessRequestOut)
def update_request(request_id: DbId, body: AccessRequestIn, uow: UowDep, actor: UserDep, response: Response,
                   if_match: IfMatch = None) -> AccessRequestOut:
    """Edit a draft, or a request whose changes were requested."""
    request = service.update(uow, actor, request_id, body, expected_version=_version(if_match))
    uow.commit()
    return _out(response, request, actor)


@router.get(BASE + "/{request_id}/requirements", response_model=RequirementsOut)
def get_requirements(request_id: DbId, uow: UowDep, actor: UserDep) -> RequirementsOut:
    """What the datasets' access terms require, and what is still missing."""
    return RequirementsOut.model_validate(service.report(uow, actor, request_id))


@router.get(BASE + "/{request_id}/history", response_model=list[AuditEntryOut])
def get_history(request_id: DbId, uow: UowDep, actor: UserDep) -> list[AuditEntryOut]:
    """The request's audit entries, oldest first."""
    service.get(uow, actor, request_id)
    return [audit_entry_out(e) for e in audit.history(uow, "access_request", request_id)]



@router.post(BASE + "/{request_id}/attachments", response_model=AttachmentOut, status_code=status.HTTP_201_CREATED)
def upload_attachment(request_id: DbId, file: Annotated[UploadFile, File()], kind: Annotated[str, Form()],
                      title: Annotated[str, Form()], uow: UowDep, actor: UserDep,
                      container: ContainerDep) -> AttachmentOut:
    """Protocol, ethics opinion, DPIA, CESREES opinion, CNIL authorisation… (PDF, DOCX, ODT, text…)."""
    attachment = attachments.upload(
        uow, container.objects, actor, request_id, kind=kind, title=title, filename=file.filename or "file",
        content_type=file.content_type or "", chunks=chunks_of(file), max_bytes=container.settings.max_upload_bytes)
    uow.commit()
    return attachment_out(request_id, attachment)


@router.get(BASE + "/{request_id}/attachments", response_model=list[AttachmentOut])
def list_attachments(request_id: DbId, uow: UowDep, actor: UserDep) -> list[AttachmentOut]:
    return [attachment_out(request_id, a) for a in service.get(uow, actor, request_id).attachments]


@router.get(BASE + "/{request_id}/attachments/{attachment_id}", response_class=StreamingResponse,
            responses={200: {"description": "The file, in its own media type"}})
def download_attachment(request_id: DbId, attachment_id: str, uow: UowDep, actor: UserDep,
                        container: ContainerDep) -> StreamingResponse:
    """Stream an attachment; the download is on the audit trail."""
    response = file_response(container.objects, attachments.download(uow, actor, request_id, attachment_id))
    uow.commit()
    return response


@router.post(BASE + "/{request_id}/opinions", response_model=AccessRequestOut, dependencies=NOTIFY)
def give_opinion(request_id: DbId, body: OpinionIn, uow: UowDep, actor: UserDep, response: Response,
                 if_match: IfMatch = None) -> AccessRequestOut:
    """A producer's opinion on one of its datasets (favourable, with conditions, unfavourable).

    Send the request's version (If-Match, from its ETag): if it changed meanwhile the answer is 409;
    replacing an opinion requires it."""
    reviews.record_opinion(uow, actor, request_id, body, expected_version=_version(if_match))
    uow.commit()
    return _out(response, service.get(uow, actor, request_id), actor)


@router.post(BASE + "/{request_id}/opinions/on-behalf", response_model=AccessRequestOut, dependencies=NOTIFY,
             responses=openapi_responses([403, 404, 409, 413, 415, 422]))
def give_opinion_on_behalf(request_id: DbId, file: Annotated[UploadFile, File()], dataset_id: Annotated[str, Form()],
                           opinion: Annotated[str, Form()], reason: Annotated[str, Form()], uow: UowDep,
                           actor: UserDep, container: ContainerDep, response: Response,
                           conditions: Annotated[str | None, Form()] = None,
                           if_match: IfMatch = None) -> AccessRequestOut:
    """Governance staff: record the opinion a producer nobody represents on the platform sent by other means
    (letter, e-mail), with that document (`file`, kept among the attachments). 409 when the producer has
    members (they give its opinion); the audit trail says who recorded it on whose behalf."""
    body = OpinionIn.model_validate({"dataset_id": dataset_id, "opinion": opinion, "reason": reason,
                                     "conditions": conditions or None})
    reviews.record_opinion_on_behalf(uow, container.objects, actor, request_id, body, filename=file.filename or "file",
                                     content_type=file.content_type or "", chunks=chunks_of(file),
                                     max_bytes=container.settings.max_upload_bytes, expected_version=_version(if_match))
    uow.commit()
    return _out(response, service.get(uow, actor, request_id), actor)


@router.post(BASE + "/{request_id}/milestones", response_model=AccessRequestOut)
def record_milestone(request_id: DbId, body: MilestoneIn, uow: UowDep, actor: UserDep,
                     response: Response) -> AccessRequestOut:
    """An external step (CESREES opinion, CNIL authorisation, MR declaration…) with reference and date."""
    reviews.record_milestone(uow, actor, request_id, body)
    uow.commit()
    return _out(response, service.get(uow, actor, request_id), actor)


@router.get("/me/team-invitations", response_model=list[TeamInvitationOut], tags=["accounts"])
def my_team_invitations(uow: UowDep, actor: UserDep) -> list[TeamInvitationOut]:
    """Team places offered to your (verified) address, waiting for your answer."""
    return [team_invitation_out(member, request) for member, request in team.invitations(uow, actor)]


@router.post(BASE + "/{request_id}/team/accept", response_model=AccessRequestOut, dependencies=NOTIFY)
def accept_team_place(request_id: DbId, uow: UowDep, actor: UserDep, response: Response) -> AccessRequestOut:
    """Join the request's team (your address must be verified): you then follow it as the requester does."""
    request = team.answer(uow, actor, request_id, accept=True)
    uow.commit()
    return _out(response, request, actor)


@router.post(BASE + "/{request_id}/team/decline", status_code=status.HTTP_204_NO_CONTENT)
def decline_team_place(request_id: DbId, uow: UowDep, actor: UserDep) -> Response:
    """Decline a team place: your address leaves the team."""
    team.answer(uow, actor, request_id, accept=False)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(BASE + "/{request_id}/{action}", response_model=AccessRequestOut, dependencies=NOTIFY)
def act(request_id: DbId, action: RequestAction, uow: UowDep, actor: UserDep, response: Response,
        body: TransitionIn | None = None, if_match: IfMatch = None) -> AccessRequestOut:
    """Workflow: submit, start_review, request_changes, resubmit, approve, approve_with_conditions, reject,
    withdraw, expire (only after the access end date)."""
    request = service.transition(uow, actor, request_id, action, body, expected_version=_version(if_match))
    uow.commit()
    return _out(response, request, actor)
