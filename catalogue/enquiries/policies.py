"""Who may ask and answer: the asker and the producer's members, nobody else."""

from __future__ import annotations

from catalogue.enquiries.errors import EnquiryNotFound
from catalogue.enquiries.models import Enquiry
from catalogue.errors import Forbidden, Unauthenticated
from catalogue.principal import Principal


def ask(actor: Principal, organisation_id: str) -> None:
    """A signed-in person outside the producer asks it a question."""
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    if actor.role_in(organisation_id):
        raise Forbidden(f"you are a member of '{organisation_id}': its members answer enquiries, "
                        "they do not send them")


def is_producer_side(actor: Principal, enquiry: Enquiry) -> bool:
    return actor.role_in(enquiry.organisation_id) is not None


def read(actor: Principal, enquiry: Enquiry) -> None:
    """The thread is private to the asker and the producer's members; others are told it does not exist."""
    if actor.user_id is None or not (actor.user_id == enquiry.asker_id or is_producer_side(actor, enquiry)):
        raise EnquiryNotFound(f"enquiry {enquiry.id} not found")


def reply(actor: Principal, enquiry: Enquiry) -> None:
    read(actor, enquiry)


def contact(actor: Principal, organisation_id: str, user_id: int) -> None:
    """A producer's member writes first to a data user, for the producer (collaboration matching)."""
    if actor.user_id is None:
        raise Unauthenticated("sign in first: send an API token in the Authorization header")
    if actor.role_in(organisation_id) is None:
        raise Forbidden(f"only members of '{organisation_id[:80]}' write to a data user for it")
    if actor.user_id == user_id:
        raise Forbidden("you cannot open a thread with yourself")
