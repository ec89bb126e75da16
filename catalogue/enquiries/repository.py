"""SQL for enquiries."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from catalogue.enquiries.models import Enquiry
from catalogue.principal import Principal


def get(session: Session, enquiry_id: int) -> Enquiry | None:
    return session.get(Enquiry, enquiry_id)


def latest_between(session: Session, asker_id: int, dataset_id: str) -> Enquiry | None:
    """The thread this person most recently had with the producer about this description."""
    return session.scalar(select(Enquiry).where(Enquiry.asker_id == asker_id, Enquiry.dataset_id == dataset_id)
                          .order_by(Enquiry.updated_at.desc(), Enquiry.id.desc()).limit(1))


def asked_by(session: Session, actor: Principal, limit: int = 200) -> list[Enquiry]:
    """The enquiries the actor asked, most recently active first."""
    return list(session.scalars(select(Enquiry).where(Enquiry.asker_id == actor.user_id)
                                .order_by(Enquiry.updated_at.desc(), Enquiry.id.desc()).limit(limit)))


def sent_to_organisations_of(session: Session, actor: Principal, limit: int = 200) -> list[Enquiry]:
    """The enquiries others sent to the actor's organisations, most recently active first."""
    if not actor.roles:
        return []
    return list(session.scalars(select(Enquiry).where(Enquiry.organisation_id.in_(list(actor.roles)),
                                                      Enquiry.asker_id != actor.user_id)
                                .order_by(Enquiry.updated_at.desc(), Enquiry.id.desc()).limit(limit)))


def visible(session: Session, actor: Principal, limit: int = 200) -> list[Enquiry]:
    """The enquiries the actor asked, and those sent to its organisations."""
    conditions = [Enquiry.asker_id == actor.user_id]
    if actor.roles:
        conditions.append(Enquiry.organisation_id.in_(list(actor.roles)))
    return list(session.scalars(select(Enquiry).where(or_(*conditions))
                                .order_by(Enquiry.updated_at.desc(), Enquiry.id.desc()).limit(limit)))
