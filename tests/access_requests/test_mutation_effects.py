"""What the access-request steps write besides the state (catalogue/access_requests/workflow.py: _file,
_reconsider, _decide, _stamp, _notify), checked row by row on the real stores (issue 11, item 5).

Written from a mutation run (scripts/mutation.sh): the other tests drive these effects but look at the
state only. Three small set-ups: a filing, a resubmission with and without a change of substance, and
one request under review decided three ways, each decision in a unit of work that is never committed.
Steps run at fixed instants (`now=`), so every date written is a literal here.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from catalogue.access_requests import policies as request_policies
from catalogue.access_requests import service as requests
from catalogue.access_requests import workflow
from catalogue.access_requests.errors import RequirementsNotMet
from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.accounts import service as accounts
from catalogue.audit.models import AuditEntry
from catalogue.datasets import service as datasets
from catalogue.db import as_utc
from catalogue.errors import Forbidden, ValidationFailed
from catalogue.notifications.models import Notification
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM, Principal
from schemas.access_requests import AccessRequestIn, TransitionIn
from schemas.dataset import DatasetDescription
from schemas.organisations import OrganisationIn
from tests.access_requests.helpers import act, attach, create, opinion, request_body, setup_datasets, submitted

FILED = dt.datetime(2026, 1, 31, 9, tzinfo=dt.UTC)
REFILED = dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC)
CHANGED = dt.datetime(2026, 2, 20, 9, tzinfo=dt.UTC)
DECIDED = dt.datetime(2026, 1, 31, 15, tzinfo=dt.UTC)  # + 1 month: the end of February, not 31 February
# the terms are read from the descriptions as published at filing: registre-test corrected by then
REGISTRY, COHORT = "'registre-test' (Stroke registry, corrected)", "'cohorte-autre' (Stroke registry)"
HDH = "is an SNDS main base: filed through the Health Data Hub"


@pytest.fixture
def published(client, actors, record):
    """Both producers' descriptions published (revision 2 of each), titled 'Stroke registry'."""
    record = copy.deepcopy(record)
    record["title"] = {"fr": "Registre AVC", "en": "Stroke registry"}
    setup_datasets(client, actors, record)


def who(container, email: str) -> Principal:
    with container.uow() as uow:
        return Principal.of(accounts.find_user(uow, email))


def retitle(container, dataset_id: str, title: str) -> None:
    """Correct a published description in place: its revision 3, which the next snapshot takes."""
    with container.uow() as uow:
        current = datasets.get(uow, SYSTEM, dataset_id).record
        body = {**current, "title": {"fr": title, "en": title}}
        assert datasets.update(uow, SYSTEM, dataset_id, DatasetDescription.model_validate(body))[1]
        uow.commit()


def audit_entries(uow, request_id: int, action: str) -> list[AuditEntry]:
    return list(uow.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "access_request",
                                                             AuditEntry.subject_id == str(request_id),
                                                             AuditEntry.action == action)))


def snapshot(item: RequestedDataset) -> tuple:
    return item.dataset_id, item.published_title["en"], item.published_revision, as_utc(item.snapshot_at)


def test_a_reviewer_who_filed_the_request_is_told_why_they_give_no_opinion():
    request = AccessRequest(id=9, requester_id=5, requester_memberships=[], status="submitted", opinion_round=1)
    request.datasets = [RequestedDataset(dataset_id="d", organisation_id="chu")]
    request.team, request.opinion_history = [], []
    with pytest.raises(Forbidden) as info:
        request_policies.give_any_opinion(Principal(user_id=5, roles={"chu": "editor"}), request)
    assert info.value.message == "you filed this request: you cannot give an opinion on it"


