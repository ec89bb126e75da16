"""Sign-in (throttled), sign-up, e-mail verification and sign-out; "my space" with the user's enquiries,
requests, invitations and notifications."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Request

from api.deps import ContainerDep, DbId, UowDep
from api.notify import deliver_after
from api.web import security
from api.web.deps import FormDep, SignedInDep, WebActorDep, safe_next, web_router
from api.web.render import redirect, render
from catalogue.access_requests import service as requests_service
from catalogue.accounts import service as accounts
from catalogue.accounts import sessions, verification
from catalogue.accounts.throttle import SignInThrottle
from catalogue.enquiries import service as enquiries
from catalogue.errors import TooManyRequests, Unauthenticated, ValidationFailed
from catalogue.notifications import service as notifications
from catalogue.organisations import invitations

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
    return render(request, "signup.html", next=safe_next(next, "/me"), values={}, errors={})


@router.post("/signup", dependencies=NOTIFY)
def signup(request: Request, form: FormDep, uow: UowDep, container: ContainerDep):
    """The same answer for a new address and a known one: "check your e-mail" (see accounts.register)."""
    values = {k: str(form.get(k, "")) for k in ("name", "email")}
    target = safe_next(str(form.get("next", "")), "/me")
    try:
        accounts.register(uow, SignInThrottle.of(container), email=values["email"], name=values["name"],
                          password=str(form.get("password", "")))
    except ValidationFailed as exc:
        errors = {d["field"]: d["message"] for d in (exc.details or [])} or {"email": exc.message}
        return render(request, "signup.html", status_code=422, next=target, values=values, errors=errors)
    uow.commit()
    security.flash(request, "flash.check_email", "info", email=values["email"].strip().lower())
    return redirect(f"/signin?next={quote(target)}")


@router.get("/verify")
def verify_form(request: Request, token: str = ""):
    """The link of the verification e-mail: one button confirms (a mail scanner's GET changes nothing)."""
    return render(request, "verify.html", token=token, error=None)


@router.post("/verify")
def verify(request: Request, form: FormDep, uow: UowDep, actor: WebActorDep):
    token = str(form.get("token", ""))
    try:
        verification.verify(uow, token)
    except ValidationFailed as exc:
        return render(request, "verify.html", status_code=422, token=token, error=exc.message)
    uow.commit()
    security.flash(request, "flash.email_verified")
    return redirect("/me" if actor.authenticated else "/signin?next=/me")


@router.post("/me/verification", dependencies=NOTIFY)
def resend_verification(request: Request, form: FormDep, uow: UowDep, actor: SignedInDep,
                        container: ContainerDep):
    verification.resend(uow, accounts.get_user(uow, actor.user_id), SignInThrottle.of(container))
    uow.commit()
    security.flash(request, "flash.verification_sent", "info")
    return redirect("/me")


@router.post("/me/invitations/{invitation_id}/{answer}")
def answer_invitation(request: Request, invitation_id: DbId, answer: str, form: FormDep, uow: UowDep,
                      actor: SignedInDep):
    if answer == "accept":
        member = invitations.accept(uow, actor, invitation_id)
        uow.commit()
        security.flash(request, "flash.invitation_accepted", org=member.organisation_id)
    elif answer == "decline":
        invitations.decline(uow, actor, invitation_id)
        uow.commit()
        security.flash(request, "flash.invitation_declined", "info")
    else:
        raise ValidationFailed(f"unknown answer '{answer}': accept or decline",
                               details=[{"field": "answer", "message": "accept or decline"}])
    return redirect("/me")


@router.get("/me")
def my_space(request: Request, uow: UowDep, actor: SignedInDep):
    user = accounts.get_user(uow, actor.user_id)
    _, mine = requests_service.list_page(uow, actor, page=1, page_size=50)
    return render(request, "me.html", user=user, requests=mine,
                  enquiries=enquiries.list_for(uow, actor), invitations=invitations.mine(uow, actor),
                  notifications=notifications.inbox(uow, actor, limit=20))
