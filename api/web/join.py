"""The page an invitation link opens (/join/<token>): join an organisation, or claim one nobody represents;
and the platform admins' claims to confirm (on /me)."""

from __future__ import annotations

from fastapi import Depends, Request

from api.deps import DbId, UowDep
from api.notify import deliver_after
from api.web import security
from api.web.account import _signup_error
from api.web.deps import FormDep, SignedInDep, WebActorDep, web_router
from api.web.i18n import language_of
from api.web.render import redirect, render
from catalogue.accounts import service as accounts
from catalogue.accounts import sessions
from catalogue.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from catalogue.organisations import onboarding
from catalogue.organisations import service as organisations
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

router = web_router()
NOTIFY = [Depends(deliver_after)]
# A refusal of the answer: the sentence that says why, and the status of the page.
_REFUSED: dict[type, tuple[str, int]] = {Forbidden: ("onboarding.join.wrong_email", 403),
                                         Unauthenticated: ("onboarding.join.sign_in", 401),
                                         Conflict: ("onboarding.join.has_members", 409)}


def _page(request: Request, uow: UnitOfWork, actor: Principal, token: str, *, status_code: int = 200,
          values: dict[str, str] | None = None, errors: dict[str, str] | None = None, refusal: str | None = None):
    try:
        view = onboarding.view_link(uow, actor, token)
    except NotFound:
        return render(request, "join.html", status_code=404, closed="onboarding.join.unknown")
    except ValidationFailed as exc:
        code = (exc.details or [{}])[0].get("code", "expired")
        key = "onboarding.join.expired" if code == "expired" else "onboarding.join.answered"
        return render(request, "join.html", status_code=422, closed=key)
    return render(request, "join.html", status_code=status_code, view=view, invitation=view.invitation,
                  org=view.organisation, token=token, values=values or {}, errors=errors or {}, refusal=refusal,
                  closed=None)


@router.get("/join/{token}")
def join_page(token: str, request: Request, uow: UowDep, actor: WebActorDep):
    """What the link opens, and the one form that answers it (a mail scanner's GET changes nothing)."""
    return _page(request, uow, actor, token)


@router.post("/join/{token}", dependencies=NOTIFY)
def join(token: str, request: Request, form: FormDep, uow: UowDep, actor: WebActorDep):
    values = {"name": str(form.get("name", ""))}
    password = str(form.get("password", ""))
    try:
        joined = onboarding.join(uow, actor, token, name=values["name"] or None, password=password or None)
    except ValidationFailed as exc:
        uow.rollback()
        fields = [d.get("field", "") for d in (exc.details or [])]
        if "token" in fields:
            return _page(request, uow, actor, token)
        errors = {f: _signup_error(request, f, password) for f in fields if f in ("name", "password")}
        return _page(request, uow, actor, token, status_code=422, values=values,
                     errors=errors or {"name": _signup_error(request, "name", password)})
    except (Forbidden, Unauthenticated, Conflict) as exc:
        uow.rollback()
        key, status = next(v for k, v in _REFUSED.items() if isinstance(exc, k))
        return _page(request, uow, actor, token, status_code=status, refusal=key)
    accounts.reads_in(joined.user, language_of(request))
    if joined.created:
        raw = sessions.open_session(uow, joined.user)
        uow.commit()
        security.sign_in(request, raw)
    else:
        uow.commit()
    org = organisations.get(uow, joined.invitation.organisation_id)
    if joined.membership is None:
        security.flash(request, "onboarding.flash.claimed", "info", organisation=org.name)
        return redirect("/me")
    security.flash(request, "onboarding.flash.joined", organisation=org.name)
    return redirect("/workspace")


@router.post("/me/claims/{claim_id}/confirm", dependencies=NOTIFY)
def confirm_claim(claim_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    onboarding.confirm(uow, actor, claim_id)
    uow.commit()
    security.flash(request, "onboarding.flash.confirmed")
    return redirect("/me#me-claims")


@router.post("/me/claims/{claim_id}/refuse", dependencies=NOTIFY)
def refuse_claim(claim_id: DbId, request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    reason = str(form.get("reason", ""))
    try:
        onboarding.refuse(uow, actor, claim_id, reason)
    except ValidationFailed as exc:
        if not any(d.get("field") == "reason" for d in (exc.details or [])):
            raise
        uow.rollback()
        security.flash(request, "onboarding.flash.reason_needed", "error")
        return redirect("/me#me-claims")
    uow.commit()
    security.flash(request, "onboarding.flash.refused")
    return redirect("/me#me-claims")

