"""The session pages through the TestClient, on both stacks: the agenda and a session's page in French and
English (the time on the session's clock with its zone), the scheduling form and its refusals, registering
and asking on the page, the producer's view (names for its members only) and answering into an enquiry, the
dataset page's section."""

from __future__ import annotations

import re

import pytest

from tests.showcases.helpers import local_in, payload, presentable
from tests.web.helpers import csrf_of, post_form, sign_in

EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}


@pytest.fixture
def scheduled(client, actors, record) -> int:
    presentable(client, actors, record)
    response = client.post("/api/v1/sessions", json=payload(), headers=actors["editor"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_agenda_and_session_page_in_both_languages(client, scheduled):
    french = text_of(client.get("/sessions", headers=FR).text)
    assert "Prochaines séances" in french and "Le registre en pratique" in french
    assert re.search(r"\d+ \w+ \d{4}, 14:00 \(Europe/Paris\)", french)
    assert "2 places restantes" in french and "Sur place et en ligne" in french
    english = text_of(client.get(f"/sessions/{scheduled}", headers=EN).text)
    assert re.search(r"\d+ \w+ \d{4}, 2:00 PM \(Europe/Paris\)", english), english
    assert "Descriptions presented" in english and "90 minutes" in english and "Sign in to register" in english
    assert "https://visio.example.org/registre" in english  # as in the public iCalendar feed
    assert client.get("/sessions/999999", headers=FR).status_code == 404
    assert client.get("/sessions/abc", headers=FR).status_code == 422


def test_the_dataset_page_lists_its_sessions(client, scheduled):
    page = text_of(client.get("/datasets/registre-test", headers=EN).text)
    assert "Showcase sessions about this description" in page and "Le registre en pratique" in page
    assert "Showcase sessions about" not in text_of(client.get("/datasets/autre-base", headers=EN).text)


def test_scheduling_form_refuses_then_schedules(client, actors, scheduled):
    sign_in(client, "editor")
    form = "/workspace/sessions/new?organisation=chu-test"
    assert "/workspace/sessions" in client.get("/workspace", headers=FR).text
    values = {"organisation_id": "chu-test", "title": "Deuxième séance", "starts_at": local_in(12)[:16],
              "time_zone": "Mars/Base", "duration_minutes": "60", "format": "online",
              "online_url": "https://visio.example.org/2", "address": "", "language": "fr", "agenda": "",
              "dataset_ids": ["registre-test"], "capacity": "20"}
    refused = post_form(client, form, "/workspace/sessions/new", values, headers=FR)
    assert refused.status_code == 422
    assert "Indiquez un fuseau IANA comme Europe/Paris." in text_of(refused.text)
    assert 'value="Deuxième séance"' in refused.text  # kept as typed
    refused = post_form(client, form, "/workspace/sessions/new", {**values, "time_zone": "Europe/Paris",
                                                                  "capacity": "0"}, headers=EN)
    assert refused.status_code == 422 and 'id="capacity-error"' in refused.text
    done = post_form(client, form, "/workspace/sessions/new", {**values, "time_zone": "Europe/Paris"}, headers=FR)
    assert done.status_code == 303 and done.headers["location"].startswith("/workspace/sessions/")
    assert len(client.get("/api/v1/sessions").json()) == 2


def test_scheduling_is_for_the_producers_editors(client, actors, scheduled):
    sign_in(client, "user")
    assert client.get("/workspace/sessions/new?organisation=chu-test", headers=FR).status_code == 403
    assert client.get(f"/workspace/sessions/{scheduled}", headers=FR).status_code == 403
    token = csrf_of(client.get(f"/sessions/{scheduled}", headers=FR).text)
    posted = client.post("/workspace/sessions/new", data={"csrf_token": token, **payload(dataset_ids="registre-test")},
                         headers=FR, follow_redirects=False)
    assert posted.status_code == 403
    assert client.post(f"/sessions/{scheduled}/register", data={}, follow_redirects=False).status_code == 403  # CSRF


def test_register_ask_and_the_producer_answers(client, actors, scheduled, container):
    sign_in(client, "user")
    page = f"/sessions/{scheduled}"
    assert post_form(client, page, f"{page}/register", headers=FR).status_code == 303
    shown = text_of(client.get(page, headers=FR).text)
    assert "Vous êtes inscrit·e" in shown and "visio.example.org/registre" in shown
    empty = post_form(client, page, f"{page}/questions", {"dataset_id": "registre-test", "text": ""}, headers=FR)
    assert empty.status_code == 422
    asked = post_form(client, page, f"{page}/questions", {"dataset_id": "cohorte-test",
                                                          "text": "Quel suivi des perdus de vue ?"}, headers=FR)
    assert asked.status_code == 303
    client.post("/signout", data={"csrf_token": csrf_of(client.get("/sessions").text)})

    sign_in(client, "editor")
    manage = f"/workspace/sessions/{scheduled}"
    listed = text_of(client.get(manage, headers=EN).text)
    assert "user registered" in listed and "Questions in advance, by description" in listed
    assert "user : Quel suivi des perdus de vue ?" in listed
    question = re.search(r'id="q-(\d+)"', client.get(manage).text).group(1)
    answered = post_form(client, manage, f"{manage}/questions/{question}/answer", {"body": "Un suivi à cinq ans."})
    assert answered.status_code == 303
    assert "enquiry thread" in text_of(client.get(manage, headers=EN).text)
    thread = client.get("/api/v1/enquiries", headers=actors["user"]).json()
    assert [(e["dataset_id"], e["subject"]) for e in thread] == [("cohorte-test", "Le registre en pratique")]


def test_after_the_session_the_page_offers_slides_and_replay(client, actors, scheduled, container):
    import datetime as dt

    from tests.showcases.helpers import move_start

    move_start(container, scheduled, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30))  # in progress
    agenda = client.get("/sessions", headers=FR).text
    assert agenda.index("Le registre en pratique") < agenda.index("Séances passées")
    assert "Aucune séance n’a encore eu lieu." in agenda
    move_start(container, scheduled, dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))  # over
    agenda = client.get("/sessions", headers=FR).text
    assert agenda.index("Séances passées") < agenda.index("Le registre en pratique")
    page = text_of(client.get(f"/sessions/{scheduled}", headers=FR).text)
    assert "Le support et le replay ne sont pas encore en ligne." in page and "S’inscrire" not in page
    client.post(f"/api/v1/sessions/{scheduled}/slides", files={"file": ("s.pdf", b"%PDF-1.4\n", "application/pdf")},
                headers=actors["editor"])
    client.patch(f"/api/v1/sessions/{scheduled}", json={"replay_url": "https://video.example.org/r"},
                 headers=actors["editor"])
    html = client.get(f"/sessions/{scheduled}", headers=EN).text
    assert f'href="/api/v1/sessions/{scheduled}/slides">Slides</a>' in html
    assert 'href="https://video.example.org/r">Watch the replay</a>' in html
