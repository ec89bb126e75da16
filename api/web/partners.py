"""Collaboration matching on the web pages: the offer form and the suggestions on /me, the data users who
could work with a description on its page (its producer's members), and the form a member writes to one
of them with. Each suggestion is explained in one line, written from the codes both sides share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from babel.lists import format_list
from fastapi import Depends, Request
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import DbId, UowDep
from api.notify import deliver_after
from api.web import refusals, security
from api.web.deps import FormDep, SignedInDep, web_router
from api.web.i18n import Translator, language_of
from api.web.render import redirect, render
from catalogue.datasets import service as datasets
from catalogue.datasets.models import Dataset
from catalogue.partners import service
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas import vocabularies as v
from schemas.partners import MAX_SKILLS, OfferIn, PartnerEnquiryIn

router = web_router()
OFFERS = get_args(v.CollaborationNeed)
FIELDS = get_args(v.HealthCategory)


@dataclass(frozen=True)
class Shown:
    """A suggestion as a page shows it: the thing suggested and the line that explains it."""

    item: Any
    why: str


def _words(t: Translator, vocabulary: str, codes: list[str]) -> str:
    """Labels inside a sentence, as the locale lists them: "algorithm validation and co-development"."""
    labels = [t.label(vocabulary, code) for code in codes]
    return format_list([label[:1].lower() + label[1:] for label in labels], locale=t.locale) if labels else ""


def why(t: Translator, side: str, offers: list[str], fields: list[str]) -> str:
    """One line from the shared codes; `side` is "user" (a description suggested to a data user) or
    "producer" (a data user suggested to a producer)."""
    params = {"offers": _words(t, "seeking", offers), "fields": _words(t, "health_category", fields)}
    return t(f"partners.why.{side}_fields" if fields else f"partners.why.{side}", **params)


def me_context(uow: UnitOfWork, actor: Principal, t: Translator,
               refusal: refusals.Refusal | None = None) -> dict[str, Any]:
    """What /me shows of collaboration matching: the offer (with the refusal of a crafted one) and the
    explained suggestions."""
    return {"offer": service.offer_of(uow, actor), "offer_codes": OFFERS, "field_codes": FIELDS,
            "max_skills": MAX_SKILLS, "refusal": refusal,
            "suggestions": [Shown(s, why(t, "user", s.offers, s.fields)) for s in service.suggestions(uow, actor)]}


def dataset_context(uow: UnitOfWork, actor: Principal, dataset: Dataset, t: Translator) -> dict[str, Any] | None:
    """The data users who could work with the description, for its producer's members and platform admins
    (None for anyone else: the page shows nothing)."""
    if not service.may_see_partners(actor, dataset):
        return None
    return {"can_write": service.can_contact(actor, dataset),
            "people": [Shown(p, why(t, "producer", p.offers, p.fields))
                       for p in service.partners(uow, actor, dataset.id)]}


def offer_from(form: FormData) -> OfferIn:
    """The offer the /me form sent (its checkboxes and line); raises pydantic's ValidationError."""
    return OfferIn(offers=[str(c) for c in form.getlist("offers")], fields=[str(c) for c in form.getlist("fields")],
                   skills=str(form.get("skills", "")), visible_to_producers=form.get("visible_to_producers") == "1")


def _enquiry_page(request: Request, uow: UnitOfWork, actor: Principal, dataset_id: str, user_id: int, *,
                  status_code: int = 200, values: dict[str, str] | None = None, error: str | None = None):
    partner = service.partner_to_write_to(uow, actor, dataset_id, user_id)
    return render(request, "partners_enquiry.html", status_code=status_code, partner=partner,
                  dataset=datasets.get(uow, actor, dataset_id), values=values or {}, error=error)


@router.get("/datasets/{dataset_id}/partners/{user_id}/enquiry")
def enquiry_form(dataset_id: str, user_id: DbId, request: Request, uow: UowDep, actor: SignedInDep):
    return _enquiry_page(request, uow, actor, dataset_id, user_id)


@router.post("/datasets/{dataset_id}/partners/{user_id}/enquiry", dependencies=[Depends(deliver_after)])
def start_enquiry(dataset_id: str, user_id: DbId, request: Request, form: FormDep, uow: UowDep,
                  actor: SignedInDep):
    """A producer's member writes first; then the thread is the usual enquiry page."""
    values = {k: str(form.get(k, "")) for k in ("subject", "message")}
    try:
        data = PartnerEnquiryIn(**values)
    except ValidationError:
        t = Translator(language_of(request))
        return _enquiry_page(request, uow, actor, dataset_id, user_id, status_code=422, values=values,
                             error=t("partners.enquiry.invalid"))
    enquiry = service.start_enquiry(uow, actor, dataset_id, user_id, data)
    uow.commit()
    security.flash(request, "partners.enquiry.sent")
    return redirect(f"/me/enquiries/{enquiry.id}")
