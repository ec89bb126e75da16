"""REST v1: the public register of approved access requests (no sign-in needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access_presenters import register_entry
from api.deps import UowDep
from catalogue.access_requests import register
from schemas.access_requests import RegisterEntry
from schemas.api import Page

router = APIRouter(prefix="/api/v1/register", tags=["public register"])


@router.get("", response_model=Page[RegisterEntry])
def public_register(uow: UowDep, page: Annotated[int, Query(ge=1, le=10000)] = 1,
                    page_size: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[RegisterEntry]:
    """Approved projects: title, requester organisation, datasets, purpose, decision and its date."""
    total, entries = register.page(uow, page=page, page_size=page_size)
    return Page(total=total, page=page, page_size=page_size, items=[register_entry(e) for e in entries])
