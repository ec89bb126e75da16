"""REST v1: your notifications inbox."""

from __future__ import annotations

from fastapi import APIRouter

from api.access_presenters import notification_out
from api.deps import DbId, UowDep, UserDep
from catalogue.notifications import service
from schemas.enquiries import NotificationOut

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.get("", response_model=list[NotificationOut])
def inbox(uow: UowDep, actor: UserDep, unread: bool = False) -> list[NotificationOut]:
    """Every notification sent to you, newest first (also e-mailed when SMTP is configured)."""
    return [notification_out(n) for n in service.inbox(uow, actor, unread_only=unread)]


@router.post("/{notification_id}/read", response_model=NotificationOut)
def mark_read(notification_id: DbId, uow: UowDep, actor: UserDep) -> NotificationOut:
    row = service.mark_read(uow, actor, notification_id)
    uow.commit()
    return notification_out(row)
