"""Needs matching and alerts, on both stacks: at posting, the members of the producers whose published
descriptions match are alerted; a description published (or edited into a match) later alerts its producer
once per (need, description); drafts never; a producer without members is told at its contact address, with a
link to claim it; unserved needs are
marked for producers only."""

from __future__ import annotations

from tests.needs.helpers import URL, description, events, post, publish


def test_posting_alerts_the_members_of_matching_producers_only(client, actors, record):
    publish(client, actors, record, "registre-test")  # HRAD, chu-test (editor, orgadmin)
    need = post(client, actors)
    assert [(n["event"], n["link"]) for n in events(client, actors, "editor")] == [
        ("need_match", f"/api/v1/needs/{need['id']}")]
    assert "registre-test" in events(client, actors, "orgadmin")[0]["body"]
    assert events(client, actors, "outsider") == [] and events(client, actors, "user") == []
    matches = client.get(f"{URL}/{need['id']}/matches").json()
    assert [(m["id"], m["organisation_id"]) for m in matches] == [("registre-test", "chu-test")]


def test_filters_of_the_need_decide(client, actors, record):
    publish(client, actors, record, "registre-test")  # FR, 69 million, startups under conditions, RESTRICTED
    for changes in ({"themes": ["EHCT"]}, {"geography": ["DE"]}, {"individuals_min": 70_000_000},
                    {"open_data_only": True}, {"period_from": 1990, "period_to": 2000}):
        post(client, actors, **changes)
    assert events(client, actors, "editor") == []
    post(client, actors, geography=["FR"], individuals_min=1000, open_to="startup", period_from=2010, age_min=5,
         age_max=17)
    assert len(events(client, actors, "editor")) == 1


def test_a_later_publication_alerts_once_and_drafts_never(client, actors, record):
    need = post(client, actors, themes=["EHCT", "RMMD"])
    draft = description(record, "essais", health_categories=["EHCT"])
    assert client.post("/api/v1/datasets", json=draft, headers=actors["editor"]).status_code == 201
    assert events(client, actors, "editor") == []  # a draft is never indexed, so never matches
    assert client.post("/api/v1/datasets/essais/publish", headers=actors["editor"]).status_code == 200
    found = events(client, actors, "editor")
    assert [n["link"] for n in found] == [f"/api/v1/needs/{need['id']}"] and "essais" in found[0]["body"]
    draft["title"] = {"fr": "Essais cliniques, édition 2", "en": "Clinical trials, second edition"}
    assert client.put("/api/v1/datasets/essais", json=draft, headers=actors["editor"]).status_code == 200
    assert len(events(client, actors, "editor")) == 1  # still matching: told once


def test_an_edit_into_a_match_alerts_and_a_closed_need_never(client, actors, record):
    publish(client, actors, record, "registre-test")
    open_need = post(client, actors, themes=["PHDR"])
    closed = post(client, actors, themes=["PHDR"], title="Closed already")
    assert client.post(f"{URL}/{closed['id']}/close", headers=actors["user"]).status_code == 200
    edited = description(record, "registre-test", health_categories=["HRAD", "PHDR"])
    assert client.put("/api/v1/datasets/registre-test", json=edited, headers=actors["editor"]).status_code == 200
    assert [n["link"] for n in events(client, actors, "editor")] == [f"/api/v1/needs/{open_need['id']}"]


def test_a_producer_without_members_is_told_at_its_contact_address(client, actors, record, container):
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from schemas.organisations import OrganisationIn

    with container.uow() as uow:
        organisations.create(uow, SYSTEM, OrganisationIn(id="lonely", name="Nobody here", type="registry"))
        uow.commit()
    lonely = description(record, "seul")
    lonely["producer"] = {"id": "lonely", "name": "Nobody here", "type": "registry", "country": "FR"}
    assert client.post("/api/v1/datasets", json=lonely, headers=actors["admin"]).status_code == 201
    assert client.post("/api/v1/datasets/seul/publish", headers=actors["admin"]).status_code == 200
    need = post(client, actors)
    assert [m["id"] for m in client.get(f"{URL}/{need['id']}/matches").json()] == ["seul"]
    assert events(client, actors, "admin") == [] and events(client, actors, "editor") == []
    from sqlalchemy import select

    from catalogue.notifications.models import Notification
    with container.sessions() as session:
        [row] = session.scalars(select(Notification).where(Notification.user_id.is_(None))).all()
    assert (row.email, row.event) == (lonely["contact"]["email"].lower(), "need_match")
    assert row.link.startswith("/join/") and "(seul)" in row.body


def test_unserved_is_shown_to_producers_only(client, actors, record):
    publish(client, actors, record, "registre-test")
    served = post(client, actors)
    unserved = post(client, actors, themes=["EHCT"], title="Nobody has this")
    for who, expected in (("editor", {served["id"]: False, unserved["id"]: True}),
                          ("admin", {served["id"]: False, unserved["id"]: True}),
                          ("user", {served["id"]: None, unserved["id"]: None})):
        items = client.get(URL, headers=actors[who]).json()["items"]
        assert {n["id"]: n["unserved"] for n in items} == expected, who
    assert {n["id"]: n["unserved"] for n in client.get(URL).json()["items"]} == {served["id"]: None,
                                                                              unserved["id"]: None}
