"""A notification stores its topic; each reader builds its own address from it: the REST inbox an /api/v1
resource, the web inbox and the e-mails the page. The domain builds no REST path for a web reader (the
web once rewrote REST links by prefix), and every address built leads to a route that exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.routing import Match

from api import links
from catalogue.notifications import topics
from catalogue.notifications.models import Notification
from tests.access_requests.helpers import add_user, create, setup_datasets, verify
from tests.web.helpers import sign_in

CATALOGUE = Path(__file__).resolve().parents[2] / "catalogue"


@pytest.mark.parametrize(("event", "topic", "stored", "page", "rest"), [
    ("submitted", "access_request:12", None, "/requests/12", "/api/v1/access-requests/12"),
    ("team_invitation", "access_request:12", None, "/me/team-invitations", "/api/v1/me/team-invitations"),
    ("message_received", "enquiry:3", None, "/me/enquiries/3", "/api/v1/enquiries/3"),
    # rows written before topics carried the link hold a REST path: the topic wins
    ("decided", "access_request:7", "/api/v1/access-requests/7", "/requests/7", "/api/v1/access-requests/7"),
    ("invitation", "organisation:chu-test", "/me", "/me", "/me"),
    ("signup_existing", "account:4", "/signin", "/signin", "/signin"),
    ("verify_email", "account:4", "/verify?token=abc", "/verify?token=abc", "/verify?token=abc"),
    ("reminder", "not a topic", None, None, None),
])
def test_each_reader_builds_its_address_from_the_topic(event, topic, stored, page, rest):
    assert topics.page(event, topic, stored) == page
    assert links.notification(event, topic, stored) == rest


def _matches(app, path: str) -> bool:
    scope = {"type": "http", "method": "GET", "path": path.partition("?")[0], "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in app.routes)


def test_every_address_built_is_a_route_of_the_app(client):
    for event, topic in (("submitted", "access_request:12"), ("team_invitation", "access_request:12"),
                         ("message_received", "enquiry:3")):
        for path in (topics.page(event, topic), links.notification(event, topic, None)):
            assert path and _matches(client.app, path), path
    assert _matches(client.app, links.attachment(12, "a1b2"))
    assert not _matches(client.app, "/api/v1/nowhere/12")  # the check itself can fail


def test_the_domain_builds_no_rest_path_but_the_documents_address():
    """A description lists its documents under /api/v1/datasets/…/documents/… (stored in records and revisions):
    that address is data, the only /api/v1 string the domain may hold."""
    found = {str(path.relative_to(CATALOGUE)) for path in CATALOGUE.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/api/")}
    assert found == {"documents/service.py"}  # f-strings too: their literal parts are constants


def test_readers_find_requests_enquiries_and_invitations_from_the_stored_topic(client, actors, container, record):
    setup_datasets(client, actors, record)
    add_user(container, actors, "teammate")
    verify(container, "teammate@example.org")
    request_id = create(client, actors)["id"]  # names the teammate: a team invitation
    enquiry = client.post("/api/v1/enquiries", headers=actors["user"], json={
        "dataset_id": "registre-test", "subject": "Faisabilité", "topic": "feasibility", "message": "Disponible ?"})
    assert enquiry.status_code == 201, enquiry.text
    enquiry_id = enquiry.json()["id"]
    reply = client.post(f"/api/v1/enquiries/{enquiry_id}/messages", headers=actors["editor"], json={"body": "Oui."})
    assert reply.status_code == 201
    with container.sessions() as session:
        stored = session.scalars(select(Notification.link).where(Notification.event.in_(
            ("team_invitation", "message_received")))).all()
    assert stored and set(stored) == {None}  # a topic, no URL
    rest = {n["event"]: n["link"] for n in client.get("/api/v1/notifications", headers=actors["teammate"]).json()}
    assert rest == {"team_invitation": "/api/v1/me/team-invitations"}
    rest = {n["event"]: n["link"] for n in client.get("/api/v1/notifications", headers=actors["user"]).json()}
    assert rest == {"message_received": f"/api/v1/enquiries/{enquiry_id}"}
    sign_in(client, "user")
    me = client.get("/me").text
    assert f'href="/me/enquiries/{enquiry_id}"' in me and "/api/v1/" not in me
    assert client.get(f"/me/enquiries/{enquiry_id}").status_code == 200
    sign_in(client, "teammate")
    assert 'href="/me/team-invitations"' in client.get("/me").text
    assert client.get(f"/requests/{request_id}").status_code == 404  # not accepted yet: the invitations page
