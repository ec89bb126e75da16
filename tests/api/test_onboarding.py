"""Producers on board (issue 15, part 1): a message to an organisation without members reaches the contact
address of the descriptions concerned with a signed, expiring link to claim it; claims confirmed by a platform
admin or by a trusted domain; refusals (forged, expired, answered links, wrong address, organisation with
members). Both stacks."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from catalogue.access_requests import schedule
from catalogue.audit.models import AuditEntry
from catalogue.notifications.models import Notification
from catalogue.organisations import links
from tests.access_requests.helpers import OTHER_ACCESS, PDF, act, publish, setup_datasets, submitted
from tests.conftest import PASSWORD

CONTACT = "donnees@orphan.example"
NEW_PASSWORD = "a long and unusual secret"


@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    """chu-test and other-org have members; orphan-org (created by the platform admin's import) has none."""
    setup_datasets(client, actors, record)
    created = client.post("/api/v1/organisations", headers=actors["admin"],
                          json={"id": "orphan-org", "name": "Registre Orphelin", "type": "registry"})
    assert created.status_code == 201, created.text
    orphan = copy.deepcopy(record)
    orphan["contact"] = {"name": "Accueil données", "email": CONTACT}
    publish(client, actors, orphan, dataset_id="registre-orphelin", producer="orphan-org", who="admin",
            access=OTHER_ACCESS)


def mail_to(container, email: str) -> list[Notification]:
    with container.sessions() as session:
        return list(session.scalars(select(Notification).where(Notification.email == email)
                                    .order_by(Notification.id)))


def token_of(row: Notification) -> str:
    assert row.link and row.link.startswith(links.PATH), row.link
    return row.link.removeprefix(links.PATH)


def ask_orphan(client, actors):
    response = client.post("/api/v1/enquiries", headers=actors["user"], json={
        "dataset_id": "registre-orphelin", "subject": "Volume", "topic": "variables",
        "message": "Combien de patients ?"})
    assert response.status_code == 201, response.text
    return response


def error(response) -> dict:
    return response.json()["error"]


def test_an_enquiry_to_a_producer_without_members_reaches_its_contact_with_a_claim_link(client, actors, container):
    ask_orphan(client, actors)
    [row] = mail_to(container, CONTACT)
    assert (row.user_id, row.event, row.lang, row.topic) == (None, "message_received", "fr", row.topic)
    assert row.subject == "Nouveau message dans votre échange « Volume » (registre-orphelin)"
    first, second = row.body.split("\n\n")
    assert first == "Combien de patients ?"
    assert second.startswith("Personne de Registre Orphelin n’a encore de compte sur MeetMyData : ce message a "
                             "donc été envoyé à l’adresse de contact de ses descriptions.")
    link = client.get(f"/api/v1/join/{token_of(row)}")
    assert link.status_code == 200
    assert {k: link.json()[k] for k in ("kind", "organisation_id", "email", "role", "account_exists")} == {
        "kind": "claim", "organisation_id": "orphan-org", "email": CONTACT, "role": "admin", "account_exists": False}
    # nobody's inbox lists it; members of other producers are not told
    assert client.get("/api/v1/notifications", headers=actors["orgadmin"]).json() == []


def test_a_claim_opens_an_account_and_waits_for_a_platform_admin(client, actors, container):
    ask_orphan(client, actors)
    token = token_of(mail_to(container, CONTACT)[0])
    weak = client.post(f"/api/v1/join/{token}", json={"name": "Dr Data", "password": "password123"})
    assert weak.status_code == 422 and [d["field"] for d in error(weak)["details"]] == ["password"]
    claimed = client.post(f"/api/v1/join/{token}", json={"name": "Dr Data", "password": NEW_PASSWORD})
    assert claimed.status_code == 200, claimed.text
    assert {k: claimed.json()[k] for k in ("status", "organisation_id", "account_created")} == {
        "status": "claimed", "organisation_id": "orphan-org", "account_created": True}
    again = client.post(f"/api/v1/join/{token}", json={})
    assert again.status_code == 422 and error(again)["details"][0]["code"] == "claimed"
    sign_in = client.post("/api/v1/auth/token", json={"email": CONTACT, "password": NEW_PASSWORD})
    claimant = {"Authorization": f"Bearer {sign_in.json()['token']}"}
    me = client.get("/api/v1/me", headers=claimant).json()
    assert me["email_verified"] is True and me["organisations"] == {}  # nothing granted before the confirmation
    told = client.get("/api/v1/notifications", headers=actors["admin"]).json()
    assert [(n["event"], n["subject"]) for n in told] == [
        ("claim_to_confirm", "Une revendication de Registre Orphelin attend votre confirmation")]
    [claim] = client.get("/api/v1/claims", headers=actors["admin"]).json()
    assert (claim["organisation_id"], claim["email"], claim["status"]) == ("orphan-org", CONTACT, "claimed")
    assert client.get("/api/v1/claims", headers=actors["governance"]).status_code == 403
    assert client.post(f"/api/v1/claims/{claim['id']}/confirm", headers=actors["orgadmin"]).status_code == 403
    confirmed = client.post(f"/api/v1/claims/{claim['id']}/confirm", headers=actors["admin"])
    assert confirmed.status_code == 200 and confirmed.json()["role"] == "admin"
    assert client.get("/api/v1/me", headers=claimant).json()["organisations"] == {"orphan-org": "admin"}
    twice = client.post(f"/api/v1/claims/{claim['id']}/confirm", headers=actors["admin"])
    assert twice.status_code == 422
    # from now on the producer's messages reach its member, not the contact address
    ask_orphan(client, actors)
    assert len(mail_to(container, CONTACT)) == 3  # the first message, the confirmation, the new question
    assert mail_to(container, CONTACT)[-1].user_id == me["id"]
    with container.sessions() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "organisation")).all()
    assert actions == ["organisation.claim", "organisation.claim_confirmed"]


