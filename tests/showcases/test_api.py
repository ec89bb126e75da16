"""Showcase sessions through the REST API, on the embedded and the production stacks: scheduling and its
refusals, seats and the waiting list, iCalendar parsed back with `icalendar`, who sees the attendees,
questions grouped by description and answered into an enquiry, slides and replay after the session."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from tests.showcases.helpers import PARIS, local_in, move_start, notifications_of, payload, people, presentable


@pytest.fixture
def scheduled(client, actors, record) -> int:
    presentable(client, actors, record)
    response = client.post("/api/v1/sessions", json=payload(), headers=actors["editor"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def refusal(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    if field is not None:
        assert field in [d["field"] for d in error["details"]], error
    return error


def test_scheduled_in_its_zone_and_listed(client, actors, scheduled):
    session = client.get(f"/api/v1/sessions/{scheduled}").json()
    local = dt.datetime.fromisoformat(session["local_start"])
    assert (local.hour, local.minute, session["time_zone"]) == (14, 0, "Europe/Paris")
    assert dt.datetime.fromisoformat(session["starts_at"]) == local
    assert dt.datetime.fromisoformat(session["ends_at"]) - local == dt.timedelta(minutes=90)
    assert (session["capacity"], session["registered"], session["waiting"], session["seats_left"]) == (2, 0, 0, 2)
    assert session["dataset_ids"] == ["registre-test", "cohorte-test"] and session["my_registration"] is None
    assert [s["id"] for s in client.get("/api/v1/sessions").json()] == [scheduled]
    assert client.get("/api/v1/sessions?organisation=other-org").json() == []


@pytest.mark.parametrize(("changes", "field", "case"), [
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "unknown_zone"),
    ({"time_zone": "../../etc/passwd"}, "time_zone", "unknown_zone"),
    ({"time_zone": "CEST"}, "time_zone", "unknown_zone"),
    ({"starts_at": local_in(-1)}, "starts_at", "past"),
    ({"starts_at": local_in(365 * 5)}, "starts_at", "too_far"),
    ({"online_url": "http://visio.example.org/x"}, "online_url", "bad_url"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "bad_url"),
    ({"format": "online", "online_url": None}, "online_url", "missing_url"),
    ({"format": "on_site", "address": " "}, "address", "missing_address"),
    ({"dataset_ids": ["registre-test", "autre-base"]}, "dataset_ids", "other_producer"),
    ({"dataset_ids": ["nothing-here"]}, "dataset_ids", "unknown_dataset"),
])
def test_scheduling_refusals_name_the_field(client, actors, scheduled, changes, field, case):
    error = refusal(client.post("/api/v1/sessions", json=payload(**changes), headers=actors["editor"]), 422, field)
    assert case in [d.get("case") for d in error["details"]]


@pytest.mark.parametrize(("changes", "field"), [
    ({"capacity": 0}, "capacity"), ({"capacity": 1001}, "capacity"), ({"capacity": 10**30}, "capacity"),
    ({"duration_minutes": 5}, "duration_minutes"), ({"duration_minutes": 481}, "duration_minutes"),
    ({"format": "carrier_pigeon"}, "format"), ({"language": "de"}, "language"),
    ({"starts_at": "tomorrow"}, "starts_at"), ({"dataset_ids": []}, "dataset_ids"),
    ({"time_zone": "x" * 65}, "time_zone"), ({"surprise": 1}, "surprise"),
])
def test_bad_values_are_422_with_the_field(client, actors, scheduled, changes, field):
    refusal(client.post("/api/v1/sessions", json=payload(**changes), headers=actors["editor"]), 422, field)


def test_a_spring_forward_hour_does_not_exist(client, actors, scheduled):
    year = dt.datetime.now(PARIS).year + 1
    error = refusal(client.post("/api/v1/sessions", json=payload(starts_at=f"{year}-03-{_last_sunday(year, 3)}T02:30"),
                                headers=actors["editor"]), 422, "starts_at")
    assert error["details"][0]["case"] == "nonexistent_time"


def _last_sunday(year: int, month: int) -> str:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return f"{day.day - (day.weekday() + 1) % 7:02d}"


def test_who_may_schedule(client, actors, scheduled):
    assert client.post("/api/v1/sessions", json=payload()).status_code == 401
    for who in ("user", "outsider", "governance"):
        refusal(client.post("/api/v1/sessions", json=payload(), headers=actors[who]), 403)
    for who in ("orgadmin", "admin"):
        assert client.post("/api/v1/sessions", json=payload(), headers=actors[who]).status_code == 201
    refusal(client.patch(f"/api/v1/sessions/{scheduled}", json={"title": "Autre"}, headers=actors["outsider"]), 403)
    refusal(client.post(f"/api/v1/sessions/{scheduled}/cancel", headers=actors["user"]), 403)


def test_unknown_and_absurd_ids(client, actors, scheduled):
    for path in ("/api/v1/sessions/999999", "/api/v1/sessions/999999.ics"):
        assert refusal(client.get(path), 404)["code"] == "session_not_found"
    assert refusal(client.get("/api/v1/sessions/999999/registration", headers=actors["user"]), 404)["code"] == \
        "session_not_found"
    assert refusal(client.get(f"/api/v1/sessions/{scheduled}/registration", headers=actors["user"]), 404)["code"] == \
        "not_registered"
    for path in ("/api/v1/sessions/0", f"/api/v1/sessions/{10**30}", "/api/v1/sessions/abc",
                 f"/api/v1/sessions/{10**30}.ics"):
        refusal(client.get(path), 422)


def test_seats_then_waiting_list_then_promotion(client, actors, scheduled, container):
    users = people(container, "ada", "bob", "cy", "dee")
    url = f"/api/v1/sessions/{scheduled}"
    outcomes = [client.post(f"{url}/register", headers=users[n]).json() for n in ("ada", "bob", "cy", "dee")]
    assert outcomes == [{"status": "registered", "waiting_rank": None}, {"status": "registered", "waiting_rank": None},
                        {"status": "waiting", "waiting_rank": 1}, {"status": "waiting", "waiting_rank": 2}]
    assert refusal(client.post(f"{url}/register", headers=users["ada"]), 409)["code"] == "conflict"
    session = client.get(url, headers=users["dee"]).json()
    assert (session["registered"], session["waiting"], session["seats_left"]) == (2, 2, 0)
    assert session["my_registration"] == {"status": "waiting", "waiting_rank": 2}

    assert client.delete(f"{url}/registration", headers=users["bob"]).json()["status"] == "cancelled"
    seated = {"status": "registered", "waiting_rank": None}
    assert client.get(f"{url}/registration", headers=users["cy"]).json() == seated
    assert client.get(f"{url}/registration", headers=users["dee"]).json() == {"status": "waiting", "waiting_rank": 1}
    events = [n.event for n in notifications_of(container, "cy@example.org")]
    assert events == ["session_waiting", "session_promoted"]
    assert refusal(client.delete(f"{url}/registration", headers=users["bob"]), 404)["code"] == "not_registered"
    # leaving the waiting list frees no seat: nobody moves
    client.delete(f"{url}/registration", headers=users["dee"])
    assert client.get(url).json()["registered"] == 2
    # back again: to the end of the line
    assert client.post(f"{url}/register", headers=users["bob"]).json() == {"status": "waiting", "waiting_rank": 1}


def test_taking_part_needs_a_verified_address_and_an_open_session(client, actors, scheduled, container):
    unverified = people(container, "eve", verified=False)["eve"]
    url = f"/api/v1/sessions/{scheduled}"
    assert refusal(client.post(f"{url}/register"), 401)["code"] == "unauthenticated"
    assert refusal(client.post(f"{url}/register", headers=unverified), 403)["code"] == "email_not_verified"
    assert client.post(f"{url}/cancel", headers=actors["editor"]).json()["status"] == "cancelled"
    assert refusal(client.post(f"{url}/register", headers=actors["user"]), 409)["code"] == "session_closed"
    assert refusal(client.post(f"{url}/cancel", headers=actors["editor"]), 409)["code"] == "session_closed"


def test_registering_sends_the_invitation_in_the_users_language(client, actors, scheduled, container):
    users = people(container, "fred", lang="en")
    client.post(f"/api/v1/sessions/{scheduled}/register", headers=users["fred"])
    client.post(f"/api/v1/sessions/{scheduled}/register", headers=actors["user"])  # French (no language set)
    english, = notifications_of(container, "fred@example.org")
    french, = notifications_of(container, "user@example.org")
    assert english.subject == "Registered: Le registre en pratique"
    assert french.subject == "Inscription confirmée : Le registre en pratique"
    assert "(Europe/Paris)" in english.body and "14:00 (Europe/Paris)" in french.body
    assert "2:00\u202fPM (Europe/Paris)" in english.body
    ics = english.body[english.body.index("BEGIN:VCALENDAR"):]
    event, = icalendar.Calendar.from_ical(ics.replace("\n", "\r\n")).walk("VEVENT")
    assert str(event["uid"]) == f"showcase-session-{scheduled}@sessions.meetmydata"
    assert english.topic == f"showcase_session:{scheduled}"


def test_icalendar_parsed_back(client, actors, scheduled):
    response = client.get(f"/api/v1/sessions/{scheduled}.ics")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    event, = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert (start.tzinfo.key if hasattr(start.tzinfo, "key") else str(start.tzinfo)) == "Europe/Paris" or \
        start.utcoffset() == start.astimezone(PARIS).utcoffset()
    assert (start.hour, start.minute) == (14, 0)
    assert event.decoded("duration") == dt.timedelta(minutes=90)
    assert str(event["summary"]) == "Le registre en pratique"
    assert str(event["location"]) == "1 place de l'Hôpital, Lyon"
    assert str(event["url"]) == "https://visio.example.org/registre"
    assert str(event["status"]) == "CONFIRMED"
    assert [c["tzid"] for c in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    uid = str(event["uid"])
    feed = icalendar.Calendar.from_ical(client.get("/api/v1/sessions.ics").content)
    assert [str(e["uid"]) for e in feed.walk("VEVENT")] == [uid]  # stable: the same in the feed
    client.patch(f"/api/v1/sessions/{scheduled}", json={"title": "Nouveau titre"}, headers=actors["editor"])
    client.post(f"/api/v1/sessions/{scheduled}/cancel", headers=actors["editor"])
    again, = icalendar.Calendar.from_ical(client.get(f"/api/v1/sessions/{scheduled}.ics").content).walk("VEVENT")
    assert (str(again["uid"]), str(again["summary"]), str(again["status"])) == (uid, "Nouveau titre", "CANCELLED")
    assert icalendar.Calendar.from_ical(client.get("/api/v1/sessions.ics").content).walk("VEVENT") == []


def test_attendees_are_seen_by_the_producer_and_admins_only(client, actors, scheduled, container):
    users = people(container, "gil")
    client.post(f"/api/v1/sessions/{scheduled}/register", headers=users["gil"])
    url = f"/api/v1/sessions/{scheduled}/attendees"
    for who in ("editor", "orgadmin", "admin"):
        listed = client.get(url, headers=actors[who]).json()
        assert [(a["name"], a["status"], a["waiting_rank"]) for a in listed] == [("Gil", "registered", None)]
    assert refusal(client.get(url), 401)["code"] == "unauthenticated"
    for who in ("user", "outsider", "governance"):
        assert refusal(client.get(url, headers=actors[who]), 403)["code"] == "forbidden"
    assert refusal(client.get(url, headers=users["gil"]), 403)["code"] == "forbidden"
    assert "Gil" not in client.get(f"/api/v1/sessions/{scheduled}").text


def test_questions_grouped_and_answered_into_an_enquiry(client, actors, scheduled, container):
    users = people(container, "hal", "ivy")
    url = f"/api/v1/sessions/{scheduled}"
    ask = {"dataset_id": "registre-test", "text": "Quelle profondeur d'historique ?"}
    assert refusal(client.post(f"{url}/questions", json=ask, headers=users["hal"]), 404)["code"] == "not_registered"
    for name in ("hal", "ivy"):
        client.post(f"{url}/register", headers=users[name])
    assert client.post(f"{url}/questions", json=ask, headers=users["hal"]).status_code == 201
    client.post(f"{url}/questions", json={"dataset_id": "cohorte-test", "text": "Et les perdus de vue ?"},
                headers=users["ivy"])
    client.post(f"{url}/questions", json={"dataset_id": "registre-test", "text": "Des données de ville ?"},
                headers=users["ivy"])
    refusal(client.post(f"{url}/questions", json={"dataset_id": "autre-base", "text": "Et celle-ci ?"},
                        headers=users["ivy"]), 422, "dataset_id")
    refusal(client.post(f"{url}/questions", json={"dataset_id": "registre-test", "text": ""},
                        headers=users["ivy"]), 422, "text")
    grouped = client.get(f"{url}/questions", headers=actors["editor"]).json()
    assert [(g["dataset_id"], [(q["asker_name"], q["text"]) for q in g["questions"]]) for g in grouped] == [
        ("registre-test", [("Hal", "Quelle profondeur d'historique ?"), ("Ivy", "Des données de ville ?")]),
        ("cohorte-test", [("Ivy", "Et les perdus de vue ?")])]
    refusal(client.get(f"{url}/questions", headers=users["hal"]), 403)
    assert [q["text"] for q in client.get(f"{url}/my-questions", headers=users["ivy"]).json()] == [
        "Et les perdus de vue ?", "Des données de ville ?"]

    first = grouped[0]["questions"][0]["id"]
    refusal(client.post(f"{url}/questions/{first}/answer", json={"body": "Dix ans."}, headers=users["ivy"]), 403)
    refusal(client.post(f"{url}/questions/999999/answer", json={"body": "Dix ans."}, headers=actors["editor"]), 404)
    enquiry = client.post(f"{url}/questions/{first}/answer", json={"body": "Dix ans."}, headers=actors["editor"])
    assert enquiry.status_code == 201, enquiry.text
    thread = client.get(f"/api/v1/enquiries/{enquiry.json()['id']}", headers=users["hal"]).json()
    assert (thread["dataset_id"], thread["organisation_id"]) == ("registre-test", "chu-test")
    assert [(m["body"], m["from_producer"]) for m in thread["messages"]] == [
        ("Quelle profondeur d'historique ?", False), ("Dix ans.", True)]
    assert client.get(f"/api/v1/enquiries/{enquiry.json()['id']}", headers=users["ivy"]).status_code == 404
    assert client.get(f"{url}/questions", headers=actors["editor"]).json()[0]["questions"][0]["enquiry_id"] == \
        enquiry.json()["id"]
    # a second answer to the same person about the same description extends that thread
    client.post(f"{url}/questions", json={"dataset_id": "registre-test", "text": "Et avant 2010 ?"},
                headers=users["hal"])
    second = client.get(f"{url}/questions", headers=actors["editor"]).json()[0]["questions"][-1]["id"]
    again = client.post(f"{url}/questions/{second}/answer", json={"body": "Non."}, headers=actors["orgadmin"]).json()
    assert again["id"] == enquiry.json()["id"] and len(again["messages"]) == 4
    assert "message_received" in [n.event for n in notifications_of(container, "hal@example.org")]


PDF = b"%PDF-1.4\n% slides\n"


def test_slides_and_replay_after_the_session(client, actors, scheduled, container):
    url = f"/api/v1/sessions/{scheduled}"
    files = {"file": ("slides.pdf", PDF, "application/pdf")}
    assert refusal(client.post(f"{url}/slides", files=files, headers=actors["editor"]), 409)["code"] == "session_closed"
    refusal(client.patch(url, json={"replay_url": "https://video.example.org/r"}, headers=actors["editor"]), 422,
            "replay_url")
    move_start(container, scheduled, dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    refusal(client.post(f"{url}/slides", files=files, headers=actors["user"]), 403)
    refusal(client.post(f"{url}/slides", files={"file": ("x.pdf", b"MZ\x90\x00", "application/pdf")},
                        headers=actors["editor"]), 415)
    refusal(client.post(f"{url}/slides", files={"file": ("x.csv", b"a,b\n", "text/csv")}, headers=actors["editor"]),
            415)
    refusal(client.post(f"{url}/slides", files={"file": ("big.pdf", PDF + b"0" * 70_000, "application/pdf")},
                        headers=actors["editor"]), 413)
    session = client.post(f"{url}/slides", files=files, headers=actors["editor"]).json()
    assert session["slides_url"] == f"{url}/slides"
    download = client.get(f"{url}/slides")
    assert (download.status_code, download.content) == (200, PDF)
    replaced = client.post(f"{url}/slides", files={"file": ("v2.pdf", PDF + b"v2", "application/pdf")},
                           headers=actors["editor"])
    assert replaced.status_code == 201 and client.get(f"{url}/slides").content == PDF + b"v2"
    refusal(client.patch(url, json={"replay_url": "http://video.example.org/r"}, headers=actors["editor"]), 422,
            "replay_url")
    refusal(client.patch(url, json={"title": "Trop tard"}, headers=actors["editor"]), 409)
    done = client.patch(url, json={"replay_url": "https://video.example.org/r"}, headers=actors["editor"]).json()
    assert done["replay_url"] == "https://video.example.org/r"
    assert client.get("/api/v1/sessions").json() == []  # over: no longer coming


def test_capacity_never_below_the_seats_given(client, actors, scheduled, container):
    users = people(container, "jo", "kim")
    for name in ("jo", "kim"):
        client.post(f"/api/v1/sessions/{scheduled}/register", headers=users[name])
    refusal(client.patch(f"/api/v1/sessions/{scheduled}", json={"capacity": 1}, headers=actors["editor"]), 422,
            "capacity")
    assert client.patch(f"/api/v1/sessions/{scheduled}", json={"capacity": 3},
                        headers=actors["editor"]).json()["seats_left"] == 1


def test_a_session_notification_leads_to_the_session(client, actors, scheduled):
    client.post(f"/api/v1/sessions/{scheduled}/register", headers=actors["user"])
    inbox = client.get("/api/v1/notifications", headers=actors["user"]).json()
    assert [(n["event"], n["link"]) for n in inbox] == [("session_registered", f"/api/v1/sessions/{scheduled}")]
