"""REST v1: the audit trail, for governance staff and platform admins."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import ContainerDep, UowDep, UserDep
from catalogue.audit import service as audit
from schemas.enquiries import AuditVerification

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@router.get("", response_class=StreamingResponse, responses={200: {"description": "The trail", "content": {
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}, "text/csv": {}}}})
def export(actor: UserDep, container: ContainerDep, format_: Annotated[Literal["json", "csv"], Query(alias="format")]
           = "json", subject_type: str | None = None, subject_id: str | None = None) -> StreamingResponse:
    """Export the trail in chain order (JSON array or CSV), optionally for one subject."""
    chunks = audit.export(container.uow, actor, format_, subject_type=subject_type, subject_id=subject_id)
    headers = {"Content-Disposition": f'attachment; filename="audit.{format_}"'}
    return StreamingResponse(chunks, media_type=MEDIA[format_], headers=headers)


@router.get("/verify", response_model=AuditVerification)
def verify(uow: UowDep, actor: UserDep) -> AuditVerification:
    """Check the hash chain; names the first broken entry."""
    result = audit.verify_for(uow, actor)
    broken = audit.entry(uow, result.broken_seq) if result.broken_seq else None
    return AuditVerification(ok=result.ok, checked=result.checked, broken_seq=result.broken_seq,
                             message=audit.describe(result, broken))
