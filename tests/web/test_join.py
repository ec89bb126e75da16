"""The page of an invitation link (/join/<token>) and the platform admins' claims on /me, in French and English;
the governance queue names the producers a request waits on that nobody represents. Both stacks."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from catalogue.notifications.models import Notification
from catalogue.organisations import links
from tests.access_requests.helpers import OTHER_ACCESS, act, publish, setup_datasets, submitted
from tests.web.helpers import csrf_of, post_form, sign_in

CONTACT = "donnees@orphan.example"
EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
SECRET = "a long and unusual secret"


@pytest.fixture(autouse=True)
def orphan(client, actors, record):
    setup_datasets(client, actors, record)
    assert client.post("/api/v1/organisations", headers=actors["admin"],
                       json={"id": "orphan-org", "name": "Registre Orphelin", "type": "registry"}).status_code == 201
    body = copy.deepcopy(record)
    body["contact"] = {"name": "Accueil données", "email": CONTACT}
    publish(client, actors, body, dataset_id="registre-orphelin", producer="orphan-org", who="admin",
            access=OTHER_ACCESS)


def claim_link(client, actors, container) -> str:
    reached = client.post("/api/v1/organisations/orphan-org/claim-invitations", headers=actors["admin"])
    assert reached.status_code == 202
    with container.sessions() as session:
        row = session.scalars(select(Notification).where(Notification.email == CONTACT)).one()
    return row.link


def test_a_contact_claims_the_organisation_from_the_page_in_french(client, actors, container):
    link = claim_link(client, actors, container)
    page = client.get(link, headers=FR)
    assert page.status_code == 200
    assert "Personne ne représente encore Registre Orphelin sur MeetMyData." in page.text
    assert f'value="{CONTACT}" readonly' in page.text and "Revendiquer l’organisation" in page.text
    weak = client.post(link, data={"csrf_token": csrf_of(page.text), "name": "Dr Data", "password": "password123"},
                       headers=FR, follow_redirects=False)
    assert weak.status_code == 422 and 'value="Dr Data"' in weak.text and 'aria-invalid="true"' in weak.text
    done = client.post(link, data={"csrf_token": csrf_of(page.text), "name": "Dr Data", "password": SECRET},
                       headers=FR, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/me"
    me = client.get("/me", headers=FR).text
    assert "Votre revendication de Registre Orphelin est enregistrée" in me  # signed in, told what comes next
    again = client.get(link, headers=FR)
    assert again.status_code == 422 and "Cette invitation a déjà reçu une réponse." in again.text


def test_the_page_in_english_and_its_refusals(client, actors, container):
    link = claim_link(client, actors, container)
    assert "Nobody represents Registre Orphelin on MeetMyData yet." in client.get(link, headers=EN).text
    token = link.removeprefix(links.PATH)
    invitation_id, expires, signature = token.split(".")
    forged = f"{links.PATH}{invitation_id}.{expires}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    unknown = client.get(forged, headers=EN)
    assert unknown.status_code == 404 and "This invitation link is unknown" in unknown.text
    with container.sessions() as session:
        past = links.sign(session, int(invitation_id), CONTACT, dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    expired = client.get(links.PATH + past, headers=FR)
    assert expired.status_code == 422 and "Ce lien d’invitation a expiré" in expired.text
    sign_in(client, "user")
    other = client.get(link, headers=FR)
    assert "mais vous êtes connecté(e) en tant que user@example.org" in other.text
    assert 'action="/join/' not in other.text  # nothing to answer with another address
    refused = post_form(client, link, link, {}, headers=FR)
    assert refused.status_code == 403 and f"Cette invitation a été envoyée à {CONTACT}" in refused.text


def test_a_platform_admin_confirms_a_claim_from_their_space(client, actors, container):
    link = claim_link(client, actors, container)
    page = client.get(link)
    assert client.post(link, data={"csrf_token": csrf_of(page.text), "name": "Dr Data", "password": SECRET},
                       follow_redirects=False).status_code == 303
    client.cookies.clear()
    sign_in(client, "admin")
    me = client.get("/me", headers=FR).text
    assert "Revendications à confirmer" in me and f"Dr Data ({CONTACT}) revendique Registre Orphelin" in me
    claim_id = me.split('action="/me/claims/')[1].split("/")[0]
    empty = post_form(client, "/me", f"/me/claims/{claim_id}/refuse", {"reason": "  "})
    assert empty.status_code == 303 and "Indiquez pourquoi" in client.get("/me", headers=FR).text
    confirmed = post_form(client, "/me", f"/me/claims/{claim_id}/confirm")
    assert confirmed.status_code == 303
    assert "Revendications à confirmer" not in client.get("/me", headers=FR).text
    members = client.get("/api/v1/organisations/orphan-org/members", headers=actors["admin"]).json()
    assert [m["role"] for m in members] == ["admin"]


def test_the_governance_queue_names_a_producer_nobody_represents(client, actors):
    request_id = submitted(client, actors, datasets=["registre-test", "registre-orphelin"])
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    sign_in(client, "governance")
    queue = client.get("/governance", headers=FR).text
    assert "Attend un producteur absent de la plateforme : Registre Orphelin" in queue
    assert "Waits on a producer not on the platform: Registre Orphelin" in client.get("/governance", headers=EN).text


def test_governance_records_an_opinion_received_outside_the_platform_from_the_review_page(client, actors):
    request_id = submitted(client, actors, datasets=["registre-test", "registre-orphelin"])
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    sign_in(client, "governance")
    page = client.get(f"/governance/requests/{request_id}", headers=FR).text
    assert 'id="behalf-registre-orphelin"' in page and 'id="behalf-registre-test"' not in page  # staffed: its own
    assert "Personne ne représente ce producteur sur la plateforme" in page
    version = page.split('id="behalf-registre-orphelin"')[1].split('name="version" value="')[1].split('"')[0]
    form = {"csrf_token": csrf_of(page), "version": version, "back": f"/governance/requests/{request_id}",
            "dataset_id": "registre-orphelin", "opinion": "favourable_with_conditions", "reason": "Courrier du 3 mars"}
    refused = client.post(f"/requests/{request_id}/opinions/on-behalf", data=form, headers=FR,
                          files={"file": ("avis.pdf", b"%PDF-1.4\n", "application/pdf")}, follow_redirects=False)
    assert refused.status_code == 422 and 'value="Courrier du 3 mars"' not in refused.text  # a textarea keeps it:
    assert ">Courrier du 3 mars</textarea>" in refused.text
    done = client.post(f"/requests/{request_id}/opinions/on-behalf", data={**form, "opinion": "favourable"},
                       headers=FR, files={"file": ("avis.pdf", b"%PDF-1.4\n", "application/pdf")},
                       follow_redirects=False)
    assert done.status_code == 303, done.text[:300]
    after = client.get(f"/governance/requests/{request_id}", headers=FR).text
    assert "reçu hors plateforme, enregistré par l’équipe de gouvernance" in after
    assert "reçu hors plateforme, enregistré par governance au nom du producteur le" in after
    assert 'id="behalf-registre-orphelin"' not in after
