"""SQL of the statistics: recorded searches and the counts the figures read (the same on SQLite and
PostgreSQL: no JSON operators, no date arithmetic in SQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, delete, distinct, func, select
from sqlalchemy.orm import Session

from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.enquiries.models import Enquiry
from catalogue.stats.models import SearchFilter, SearchRecord

THEMES = "typology.health_categories"


def add(session: Session, row: SearchRecord) -> None:
    session.add(row)


def prune(session: Session, before: dt.date) -> int:
    """Delete the searches recorded before this day (their filters go with them); returns how many."""
    old = select(SearchRecord.id).where(SearchRecord.searched_on < before)
    session.execute(delete(SearchFilter).where(SearchFilter.search_id.in_(old)))
    result = session.execute(delete(SearchRecord).where(SearchRecord.searched_on < before))
    return int(getattr(result, "rowcount", 0) or 0)


def _failed() -> Any:
    return and_(SearchRecord.results == 0, SearchRecord.text != "")


def weeks(session: Session, last: int) -> list[tuple[str, int, int, int]]:
    """(week, searches, searches with text, searches with text that found nothing), the `last` weeks
    that have searches, oldest first."""
    rows = session.execute(
        select(SearchRecord.week, func.count(),
               func.sum(case((SearchRecord.text != "", 1), else_=0)),
               func.sum(case((_failed(), 1), else_=0)))
        .group_by(SearchRecord.week).order_by(SearchRecord.week.desc()).limit(last)).all()
    return [(week, int(n), int(texts or 0), int(failed or 0)) for week, n, texts, failed in reversed(rows)]


def failed_texts(session: Session, limit: int) -> list[tuple[str, int, str]]:
    """(text, times searched, last week) of the texts that found nothing, most searched first."""
    rows = session.execute(
        select(SearchRecord.text, func.count(), func.max(SearchRecord.week)).where(_failed())
        .group_by(SearchRecord.text).order_by(func.count().desc(), SearchRecord.text).limit(limit)).all()
    return [(text, int(n), week) for text, n, week in rows]


def facets(session: Session) -> list[tuple[str, int]]:
    """(facet, searches that filtered, excluded or bounded on it), most used first."""
    n = func.count(distinct(SearchFilter.search_id))
    rows = session.execute(select(SearchFilter.facet, n).group_by(SearchFilter.facet)
                           .order_by(n.desc(), SearchFilter.facet)).all()
    return [(facet, int(count)) for facet, count in rows]


def themes(session: Session, limit: int) -> list[tuple[str, int]]:
    """(health category, searches filtering on it), most searched first."""
    n = func.count()
    rows = session.execute(select(SearchFilter.value, n)
                           .where(SearchFilter.facet == THEMES, SearchFilter.kind == "filter")
                           .group_by(SearchFilter.value).order_by(n.desc(), SearchFilter.value).limit(limit)).all()
    return [(value, int(count)) for value, count in rows]


def enquiries_per_producer(session: Session) -> dict[str, int]:
    rows = session.execute(select(Enquiry.organisation_id, func.count()).group_by(Enquiry.organisation_id)).all()
    return {org: int(n) for org, n in rows}


def filed(session: Session) -> list[tuple[int, str, str, dt.datetime, dt.datetime | None, dt.datetime | None]]:
    """One row per (filed request, producer it asks): (request id, producer, state, filed at, decided at,
    the requester's first enquiry to that producer made before filing, or None)."""
    first_enquiry = (select(func.min(Enquiry.created_at))
                     .where(Enquiry.asker_id == AccessRequest.requester_id,
                            Enquiry.organisation_id == RequestedDataset.organisation_id,
                            Enquiry.created_at <= AccessRequest.submitted_at)
                     .correlate(AccessRequest, RequestedDataset).scalar_subquery())
    rows = session.execute(
        select(AccessRequest.id, RequestedDataset.organisation_id, AccessRequest.status,
               AccessRequest.submitted_at, AccessRequest.decided_at, first_enquiry)
        .join(RequestedDataset, RequestedDataset.request_id == AccessRequest.id)
        .where(AccessRequest.submitted_at.is_not(None)).distinct()
        .order_by(AccessRequest.id, RequestedDataset.organisation_id)).all()
    return [(rid, org, status, submitted, decided, enquired)  # submitted: never None (filtered above)
            for rid, org, status, submitted, decided, enquired in rows if submitted is not None]
