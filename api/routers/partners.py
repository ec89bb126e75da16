"""REST v1: collaboration matching. A data user says what they offer producers (`/me/offer`) and gets the
published descriptions seeking it (`/me/suggestions`); a producer's members (and platform admins) get the
data users who opted in and offer what one of its descriptions seeks (`/datasets/{id}/partners`), and a
member writes to one of them first (`.../enquiry`). To anyone else the partner list does not exist (404)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Response, status

from api.access_presenters import enquiry_out
from api.deps import DbId, PrincipalDep, UowDep, UserDep
from api.notify import deliver_after
from catalogue.partners import service
from schemas.enquiries import EnquiryOut
from schemas.partners import OfferIn, OfferOut, Overlap, PartnerEnquiryIn, PartnerOut, SuggestionOut

router = APIRouter(prefix="/api/v1", tags=["partners"])


@router.get("/me/offer", response_model=OfferOut)
def get_offer(uow: UowDep, actor: UserDep) -> OfferOut:
    """What you offer producers (empty and hidden from producers until you say otherwise)."""
    return OfferOut(**service.offer_of(uow, actor).model_dump())


@router.put("/me/offer", response_model=OfferOut)
def put_offer(body: OfferIn, uow: UowDep, actor: UserDep) -> OfferOut:
    """Replace your offer: collaboration codes, health categories, a line of skills, and whether the
    producers of descriptions seeking what you offer may see it (with your name)."""
    saved = service.save_offer(uow, actor, body)
    uow.commit()
    return OfferOut(**saved.model_dump())


@router.get("/me/suggestions", response_model=list[SuggestionOut])
def my_suggestions(uow: UowDep, actor: UserDep) -> list[SuggestionOut]:
    """Published descriptions whose producer seeks what you offer: most offers met first, then most of
    its health categories in your fields; ten at most."""
    return [SuggestionOut(dataset_id=s.dataset.id, organisation_id=s.dataset.organisation_id,
                          title=dict(s.dataset.record.get("title") or {}),
                          because=Overlap(offers=s.offers, fields=s.fields),
                          ask=f"/datasets/{quote(s.dataset.id, safe='')}/ask")
            for s in service.suggestions(uow, actor)]


@router.get("/datasets/{dataset_id}/partners", response_model=list[PartnerOut])
def dataset_partners(dataset_id: str, uow: UowDep, actor: PrincipalDep) -> list[PartnerOut]:
    """For the description's producer's members and platform admins: the data users who opted in and
    offer what it seeks, ranked like the suggestions; ten at most."""
    return [PartnerOut(user_id=p.user.id, name=p.user.name, skills=p.skills,
                       because=Overlap(offers=p.offers, fields=p.fields))
            for p in service.partners(uow, actor, dataset_id)]


@router.post("/datasets/{dataset_id}/partners/{user_id}/enquiry", response_model=EnquiryOut,
             status_code=status.HTTP_201_CREATED, dependencies=[Depends(deliver_after)])
def contact_partner(dataset_id: str, user_id: DbId, body: PartnerEnquiryIn, uow: UowDep, actor: UserDep,
                    response: Response) -> EnquiryOut:
    """A member of the producer opens an enquiry thread with one of the description's partners, writing
    first; the user is notified in their language."""
    enquiry = service.start_enquiry(uow, actor, dataset_id, user_id, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/enquiries/{enquiry.id}"
    return enquiry_out(enquiry)
