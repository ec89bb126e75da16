"""REST v1: documents attached to a description (streamed upload and download)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status
from fastapi.responses import StreamingResponse

from api.downloads import file_response
from api.uploads import chunks_of
from api.deps import ContainerDep, PrincipalDep, UowDep, UserDep
from api.presenters import document_out
from catalogue.documents import service
from schemas.api import DocumentOut

router = APIRouter(prefix="/api/v1/datasets/{dataset_id}/documents", tags=["documents"])
FILE: dict[int | str, dict] = {200: {"description": "The file, in its own media type"}}



@router.post("", response_model=DocumentOut, status_code=status.HTTP_201_CREATED)
def upload_document(dataset_id: str, file: Annotated[UploadFile, File()], title: Annotated[str, Form()],
                    kind: Annotated[str, Form()], uow: UowDep, actor: UserDep,
                    container: ContainerDep) -> DocumentOut:
    """Attach a file (PDF, CSV, XLSX, DOCX, ODS/ODT, JSON, text, ZIP) within the size limit."""
    document = service.upload(
        uow, container.objects, actor, dataset_id, title=title, kind=kind, filename=file.filename or "file",
        content_type=file.content_type or "", chunks=chunks_of(file),
        max_bytes=container.settings.max_upload_bytes,
    )
    uow.commit()
    return document_out(document)


@router.get("", response_model=list[DocumentOut])
def list_documents(dataset_id: str, uow: UowDep, actor: PrincipalDep) -> list[DocumentOut]:
    return [document_out(d) for d in service.list_for(uow, actor, dataset_id)]


@router.get("/{document_id}", response_class=StreamingResponse, responses=FILE)
def download_document(dataset_id: str, document_id: str, uow: UowDep, actor: PrincipalDep,
                      container: ContainerDep) -> StreamingResponse:
    """Stream the file, with its SHA-256 in X-Checksum-SHA256."""
    return file_response(container.objects, service.get(uow, actor, dataset_id, document_id))


@router.delete("/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_document(dataset_id: str, document_id: str, uow: UowDep, actor: UserDep,
                    container: ContainerDep) -> None:
    service.delete(uow, container.objects, actor, dataset_id, document_id)
    uow.commit()