def test_an_address_of_a_trusted_domain_claims_at_once(client, actors, container):
    domains = client.put("/api/v1/organisations/orphan-org/claim-domains", headers=actors["admin"],
                         json={"domains": ["Orphan.example", "@orphan.example", "chu-orphan.fr"]})
    assert domains.status_code == 200 and domains.json() == {"domains": ["orphan.example", "chu-orphan.fr"]}
    ask_orphan(client, actors)
    joined = client.post(f"/api/v1/join/{token_of(mail_to(container, CONTACT)[0])}",
                         json={"name": "Dr Data", "password": NEW_PASSWORD})
    assert joined.status_code == 200 and joined.json()["status"] == "accepted"
    assert client.get("/api/v1/claims", headers=actors["admin"]).json() == []
    with container.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.claim_confirmed")).one()
    assert (entry.actor, entry.details["by"]) == ("system", "trusted_domain")


@pytest.mark.parametrize("domains", [["not a domain"], ["x"], ["exa mple.fr"], ["a" * 64 + ".fr"], ["é.fr"],
                                     [f"d{i}.fr" for i in range(11)], ["-a.fr"]])
def test_trusted_domains_are_checked(client, actors, domains):
    response = client.put("/api/v1/organisations/orphan-org/claim-domains", headers=actors["admin"],
                          json={"domains": domains})
    assert response.status_code == 422, domains
    assert error(response)["details"][0]["field"].startswith(("claim_domains", "domains")), domains


def test_only_platform_admins_trust_domains_and_invite_to_claim(client, actors, container):
    for who in ("orgadmin", "governance", "user"):
        assert client.put("/api/v1/organisations/orphan-org/claim-domains", headers=actors[who],
                          json={"domains": ["orphan.example"]}).status_code == 403, who
        assert client.post("/api/v1/organisations/orphan-org/claim-invitations",
                           headers=actors[who]).status_code == 403, who
    reached = client.post("/api/v1/organisations/orphan-org/claim-invitations", headers=actors["admin"])
    assert reached.status_code == 202 and [r["email"] for r in reached.json()] == [CONTACT]
    assert mail_to(container, CONTACT)[0].subject == "Registre Orphelin sur MeetMyData : revendiquez votre organisation"
    staffed = client.post("/api/v1/organisations/chu-test/claim-invitations", headers=actors["admin"])
    assert staffed.status_code == 409
    assert client.post("/api/v1/organisations/nowhere/claim-invitations", headers=actors["admin"]).status_code == 404


