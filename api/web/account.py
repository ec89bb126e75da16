"""Sign-in, sign-up and sign-out; "my space" with the user's enquiries, requests and notifications."""

from __future__ import annotations

from fastapi import Request

from api.deps import ContainerDep, UowDep
from api.web import security
from api.web.deps import FormDep, SignedInDep, WebActorDep, safe_next, web_router
from api.web.render import redirect, render
from catalogue.access_requests import service as requests_service
from catalogue.accounts import service as accounts
from catalogue.enquiries import service as enquiries
from catalogue.errors import Conflict, Unauthenticated, ValidationFailed
from catalogue.notifications import service as notifications

router = web_router()
SESSION_DAYS = 1


def _start_session(request: Request, uow, container, user) -> None:
    raw, token = accounts.issue_token(uow, user, name="web session", ttl_days=SESSION_DAYS)
    uow.commit()
    security.sign_in(request, raw, token.id)


@router.get("/signin")
def signin_form(request: Request, actor: WebActorDep, next: str = "/me"):  # noqa: A002
    if actor.authenticated:
        return redirect(safe_next(next, "/me"))
    return render(request, "signin.html", next=safe_next(next, "/me"), email="", failed=False)


@router.post("/signin")
def signin(request: Request, form: FormDep, uow: UowDep, container: ContainerDep):
    email, target = str(form.get("email", "")), safe_next(str(form.get("next", "")), "/me")
    try:
        user = accounts.authenticate(uow, email, str(form.get("password", "")))
    except Unauthenticated:
        return render(request, "signin.html", status_code=401, next=target, email=email, failed=True)
    _start_session(request, uow, container, user)
    security.flash(request, "flash.signed_in", name=user.name)
    return redirect(target)


@router.post("/signout")
def signout(request: Request, form: FormDep, uow: UowDep):
    session = security.session_of(request)
    actor = security.current_principal(request)
    if actor.user_id is not None and session.get("token_id"):
        accounts.revoke_token(uow, actor.user_id, int(session["token_id"]))
        uow.commit()
    session.clear()
    security.flash(request, "flash.signed_out")
    return redirect("/")


@router.get("/signup")
def signup_form(request: Request, next: str = "/me"):  # noqa: A002
    return render(request, "signup.html", next=safe_next(next, "/me"), values={}, errors={})


@router.post("/signup")
def signup(request: Request, form: FormDep, uow: UowDep, container: ContainerDep):
    values = {k: str(form.get(k, "")) for k in ("name", "email")}
    target = safe_next(str(form.get("next", "")), "/me")
    try:
        user = accounts.create_user(uow, email=values["email"], name=values["name"],
                                    password=str(form.get("password", "")))
    except ValidationFailed as exc:
        errors = {d["field"]: d["message"] for d in (exc.details or [])} or {"email": exc.message}
        return render(request, "signup.html", status_code=422, next=target, values=values, errors=errors)
    except Conflict:
        return render(request, "signup.html", status_code=409, next=target, values=values,
                      errors={"email": "exists"})
    _start_session(request, uow, container, user)
    security.flash(request, "flash.signed_up", name=user.name)
    return redirect(target)


@router.get("/me")
def my_space(request: Request, uow: UowDep, actor: SignedInDep):
    user = accounts.get_user(uow, actor.user_id)
    _, mine = requests_service.list_page(uow, actor, page=1, page_size=50)
    return render(request, "me.html", user=user, requests=mine,
                  enquiries=enquiries.list_for(uow, actor),
                  notifications=notifications.inbox(uow, actor, limit=20))
