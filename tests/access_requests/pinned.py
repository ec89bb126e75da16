"""People and requests of the pinning tests (test_pinned_workflow.py, test_pinned_visibility.py).

Every actor kind the access-request rules distinguish, as an account with a token and a Principal:
the requester (editor of 'lab', so 'lab' filed their requests), an accepted team member, a person named
in the team who never accepted, the producers of the two requested descriptions (chu-test: editor and
admin; other-org: admin), a member of an organisation no request concerns, governance staff, governance
staff who are members of 'lab' (the filing organisation), a platform admin, the system, and nobody.
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests import service as requests
from catalogue.accounts import service as accounts
from catalogue.errors import Conflict, Forbidden, InvalidTransition, NotFound, Unauthenticated, ValidationFailed
from catalogue.organisations import service as organisations
from catalogue.principal import ANONYMOUS, SYSTEM, Principal
from schemas.access_requests import TransitionIn
from schemas.organisations import OrganisationIn
from tests.access_requests.helpers import act, add_user, attach, create, join_team, opinion, verify

URL = "/api/v1/access-requests"
LATER = dt.datetime(2100, 1, 1, 12, tzinfo=dt.UTC)  # long after any access granted here ends

KINDS = ("anonymous", "requester", "team_member", "invited_only", "chu_editor", "chu_admin", "other_admin",
         "unconcerned", "governance", "governance_of_filer", "platform_admin", "system")
EMAILS = {"requester": "user@example.org", "team_member": "teammate@example.org",
          "invited_only": "invitee@example.org", "chu_editor": "editor@example.org",
          "chu_admin": "orgadmin@example.org", "other_admin": "outsider@example.org",
          "unconcerned": "stranger@example.org", "governance": "governance@example.org",
          "governance_of_filer": "gov-lab@example.org", "platform_admin": "admin@example.org"}
TEAM = [{"name": "Ada Team", "email": "teammate@example.org", "role": "statistician"},
        {"name": "Ivy Invited", "email": "invitee@example.org", "role": "clinician"}]

# Refusal labels (InvalidTransition and stale versions are Conflicts: checked before Conflict).
INVALID, FORBIDDEN, UNAUTH, NOT_FOUND, INVALID_INPUT = (
    "InvalidTransition", "Forbidden", "Unauthenticated", "AccessRequestNotFound", "ValidationFailed")


def outcome_of(error: Exception) -> str:
    for cls, label in ((InvalidTransition, INVALID), (Unauthenticated, UNAUTH), (Forbidden, FORBIDDEN),
                       (NotFound, NOT_FOUND), (ValidationFailed, INVALID_INPUT), (Conflict, "Conflict")):
        if isinstance(error, cls):
            return label
    return f"unexpected {type(error).__name__}: {error}"


REFUSALS = (Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed)


def people(client, container, actors) -> dict[str, Principal]:
    """Create the organisations and accounts above; returns each kind's Principal."""
    with container.uow() as uow:
        for org_id in ("lab", "third-org"):
            organisations.create(uow, SYSTEM, OrganisationIn(id=org_id, name=org_id, type="university_hospital"))
        uow.commit()
    add_user(container, actors, "teammate")
    add_user(container, actors, "invitee")
    add_user(container, actors, "stranger", member_of="third-org")
    add_user(container, actors, "gov-lab", governance=True, member_of="lab")
    with container.uow() as uow:
        organisations.add_member(uow, SYSTEM, "lab", "user@example.org", "editor")
        uow.commit()
    verify(container, "invitee@example.org")
    return principals(container)


def principals(container) -> dict[str, Principal]:
    with container.uow() as uow:
        found = {kind: Principal.of(accounts.find_user(uow, email)) for kind, email in EMAILS.items()}
    return {"anonymous": ANONYMOUS, "system": SYSTEM, **found}


def body(action: str, *, reason: bool = True) -> TransitionIn:
    """What each action is sent with: a reason (unless told not to), conditions for a conditional approval."""
    return TransitionIn(reason="written reason" if reason else None,
                        conditions="anonymised extracts only" if action == "approve_with_conditions" else None)


def rest(client, actors, request_id: int, action: str, who: str, **extra) -> None:
    response = act(client, actors, request_id, action, who, **extra)
    assert response.status_code == 200, response.text


def milestone(client, actors, request_id: int, who: str = "user"):
    return client.post(f"{URL}/{request_id}/milestones", headers=actors[who],
                       json={"kind": "mr_declaration", "reference": "MR-004 n°2219876", "date": "2026-01-15"})


def in_state(client, container, actors, state: str, *, datasets: list[str] | None = None, team: bool = True,
             accepted: bool = True, requester: str = "user") -> int:
    """A request of `requester` (both descriptions unless told) brought to `state`; its team (teammate and
    invitee) named unless told, the teammate accepted unless told."""
    changes = {"team": TEAM} if team else {"team": []}
    if datasets:
        changes["datasets"] = datasets
    request_id = create(client, actors, requester, **changes)["id"]
    if team and accepted:
        join_team(client, container, actors, request_id, "teammate")
    for kind in ("ethics_opinion", "protocol"):
        assert attach(client, actors, request_id, kind, requester).status_code == 201
    if state == "draft":
        return request_id
    if state == "withdrawn":
        rest(client, actors, request_id, "submit", requester)
        rest(client, actors, request_id, "withdraw", requester)
        return request_id
    rest(client, actors, request_id, "submit", requester)
    if state == "submitted":
        return request_id
    if state == "changes_requested":
        rest(client, actors, request_id, "request_changes", "governance", reason="say more")
        return request_id
    rest(client, actors, request_id, "start_review", "governance")
    named = datasets or ["registre-test", "cohorte-autre"]
    for dataset_id, who in (("registre-test", "orgadmin"), ("cohorte-autre", "outsider")):
        if dataset_id in named:
            assert opinion(client, actors, request_id, dataset_id, who).status_code == 200
    assert milestone(client, actors, request_id, requester).status_code == 200
    if state == "under_review":
        return request_id
    decisions = {"approved": ("approve", {"reason": "sound"}), "expired": ("approve", {"reason": "sound"}),
                 "approved_with_conditions": ("approve_with_conditions", {"conditions": "anonymised extracts",
                                                                          "reason": "sound"}),
                 "rejected": ("reject", {"reason": "not proportionate"})}
    action, extra = decisions[state]
    rest(client, actors, request_id, action, "governance", **extra)
    if state == "expired":
        with container.uow() as uow:
            requests.transition(uow, SYSTEM, request_id, "expire", TransitionIn(reason="ended"), now=LATER)
            uow.commit()
    return request_id


def status_of(container, request_id: int) -> str:
    """The request's state as its requester sees it (the requester sees every one of their requests)."""
    with container.uow() as uow:
        requester = Principal.of(accounts.find_user(uow, "user@example.org"))
        return requests.get(uow, requester, request_id).status
