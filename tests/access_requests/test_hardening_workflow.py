"""Issue 10, findings 4, 6, 7, 8 and 9 (opinions' version, team acceptance): the workflow's rules hold
on every front door. Each test fails on main at 472a318.

Runs on the embedded and the production stack (the `settings` fixture).
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from catalogue.access_requests import reviews, schedule, service, substance, workflow
from catalogue.access_requests.models import AccessRequest
from catalogue.errors import InvalidTransition
from catalogue.principal import SYSTEM
from schemas.access_requests import OpinionIn
from schemas.access_vocabularies import RequestAction
from tests.access_requests.helpers import (
    act, add_user, attach, create, opinion, request_body, reviewed, setup_datasets, submitted, verify,
    version_of,
)
from tests.access_requests.test_concurrency import principal
from tests.races import race
from tests.web.helpers import csrf_of, sign_in

URL = "/api/v1/access-requests"
ORIGINAL = "Registre des AVC du CHU"
DRAFT_TITLE = "BROUILLON NON PUBLIÉ — ne pas diffuser"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    record = copy.deepcopy(record)
    record["title"] = {"fr": ORIGINAL, "en": "CHU stroke registry"}
    setup_datasets(client, actors, record)


def error(response) -> dict:
    return response.json()["error"]


def retitle(client, actors, title: str, *, unpublish: bool) -> None:
    """The producer edits registre-test (after unpublishing it, the edit is a draft nobody else sees)."""
    if unpublish:
        assert client.post("/api/v1/datasets/registre-test/unpublish", headers=actors["editor"]).status_code == 200
    body = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()
    body = body.get("record", body)
    body["title"] = {"fr": title, "en": title}
    response = client.put("/api/v1/datasets/registre-test", json=body, headers=actors["editor"])
    assert response.status_code == 200, response.text


def approved(client, actors) -> int:
    request_id = reviewed(client, actors)
    response = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert response.status_code == 200, response.text
    return request_id


def web_as(client, who: str) -> None:
    client.cookies.clear()
    sign_in(client, who)


# -- finding 4: requests and the register show what was published ------------------------------

def test_an_unpublished_retitled_description_never_leaks_its_draft_title(client, actors):
    request_id = approved(client, actors)
    retitle(client, actors, DRAFT_TITLE, unpublish=True)
    register = client.get("/api/v1/register").json()["items"][0]
    entry = next(d for d in register["datasets"] if d["id"] == "registre-test")
    assert entry["title"] == "CHU stroke registry" and entry["titles"]["fr"] == ORIGINAL
    assert entry["producer"] == "CHU Test"
    out = client.get(f"{URL}/{request_id}", headers=actors["user"]).json()
    shown = next(d for d in out["datasets"] if d["dataset_id"] == "registre-test")
    assert shown["titles"]["fr"] == ORIGINAL and shown["published_revision"] is not None
    assert DRAFT_TITLE not in str(out)
    client.cookies.clear()
    assert ORIGINAL in client.get("/register").text and DRAFT_TITLE not in client.get("/register").text
    for who, page in (("user", f"/requests/{request_id}"), ("governance", f"/governance/requests/{request_id}"),
                      ("governance", "/governance?status=approved")):
        web_as(client, who)
        text = client.get(page).text
        assert DRAFT_TITLE not in text, (who, page)
    assert ORIGINAL in client.get(f"/governance/requests/{request_id}").text


def test_the_snapshot_follows_what_is_published_at_submission_and_decision(client, actors):
    request_id = reviewed(client, actors)
    retitle(client, actors, "Registre AVC (édition 2026)", unpublish=False)  # a published edit
    act(client, actors, request_id, "approve", "governance", reason="decided")
    entry = client.get("/api/v1/register").json()["items"][0]
    assert "Registre AVC (édition 2026)" in [d["titles"].get("fr") for d in entry["datasets"]]


# -- finding 6: a substantive resubmission asks the producers again -----------------------------

def changes_requested(client, actors) -> int:
    request_id = reviewed(client, actors)
    response = act(client, actors, request_id, "request_changes", "governance", reason="précisez le protocole")
    assert response.status_code == 200
    return request_id


def edit(client, actors, request_id: int, **changes) -> None:
    response = client.put(f"{URL}/{request_id}", json=request_body(**changes), headers=actors["user"])
    assert response.status_code == 200, response.text


def test_a_substantive_resubmission_supersedes_the_opinions(client, actors):
    request_id = changes_requested(client, actors)
    edit(client, actors, request_id, purpose="commercial", duration_months=120, variables="toutes les variables")
    assert act(client, actors, request_id, "resubmit", "user").status_code == 200
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    response = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert response.status_code == 409 and error(response)["code"] == "opinions_pending"
    assert "registre-test" in error(response)["message"]
    out = client.get(f"{URL}/{request_id}", headers=actors["governance"]).json()
    assert out["opinions"] == [] and len(out["superseded_opinions"]) == 2
    assert all(o["superseded_at"] and o["round"] == 1 for o in out["superseded_opinions"])
    history = client.get(f"{URL}/{request_id}/history", headers=actors["governance"]).json()
    superseded = [h for h in history if h["action"] == "access_request.opinions_superseded"]
    assert superseded and superseded[0]["details"]["changed"] == ["purpose", "variables", "duration_months"]
    for who in ("orgadmin", "outsider"):  # asked again, as at the first review
        events = [n["event"] for n in client.get("/api/v1/notifications", headers=actors[who]).json()]
        assert events.count("opinion_needed") >= 2, (who, events)
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    assert act(client, actors, request_id, "approve", "governance", reason="decided").status_code == 200


def test_a_resubmission_that_changes_nothing_substantive_keeps_the_opinions(client, actors):
    request_id = changes_requested(client, actors)
    edit(client, actors, request_id, project_title="Parcours de soins après un AVC")
    act(client, actors, request_id, "resubmit", "user")
    act(client, actors, request_id, "start_review", "governance")
    response = act(client, actors, request_id, "approve", "governance", reason="decided")
    assert response.status_code == 200, response.text
    assert len(response.json()["opinions"]) == 2 and response.json()["superseded_opinions"] == []


def test_the_substance_of_a_request_is_pinned():
    assert substance.SUBSTANCE == ("purpose", "requester_organisation", "requester_organisation_type",
                                   "project_summary", "variables", "duration_months", "legal_route", "datasets",
                                   "team")
    request = AccessRequest(purpose="research", requester_organisation="U", requester_organisation_type="academic",
                            project_summary="s", variables="v", duration_months=12, legal_route="consent",
                            project_title="t")
    request.submitted_substance = substance.of(request)
    request.project_title = "another title"
    assert substance.changed(request) == []
    request.duration_months = 120
    assert substance.changed(request) == ["duration_months"]


# -- finding 7: whoever gave an opinion does not decide -----------------------------------------

def test_an_opinion_giver_cannot_decide_the_request(client, actors, container):
    add_user(container, actors, "gov-chu", governance=True, member_of="chu-test")
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    assert opinion(client, actors, request_id, "registre-test", "gov-chu").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    client.post(f"{URL}/{request_id}/milestones", headers=actors["user"],
                json={"kind": "mr_declaration", "reference": "MR-004 n°1", "date": "2026-01-15"})
    shown = client.get(f"{URL}/{request_id}", headers=actors["gov-chu"]).json()
    assert not {"approve", "approve_with_conditions", "reject"} & set(shown["actions"])
    response = act(client, actors, request_id, "approve", "gov-chu", reason="decided")
    assert response.status_code == 403 and error(response)["code"] == "forbidden"
    assert "you gave a producer's opinion on this request" in error(response)["message"]
    web_as(client, "gov-chu")
    page = client.get(f"/governance/requests/{request_id}", headers={"Accept-Language": "en"}).text
    assert not re.search(rf'/requests/{request_id}/act/(approve|approve_with_conditions|reject)"', page)
    assert "another governance staff member decides it" in page
    assert act(client, actors, request_id, "approve", "governance", reason="decided").status_code == 200


# -- finding 8: one transition table for every front door; expiry only after the end date --------

def test_the_web_cannot_end_an_access_early(client, actors):
    request_id = approved(client, actors)
    web_as(client, "governance")
    page = client.get(f"/governance/requests/{request_id}").text
    assert f'/requests/{request_id}/act/expire"' not in page
    response = client.post(f"/requests/{request_id}/act/expire", data={"csrf_token": csrf_of(page)},
                           follow_redirects=False)
    assert response.status_code == 409 and "il ne peut être clos qu&#39;après cette date" in response.text
    unknown = client.post(f"/requests/{request_id}/act/explode", data={"csrf_token": csrf_of(page)},
                          follow_redirects=False)
    assert unknown.status_code == 422 and "Cette action n&#39;existe pas." in unknown.text
    rest = act(client, actors, request_id, "expire", "governance")
    assert rest.status_code == 409 and error(rest)["code"] == "invalid_transition"
    assert "expires only after" in error(rest)["message"]
    assert client.get(f"{URL}/{request_id}", headers=actors["user"]).json()["status"] == "approved"


def test_expiry_happens_after_the_end_date_for_everyone(client, actors, container):
    request_id = approved(client, actors)
    staff = principal(container, "governance@example.org")
    with container.uow() as uow:
        until = service.get(uow, SYSTEM, request_id).access_until
        last_day = dt.datetime.combine(until, dt.time(12), dt.UTC)
        assert schedule.expire_due(uow, now=last_day) == []
        with pytest.raises(InvalidTransition, match="expires only after"):  # governance included
            service.transition(uow, staff, request_id, "expire", now=last_day)
        later = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(12), dt.UTC)
        assert service.transition(uow, staff, request_id, "expire", now=later).status == "expired"


def test_rest_actions_are_the_transition_table():
    assert set(RequestAction.__args__) == set(workflow.ACTIONS)  # type: ignore[attr-defined]


# -- finding 9: opinions take the version; naming someone in a team is an invitation --------------

def test_two_reviewers_acting_on_what_they_saw_one_wins(client, actors, container):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    first = opinion(client, actors, request_id, "registre-test", "editor")
    assert first.status_code == 200
    seen = first.json()["version"]
    editor, admin = principal(container, "editor@example.org"), principal(container, "orgadmin@example.org")
    outcomes = race(
        container,
        lambda uow: reviews.record_opinion(uow, editor, request_id, OpinionIn(
            dataset_id="registre-test", opinion="favourable", reason="ok"), expected_version=seen),
        lambda uow: reviews.record_opinion(uow, admin, request_id, OpinionIn(
            dataset_id="registre-test", opinion="unfavourable", reason="no"), expected_version=seen),
    )
    assert outcomes == ["ok", "stale_version"], outcomes
    blind = opinion(client, actors, request_id, "registre-test", "orgadmin", "unfavourable")
    assert blind.status_code == 409 and error(blind)["code"] == "stale_version"
    stale = opinion(client, actors, request_id, "registre-test", "orgadmin", "unfavourable", version=seen)
    assert stale.status_code == 409 and error(stale)["code"] == "stale_version"


def test_two_first_opinions_at_once_one_wins(client, actors, container):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    editor, admin = principal(container, "editor@example.org"), principal(container, "orgadmin@example.org")
    outcomes = race(
        container,
        lambda uow: reviews.record_opinion(uow, editor, request_id, OpinionIn(
            dataset_id="registre-test", opinion="favourable", reason="ok")),
        lambda uow: reviews.record_opinion(uow, admin, request_id, OpinionIn(
            dataset_id="registre-test", opinion="unfavourable", reason="no")),
    )
    assert outcomes == ["ok", "stale_version"], outcomes


def test_naming_reviewers_in_the_team_does_not_bar_them(client, actors, container):
    add_user(container, actors, "gov2", governance=True)
    team = [{"name": "Gov", "email": "governance@example.org", "role": "adviser"},
            {"name": "Gov Two", "email": "gov2@example.org", "role": "adviser"},
            {"name": "Org admin", "email": "orgadmin@example.org", "role": "adviser"}]
    request_id = submitted(client, actors, team=team)
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    client.post(f"{URL}/{request_id}/milestones", headers=actors["user"],
                json={"kind": "mr_declaration", "reference": "MR-004 n°1", "date": "2026-01-15"})
    # A reviewer cannot join the team of a request they reviewed.
    verify(container, "orgadmin@example.org")
    joined = client.post(f"{URL}/{request_id}/team/accept", headers=actors["orgadmin"])
    assert joined.status_code == 403 and "you reviewed this request" in error(joined)["message"]
    assert act(client, actors, request_id, "approve", "gov2", reason="decided").status_code == 200


def test_an_invitee_has_no_access_before_accepting_with_a_verified_address(client, actors, container):
    add_user(container, actors, "teammate")
    request_id = create(client, actors)["id"]  # names teammate@example.org
    attach(client, actors, request_id, "protocol")
    attachment = client.get(f"{URL}/{request_id}/attachments", headers=actors["user"]).json()[0]
    for response in (client.get(f"{URL}/{request_id}", headers=actors["teammate"]),
                     client.get(attachment["url"], headers=actors["teammate"]),
                     attach(client, actors, request_id, "other", who="teammate"),
                     client.post(f"{URL}/{request_id}/milestones", headers=actors["teammate"],
                                 json={"kind": "other", "reference": "x", "date": "2026-01-15"})):
        assert response.status_code == 404 and error(response)["code"] == "access_request_not_found"
    assert client.get(URL, headers=actors["teammate"]).json()["total"] == 0
    # Accepting needs a proved address.
    unproved = client.post(f"{URL}/{request_id}/team/accept", headers=actors["teammate"])
    assert unproved.status_code == 403 and "verify your e-mail address" in error(unproved)["message"]
    assert client.get("/api/v1/me/team-invitations", headers=actors["teammate"]).status_code == 403
    verify(container, "teammate@example.org")
    invitations = client.get("/api/v1/me/team-invitations", headers=actors["teammate"]).json()
    assert [(i["request_id"], i["role"]) for i in invitations] == [(request_id, "statistician")]
    # Nobody answers for someone else.
    other = client.post(f"{URL}/{request_id}/team/accept", headers=actors["outsider"])
    assert other.status_code == 404 and error(other)["code"] == "access_request_not_found"
    accepted = client.post(f"{URL}/{request_id}/team/accept", headers=actors["teammate"])
    assert accepted.status_code == 200 and accepted.json()["team"][0]["accepted"] is True
    assert client.get(attachment["url"], headers=actors["teammate"]).status_code == 200
    assert client.get("/api/v1/me/team-invitations", headers=actors["teammate"]).json() == []
    history = [h["action"] for h in client.get(f"{URL}/{request_id}/history", headers=actors["user"]).json()]
    assert "access_request.team_accept" in history


def test_an_invitee_may_decline(client, actors, container):
    add_user(container, actors, "teammate")
    verify(container, "teammate@example.org")
    request_id = create(client, actors)["id"]
    assert client.post(f"{URL}/{request_id}/team/decline", headers=actors["teammate"]).status_code == 204
    out = client.get(f"{URL}/{request_id}", headers=actors["user"]).json()
    assert out["team"] == []
    again = client.post(f"{URL}/{request_id}/team/accept", headers=actors["teammate"])
    assert again.status_code == 404


def test_team_invitations_on_the_web(client, actors, container):
    add_user(container, actors, "teammate")
    verify(container, "teammate@example.org")
    request_id = create(client, actors)["id"]
    told = client.get("/api/v1/notifications", headers=actors["teammate"]).json()
    assert [n["event"] for n in told] == ["team_invitation"]  # a proven address is told
    web_as(client, "teammate")
    assert client.get(f"/requests/{request_id}").status_code == 404
    assert 'href="/me/team-invitations"' in client.get("/me").text
    page = client.get("/me/team-invitations").text
    assert "Parcours de soins après AVC" in page and f"/requests/{request_id}/team/accept" in page
    done = client.post(f"/requests/{request_id}/team/accept", data={"csrf_token": csrf_of(page)},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/requests/{request_id}"
    assert client.get(f"/requests/{request_id}").status_code == 200
    bad = client.post(f"/requests/{request_id}/team/maybe", data={"csrf_token": csrf_of(page)})
    assert bad.status_code == 422


def test_the_web_opinion_form_carries_the_version(client, actors):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    web_as(client, "editor")
    page = client.get(f"/requests/{request_id}").text
    version = re.search(r'action="/requests/\d+/opinions".*?name="version" value="(\d+)"', page, re.S).group(1)
    assert int(version) == version_of(client, actors, request_id)
