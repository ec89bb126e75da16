"""SQL for enquiries."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from catalogue.enquiries.models import Enquiry
from catalogue.principal import Principal


def get(session: Session, enquiry_id: int) -> Enquiry | None:
    return session.get(Enquiry, enquiry_id)


def visible(session: Session, actor: Principal, limit: int = 200) -> list[Enquiry]:
    """The enquiries the actor asked, and those sent to its organisations."""
    conditions = [Enquiry.asker_id == actor.user_id]
    if actor.roles:
        conditions.append(Enquiry.organisation_id.in_(list(actor.roles)))
    return list(session.scalars(select(Enquiry).where(or_(*conditions))
                                .order_by(Enquiry.updated_at.desc(), Enquiry.id.desc()).limit(limit)))