def test_filing_fixes_the_terms_the_memberships_the_substance_and_the_snapshots(client, container, actors,
                                                                                  published):
    with container.uow() as uow:
        for org_id in ("lab", "lab2"):
            organisations.create(uow, SYSTEM, OrganisationIn(id=org_id, name=org_id, type="university_hospital"))
        organisations.add_member(uow, SYSTEM, "lab", "user@example.org", "editor")
        uow.commit()
    request_id = create(client, actors)["id"]  # filed while a member of 'lab'
    bare_id = create(client, actors)["id"]
    for kind in ("ethics_opinion", "protocol"):
        assert attach(client, actors, request_id, kind).status_code == 201
    with container.uow() as uow:  # since then: left 'lab', joined 'lab2'
        user = who(container, "user@example.org")
        organisations.remove_member(uow, SYSTEM, "lab", user.user_id)
        organisations.add_member(uow, SYSTEM, "lab2", "user@example.org", "editor")
        uow.commit()
    retitle(container, "registre-test", "Stroke registry, corrected")
    user = who(container, "user@example.org")
    with container.uow() as uow:
        before = sorted(map(snapshot, uow.session.get(AccessRequest, request_id).datasets))

    with container.uow() as uow:
        requests.transition(uow, user, request_id, "submit", TransitionIn(), now=FILED)
        uow.commit()
    corrected = "Stroke registry, corrected"
    registry = {"dataset": "registre-test", "title": {"fr": corrected, "en": corrected}}
    cohort = {"dataset": "cohorte-autre", "title": {"fr": "Registre AVC", "en": "Stroke registry"}}
    with container.uow() as uow:
        request = uow.session.get(AccessRequest, request_id)
        assert (request.status, as_utc(request.submitted_at)) == ("submitted", FILED)
        assert (as_utc(request.status_since), as_utc(request.updated_at)) == (FILED, FILED)
        # an organisation joined since the draft is conflicted too, and one left is still remembered
        assert request.requester_memberships == ["lab", "lab2"]
        assert request.requirements == {
            "milestones": {"mr_declaration": ["the CNIL-MR-004 reference methodology route"]},
            "attachments": {
                "ethics_opinion": [f"the procedure of dataset {REGISTRY} requires an ethics committee opinion"],
                "protocol": [f"the procedure of dataset {COHORT} asks for a protocol"]},
            "flags": [f"dataset {REGISTRY} {HDH}", f"dataset {COHORT} {HDH}"],
            "reasons": {  # the same, as codes and facts for the web pages to word
                "milestones": {"mr_declaration": [{"code": "mr_route", "params": {"route": "CNIL-MR-004"}}]},
                "attachments": {"ethics_opinion": [{"code": "ethics_in_procedure", "params": registry}],
                                "protocol": [{"code": "protocol_in_procedure", "params": cohort}]},
                "flags": [{"code": "snds_main_base", "params": registry},
                          {"code": "snds_main_base", "params": cohort}]}}
        assert request.submitted_substance == {
            "purpose": "research", "requester_organisation": "Université de Test",
            "requester_organisation_type": "academic",
            "project_summary": "Étude des parcours de soins des patients après un accident vasculaire cérébral.",
            "variables": "âge, sexe, diagnostics CIM-10, séjours 2015-2022", "duration_months": 24,
            "legal_route": "CNIL-MR-004", "datasets": ["cohorte-autre", "registre-test"],
            "team": ["teammate@example.org"]}
        snapshots = sorted(map(snapshot, request.datasets))
        assert snapshots[1] == ("registre-test", "Stroke registry, corrected", 3, FILED)  # taken again at filing
        assert snapshots[0] == before[0] and before[0][:3] == ("cohorte-autre", "Stroke registry", 2)  # unchanged
        (entry,) = audit_entries(uow, request_id, "access_request.submit")
        assert (entry.actor_id, entry.from_state, entry.to_state, as_utc(entry.at)) == (
            user.user_id, "draft", "submitted", FILED)
        assert entry.details == {"flags": [f"dataset {REGISTRY} {HDH}", f"dataset {COHORT} {HDH}"],
                                 "milestones": ["mr_declaration"], "attachments": ["ethics_opinion", "protocol"]}

    with container.uow() as uow, pytest.raises(RequirementsNotMet) as info:
        requests.transition(uow, user, bare_id, "submit", TransitionIn(), now=FILED)
    ethics = f"required: the procedure of dataset {REGISTRY} requires an ethics committee opinion"
    protocol = f"required: the procedure of dataset {COHORT} asks for a protocol"
    assert info.value.details == [
        {"field": "attachments.ethics_opinion", "message": ethics, "code": "required",
         "params": {"kind": "ethics_opinion"}},
        {"field": "attachments.protocol", "message": protocol, "code": "required", "params": {"kind": "protocol"}}]
    assert info.value.message == f"attachments.ethics_opinion: {ethics}; attachments.protocol: {protocol}"