def test_forged_expired_and_misdirected_links_are_refused(client, actors, container):
    ask_orphan(client, actors)
    token = token_of(mail_to(container, CONTACT)[0])
    invitation_id, expires, signature = token.split(".")
    other_sig = ("A" if signature[0] != "A" else "B") + signature[1:]
    for forged in (f"{invitation_id}.{expires}.{other_sig}", f"{int(invitation_id) + 1}.{expires}.{signature}",
                   f"{invitation_id}.{int(expires) + 86400}.{signature}", "x", "1.2", "9" * 40, "../../etc"):
        assert client.get(f"/api/v1/join/{forged}").status_code == 404, forged
        assert client.post(f"/api/v1/join/{forged}", json={}).status_code == 404, forged
    with container.sessions() as session:
        past = links.sign(session, int(invitation_id), CONTACT, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    expired = client.post(f"/api/v1/join/{past}", json={"name": "Late", "password": NEW_PASSWORD})
    assert expired.status_code == 422 and error(expired)["details"][0]["code"] == "expired"
    wrong = client.post(f"/api/v1/join/{token}", json={}, headers=actors["user"])  # signed in as user@example.org
    assert wrong.status_code == 403 and CONTACT in error(wrong)["message"]
    assert client.post(f"/api/v1/join/{token}", json={"name": "No password"}).status_code == 422


def test_a_producer_that_got_members_meanwhile_cannot_be_claimed(client, actors, container):
    ask_orphan(client, actors)
    token = token_of(mail_to(container, CONTACT)[0])
    added = client.post("/api/v1/organisations/orphan-org/members", headers=actors["admin"],
                        json={"email": "editor@example.org", "role": "admin"})
    assert added.status_code in (200, 201, 202), added.text
    if added.status_code == 202:  # an invitation: accepted by its verified owner
        accepted = client.post(f"/api/v1/invitations/{added.json()['id']}/accept", headers=actors["editor"])
        assert accepted.status_code == 200
    refused = client.post(f"/api/v1/join/{token}", json={"name": "Dr Data", "password": NEW_PASSWORD})
    assert refused.status_code == 409 and "already has members" in error(refused)["message"]
    assert client.post("/api/v1/auth/token", json={"email": CONTACT, "password": NEW_PASSWORD}).status_code == 401


def test_opinion_requests_and_reminders_reach_the_contact_of_a_producer_without_members(client, actors, container):
    request_id = submitted(client, actors, datasets=["registre-test", "registre-orphelin"])
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    [asked] = mail_to(container, CONTACT)
    assert asked.event == "opinion_needed" and asked.subject.startswith("Votre avis est attendu sur la demande")
    assert "(registre-orphelin)" in asked.body and links.PATH in (asked.link or "")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    with container.uow() as uow:
        done = {r.request_id: r.recipients for r in schedule.remind(uow, days=7, now=later)}
        uow.commit()
    assert done[request_id] == 3  # chu-test's two members and the orphan's contact address (not 0)
    assert [n.event for n in mail_to(container, CONTACT)] == ["opinion_needed", "reminder"]


def test_a_newcomer_invited_by_an_organisation_admin_joins_through_the_link(client, actors, container):
    invited = client.post("/api/v1/organisations/chu-test/members", headers=actors["orgadmin"],
                          json={"email": "Newcomer@Example.org", "role": "editor"})
    assert invited.status_code == 202
    [row] = mail_to(container, "newcomer@example.org")
    assert row.subject == "Invitation à rejoindre CHU Test" and row.user_id is None
    read = client.get(f"/api/v1/join/{token_of(row)}").json()
    assert (read["kind"], read["role"], read["account_exists"]) == ("member", "editor", False)
    joined = client.post(f"/api/v1/join/{token_of(row)}", json={"name": "New Comer", "password": NEW_PASSWORD})
    assert joined.status_code == 200 and joined.json()["status"] == "accepted"
    token = client.post("/api/v1/auth/token", json={"email": "newcomer@example.org", "password": NEW_PASSWORD})
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"}).json()
    assert me["organisations"] == {"chu-test": "editor"} and me["email_verified"] is True


def test_an_existing_account_signs_in_before_answering(client, actors, container):
    invited = client.post("/api/v1/organisations/chu-test/members", headers=actors["orgadmin"],
                          json={"email": "later@example.org", "role": "editor"})
    assert invited.status_code == 202
    token = token_of(mail_to(container, "later@example.org")[0])
    assert client.post("/api/v1/auth/register", json={"email": "later@example.org", "name": "Later",
                                                      "password": NEW_PASSWORD}).status_code == 202
    anonymous = client.post(f"/api/v1/join/{token}", json={"name": "Someone", "password": NEW_PASSWORD})
    assert anonymous.status_code == 401
    signed = client.post("/api/v1/auth/token", json={"email": "later@example.org", "password": NEW_PASSWORD})
    headers = {"Authorization": f"Bearer {signed.json()['token']}"}
    answered = client.post(f"/api/v1/join/{token}", json={}, headers=headers)
    assert answered.status_code == 200 and answered.json()["account_created"] is False
    assert client.get("/api/v1/me", headers=headers).json()["email_verified"] is True  # the link proved it
    assert PASSWORD != NEW_PASSWORD


def on_behalf(client, actors, request_id: int, who: str = "governance", dataset_id: str = "registre-orphelin",
              **form):
    data = {"dataset_id": dataset_id, "opinion": "favourable", "reason": "Avis reçu par courrier le 3 mars", **form}
    return client.post(f"/api/v1/access-requests/{request_id}/opinions/on-behalf", headers=actors[who], data=data,
                       files={"file": ("avis.pdf", PDF, "application/pdf")})


def test_governance_records_the_opinion_of_a_producer_nobody_represents_with_its_document(client, actors, container):
    request_id = submitted(client, actors, datasets=["registre-test", "registre-orphelin"])
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    for who in ("user", "orgadmin", "admin"):
        assert on_behalf(client, actors, request_id, who).status_code == 403, who
    staffed = on_behalf(client, actors, request_id, dataset_id="registre-test")
    assert staffed.status_code == 409 and "has members on the platform" in error(staffed)["message"]
    missing = on_behalf(client, actors, request_id, opinion="favourable_with_conditions")
    assert missing.status_code == 422 and error(missing)["details"][0]["field"] == "conditions"
    assert [d["field"] for d in error(on_behalf(client, actors, request_id, opinion="maybe"))["details"]] == ["opinion"]
    before = client.get(f"/api/v1/access-requests/{request_id}/attachments", headers=actors["governance"]).json()
    recorded = on_behalf(client, actors, request_id)
    assert recorded.status_code == 200, recorded.text
    [opinion] = [o for o in recorded.json()["opinions"] if o["dataset_id"] == "registre-orphelin"]
    assert (opinion["on_behalf"], opinion["organisation_id"], opinion["opinion"]) == (True, "orphan-org", "favourable")
    after = client.get(f"/api/v1/access-requests/{request_id}/attachments", headers=actors["governance"]).json()
    assert len(after) == len(before) + 1  # the refused attempts stored nothing
    document = next(a for a in after if a["id"] == opinion["attachment_id"])
    assert (document["kind"], document["title"]) == ("other", "orphan-org: opinion on registre-orphelin")
    with container.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "access_request.opinion_on_behalf")).one()
    assert entry.details["on_behalf_of"] == "orphan-org" and entry.details["attachment_id"] == document["id"]
    again = on_behalf(client, actors, request_id)  # replacing it needs the version, like any opinion
    assert again.status_code == 409


def test_no_opinion_on_behalf_outside_the_review(client, actors):
    request_id = submitted(client, actors, datasets=["registre-orphelin"])
    assert act(client, actors, request_id, "withdraw", "user", reason="plus besoin").status_code == 200
    refused = on_behalf(client, actors, request_id)
    assert refused.status_code == 409 and error(refused)["code"] == "invalid_transition"
