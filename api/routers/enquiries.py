"""REST v1: enquiries, a data user's questions to a producer before any request."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from api.access_presenters import enquiry_out, message_out
from api.deps import DbId, UowDep, UserDep
from api.notify import deliver_after
from catalogue.enquiries import service
from schemas.enquiries import EnquiryIn, EnquiryOut, MessageIn, MessageOut

router = APIRouter(prefix="/api/v1/enquiries", tags=["enquiries"])


@router.post("", response_model=EnquiryOut, status_code=status.HTTP_201_CREATED,
             dependencies=[Depends(deliver_after)])
def ask(body: EnquiryIn, uow: UowDep, actor: UserDep, response: Response) -> EnquiryOut:
    """Ask the producer of a published description (feasibility, variables, cost…)."""
    enquiry = service.create(uow, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/enquiries/{enquiry.id}"
    return enquiry_out(enquiry)


@router.get("", response_model=list[EnquiryOut])
def list_enquiries(uow: UowDep, actor: UserDep) -> list[EnquiryOut]:
    """The threads you started and those addressed to your organisations (without their messages)."""
    return [enquiry_out(e, with_messages=False) for e in service.list_for(uow, actor)]


@router.get("/{enquiry_id}", response_model=EnquiryOut)
def get_enquiry(enquiry_id: DbId, uow: UowDep, actor: UserDep) -> EnquiryOut:
    return enquiry_out(service.get(uow, actor, enquiry_id))


@router.post("/{enquiry_id}/messages", response_model=MessageOut, status_code=status.HTTP_201_CREATED,
             dependencies=[Depends(deliver_after)])
def post_message(enquiry_id: DbId, body: MessageIn, uow: UowDep, actor: UserDep) -> MessageOut:
    message = service.reply(uow, actor, enquiry_id, body.body)
    uow.commit()
    return message_out(message)