def test_a_resubmission_keeps_the_filing_date_and_supersedes_the_opinions_only_when_its_substance_changed(
        client, container, actors, published):
    request_id = submitted(client, actors)
    user, governance = who(container, "user@example.org"), who(container, "governance@example.org")

    def review_and_ask_for_changes() -> None:
        with container.uow() as uow:
            requests.transition(uow, governance, request_id, "start_review", TransitionIn())
            uow.commit()
        if not given:
            assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
            given.append("registre-test")
        with container.uow() as uow:
            requests.transition(uow, governance, request_id, "request_changes", TransitionIn(reason="say more"))
            uow.commit()

    def resubmit(now: dt.datetime) -> None:
        with container.uow() as uow:
            requests.transition(uow, user, request_id, "resubmit", TransitionIn(), now=now)
            uow.commit()

    given: list[str] = []
    with container.uow() as uow:
        filed_at = as_utc(uow.session.get(AccessRequest, request_id).submitted_at)

    review_and_ask_for_changes()
    resubmit(REFILED)  # nothing of substance changed: the opinion given still counts
    with container.uow() as uow:
        request = uow.session.get(AccessRequest, request_id)
        assert as_utc(request.submitted_at) == filed_at != REFILED
        assert (request.opinion_round, [o.superseded_at for o in request.opinion_history]) == (1, [None])
        assert audit_entries(uow, request_id, "access_request.opinions_superseded") == []

    review_and_ask_for_changes()
    with container.uow() as uow:
        changed = AccessRequestIn(**request_body(variables="âge, sexe", duration_months=12))
        requests.update(uow, user, request_id, changed)
        uow.commit()
    resubmit(CHANGED)  # the variables and the duration changed: the producers are asked again
    with container.uow() as uow:
        request = uow.session.get(AccessRequest, request_id)
        assert (request.status, as_utc(request.submitted_at)) == ("submitted", filed_at)
        assert request.submitted_substance["variables"] == "âge, sexe"
        assert request.opinion_round == 2
        assert [(o.dataset_id, o.round, as_utc(o.superseded_at)) for o in request.opinion_history] == [
            ("registre-test", 1, CHANGED)]
        (entry,) = audit_entries(uow, request_id, "access_request.opinions_superseded")
        assert (entry.actor_id, entry.reason, as_utc(entry.at)) == (
            user.user_id, "the request changed: variables, duration_months", CHANGED)
        assert entry.details == {"changed": ["variables", "duration_months"], "datasets": ["registre-test"],
                                 "round": 2}
        told = uow.session.scalars(select(Notification).where(
            Notification.topic == f"access_request:{request_id}",
            Notification.subject.like("%votre avis est de nouveau attendu"))).all()
        title = f"demande d’accès n° {request_id} « Parcours de soins après AVC »"
        assert sorted((n.email, n.event, n.lang, n.subject) for n in told) == [
            (email, "opinion_needed", "fr", f"La {title} a changé : votre avis est de nouveau attendu")
            for email in ("editor@example.org", "orgadmin@example.org")]
        assert {n.body for n in told} == {
            f"Le demandeur a modifié la {title} à la demande de l’équipe de gouvernance. Les avis donnés sur "
            "registre-test ne comptent plus : merci de donner à nouveau le vôtre quand l’examen reprendra."}


@pytest.fixture
def under_review(client, container, actors, published) -> int:
    """A one-month request under review, both opinions favourable, its milestone recorded; then one
    description corrected, so a decision takes its snapshot again."""
    request_id = submitted(client, actors, duration_months=1)
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    response = client.post(f"/api/v1/access-requests/{request_id}/milestones", headers=actors["user"],
                           json={"kind": "mr_declaration", "reference": "MR-004 n°2219876", "date": "2026-01-15"})
    assert response.status_code == 200, response.text
    retitle(container, "registre-test", "Stroke registry, corrected")
    return request_id


DECISIONS = [  # action, body -> conditions, access_until kept, the audit details
    ("approve", TransitionIn(reason="sound protocol", conditions="ignored: not a conditional approval"),
     None, dt.date(2026, 2, 28),
     {"overrule": False, "conditions": None, "access_until": "2026-02-28"}),
    ("approve_with_conditions", TransitionIn(reason="sound protocol", conditions="anonymised extracts only",
                                             access_until=dt.date(2026, 6, 30), overrule=True),
     "anonymised extracts only", dt.date(2026, 6, 30),
     {"overrule": True, "conditions": "anonymised extracts only", "access_until": "2026-06-30"}),
    ("reject", TransitionIn(reason="not proportionate", conditions="none", access_until=dt.date(2026, 6, 30)),
     None, None, {"overrule": False, "conditions": None, "access_until": None}),
]


def test_each_decision_keeps_its_terms_its_date_and_its_author(container, under_review):
    """Each decision is taken on the same request, in a unit of work that is never committed."""
    governance = who(container, "governance@example.org")
    for action, body, conditions, until, details in DECISIONS:
        with container.uow() as uow:
            requests.transition(uow, governance, under_review, action, body, now=DECIDED)
            request = uow.session.get(AccessRequest, under_review)
            assert (action, request.status, as_utc(request.decided_at), request.decided_by) == (
                action, str(workflow.STEPS[("under_review", action)].target), DECIDED, governance.user_id)
            assert (action, request.decision_reason, request.conditions, request.access_until) == (
                action, body.reason, conditions, until)
            assert (as_utc(request.status_since), as_utc(request.updated_at)) == (DECIDED, DECIDED)
            assert sorted(map(snapshot, request.datasets))[1] == (
                "registre-test", "Stroke registry, corrected", 3, DECIDED)
            (entry,) = audit_entries(uow, under_review, f"access_request.{action}")
            assert (entry.actor_id, entry.from_state, entry.reason, entry.details) == (
                governance.user_id, "under_review", body.reason, details)
    with container.uow() as uow, pytest.raises(ValidationFailed) as info:  # the decision's own check, on its action
        requests.transition(uow, governance, under_review, "approve_with_conditions",
                            TransitionIn(reason="sound protocol", conditions=" "), now=DECIDED)
    assert info.value.details == [{"field": "conditions", "message": "state the conditions of the approval"}]
    # the engine lets a step run with no params (`apply(..., params=None)`): the decision's defaults apply
    with container.uow() as uow:
        request = requests.get(uow, governance, under_review)
        workflow.REQUESTS.apply(uow, request, "approve", governance, DECIDED, reason="sound protocol")
        assert (request.status, request.conditions, request.access_until) == ("approved", None, dt.date(2026, 2, 28))
