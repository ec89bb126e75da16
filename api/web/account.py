"""Sign-in (throttled), sign-up, e-mail verification and sign-out; "my space" with the user's enquiries,
requests, invitations and notifications."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Request
from pydantic import ValidationError

from api.deps import ContainerDep, DbId, UowDep
from api.notify import deliver_after
from api.web import partners as partners_web
from api.web import refusals, security
from api.web.deps import FormDep, SignedInDep, WebActorDep, safe_next, web_router
from api.web.i18n import Translator, language_of
from api.web.render import redirect, render
from catalogue.access_requests import service as requests_service
from catalogue.access_requests.eligibility import REQUESTER_TYPES
from catalogue.accounts import service as accounts
from catalogue.accounts import sessions, verification
from catalogue.accounts.passwords import MIN_LENGTH
from catalogue.accounts.throttle import SignInThrottle
from catalogue.enquiries import service as enquiries
from catalogue.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationFailed
from catalogue.notifications import service as notifications
from catalogue.organisations import invitations, onboarding
from catalogue.partners import service as partners
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork

router = web_router()
NOTIFY = [Depends(deliver_after)]  # e-mail the links and notices once the transaction is over


def _signin_page(request: Request, *, status_code: int = 200, retry_after: int | None = None, **values):
    response = render(request, "signin.html", status_code=status_code, retry_after=retry_after, **values)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/signin")
def signin_form(request: Request, actor: WebActorDep, next: str = "/me"):  # noqa: A002
    if actor.authenticated:
        return redirect(safe_next(next, "/me"))
    return _signin_page(request, next=safe_next(next, "/me"), email="", failed=False)


@router.post("/signin")
def signin(request: Request, form: FormDep, uow: UowDep, container: ContainerDep):
    email, target = str(form.get("email", "")), safe_next(str(form.get("next", "")), "/me")
    client = request.client.host if request.client else None
    try:
        user = accounts.authenticate(uow, email, str(form.get("password", "")),
                                     throttle=SignInThrottle.of(container), client=client)
    except Unauthenticated:
        return _signin_page(request, status_code=401, next=target, email=email, failed=True)
    except TooManyRequests as exc:
        return _signin_page(request, status_code=429, next=target, email=email, failed=False,
                            retry_after=exc.retry_after)
    accounts.reads_in(user, language_of(request))
    raw = sessions.open_session(uow, user)
    uow.commit()
    security.sign_in(request, raw)
    security.flash(request, "flash.signed_in", name=user.name)
    return redirect(target)


@router.post("/signout")
def signout(request: Request, form: FormDep, uow: UowDep):
    if raw := security.session_id(request):
        sessions.close_session(uow, raw)
        uow.commit()
    security.session_of(request).clear()
    security.flash(request, "flash.signed_out")
    return redirect("/")


@router.get("/signup")
def signup_form(request: Request, next: str = "/me"):  # noqa: A002
    return render(request, "signup.html", next=safe_next(next, "/me"), values={}, errors={},
                  requester_types=REQUESTER_TYPES)


@router.post("/signup", dependencies=NOTIFY)
def signup(request: Request, form: FormDep, uow: UowDep, container: ContainerDep):
    """The same answer for a new address and a known one: "check your e-mail" (see accounts.register)."""
    values = {k: str(form.get(k, "")) for k in ("name", "email", "requester_type")}
    target = safe_next(str(form.get("next", "")), "/me")
    try:
        accounts.register(uow, SignInThrottle.of(container), email=values["email"], name=values["name"],
                          password=str(form.get("password", "")), requester_type=values["requester_type"],
                          lang=language_of(request))
    except ValidationFailed as exc:
        fields = [d["field"] for d in (exc.details or [])] or ["email"]
        errors = {field: _signup_error(request, field, str(form.get("password", ""))) for field in fields}
        return render(request, "signup.html", status_code=422, next=target, values=values, errors=errors,
                      requester_types=REQUESTER_TYPES)
    uow.commit()
    security.flash(request, "flash.check_email", "info", email=values["email"].strip().lower())
    return redirect(f"/signin?next={quote(target)}")


def _signup_error(request: Request, field: str, password: str) -> str:
    """A refused sign-up field in the page's language (the service's reasons are in English)."""
    t = Translator(language_of(request))
    if field == "password":
        if len(password) < MIN_LENGTH:
            return t("signup.error.password_short", min=MIN_LENGTH)
        return t("signup.error.password_weak")
    if field == "requester_type":
        return t("panel.error.requester_type")
    return t(f"signup.error.{field}") if t.has(f"signup.error.{field}") else t("signup.error.email")


@router.get("/verify")
def verify_form(request: Request, token: str = ""):
    """The link of the verification e-mail: one button confirms (a mail scanner's GET changes nothing)."""
    return render(request, "verify.html", token=token, error=None)


@router.post("/verify")
def verify(request: Request, form: FormDep, uow: UowDep, actor: WebActorDep):
    token = str(form.get("token", ""))
    try:
        verification.verify(uow, token)
    except ValidationFailed:
        return render(request, "verify.html", status_code=422, token="", error="verify.invalid")
    uow.commit()
    security.flash(request, "flash.email_verified")
    return redirect("/me" if actor.authenticated else "/signin?next=/me")


@router.post("/me/verification", dependencies=NOTIFY)
def resend_verification(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
                        container: ContainerDep):
    try:
        verification.resend(uow, accounts.get_user(uow, actor.user_id), SignInThrottle.of(container))
    except TooManyRequests as exc:  # stay on My space, which says what to do next
        security.flash(request, "flash.verification_throttled", "error", minutes=max(1, -(-exc.retry_after // 60)))
        return redirect("/me")
    uow.commit()
    security.flash(request, "flash.verification_sent", "info")
    return redirect("/me")


@router.post("/me/invitations/{invitation_id}/{answer}")
def answer_invitation(request: Request, invitation_id: DbId, answer: str, form: FormDep, uow: UowDep,
                      actor: SignedInDep):
    if answer not in ("accept", "decline"):
        raise ValidationFailed(f"unknown answer '{answer}': accept or decline",
                               details=[{"field": "answer", "message": "accept or decline"}])
    try:
        if answer == "accept":
            member = invitations.accept(uow, actor, invitation_id)
        else:
            invitations.decline(uow, actor, invitation_id)
    except (NotFound, Forbidden, Conflict, ValidationFailed):  # used, expired, someone else's: say so on My space
        security.flash(request, "flash.invitation_gone", "error")
        return redirect("/me")
    uow.commit()
    if answer == "accept":
        security.flash(request, "flash.invitation_accepted", org=member.organisation_id)
    else:
        security.flash(request, "flash.invitation_declined", "info")
    return redirect("/me")


@router.post("/me/requester-type")
def set_requester_type(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """Save the requester type from My space; a refused value stays in the form, with what to choose."""
    value = str(form.get("requester_type", ""))
    try:
        accounts.set_requester_type(uow, actor, value)
    except ValidationFailed:
        t = Translator(language_of(request))
        return _my_space(request, uow, actor, status_code=422, requester_type=value,
                         requester_type_error=t("panel.error.requester_type"))
    uow.commit()
    security.flash(request, "panel.saved")
    return redirect("/me#requester-type")


@router.post("/me/offer")
def save_offer(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep):
    """Save what the user offers producers (collaboration matching); a refused (crafted) offer is shown
    on /me with what was wrong, and nothing is saved."""
    try:
        partners.save_offer(uow, actor, partners_web.offer_from(form))
    except ValidationError as exc:
        shown = refusals.refusal(exc, Translator(language_of(request)), "offer", refusals.typed(form))
        return _my_space(request, uow, actor, status_code=shown.status, offer_refusal=shown)
    uow.commit()
    security.flash(request, "partners.offer.saved")
    return redirect("/me#offer")


@router.get("/me")
def my_space(request: Request, uow: UowDep, actor: SignedInDep):
    return _my_space(request, uow, actor)


def _my_space(request: Request, uow: UnitOfWork, actor: Principal, *, status_code: int = 200,
              requester_type: str | None = None, requester_type_error: str | None = None,
              offer_refusal: refusals.Refusal | None = None):
    """My space; `requester_type` and its error when a refused value is shown again."""
    user = accounts.get_user(uow, actor.user_id)
    mine, reviewing = requests_service.my_space(uow, actor)
    asked, to_organisations = enquiries.my_space(uow, actor)
    return render(request, "me.html", status_code=status_code, user=user, requests=mine, reviewing=reviewing,
                  enquiries=asked, enquiries_to_us=to_organisations, invitations=invitations.mine(uow, actor),
                  notifications=notifications.inbox(uow, actor, limit=20), requester_types=REQUESTER_TYPES,
                  requester_type=user.requester_type if requester_type is None else requester_type,
                  requester_type_error=requester_type_error, claims=claims_for(uow, actor),
                  partners=partners_web.me_context(uow, actor, Translator(language_of(request)), offer_refusal))


def claims_for(uow: UnitOfWork, actor: Principal) -> list[onboarding.Claim]:
    """The claims a platform admin may decide, for /me (nothing for anyone else)."""
    return onboarding.claims(uow, actor) if actor.is_platform_admin else []
