"""SQL for harvest runs and harvested items."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.harvest.models import HarvestItem, HarvestRun


def item(session: Session, source_url: str, remote_name: str) -> HarvestItem | None:
    return session.scalar(select(HarvestItem).where(HarvestItem.source_url == source_url,
                                                    HarvestItem.remote_name == remote_name))


def item_for_dataset(session: Session, dataset_id: str) -> HarvestItem | None:
    return session.scalar(select(HarvestItem).where(HarvestItem.dataset_id == dataset_id).limit(1))


def items_of(session: Session, source_url: str) -> list[HarvestItem]:
    return list(session.scalars(select(HarvestItem).where(HarvestItem.source_url == source_url)))


def runs(session: Session, source_url: str | None = None, limit: int = 20) -> list[HarvestRun]:
    statement = select(HarvestRun).order_by(HarvestRun.id.desc()).limit(limit)
    if source_url:
        statement = statement.where(HarvestRun.source_url == source_url)
    return list(session.scalars(statement))


def run(session: Session, run_id: int) -> HarvestRun | None:
    return session.get(HarvestRun, run_id)
