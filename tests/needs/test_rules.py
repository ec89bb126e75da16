"""The needs board's rules, on both stacks: each refusal of a posting, who sees a producers-only or hidden
need (list, search and by id), who answers, who satisfies or closes, moderation with its audit entry."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.audit import service as audit
from tests.needs.helpers import URL, events, need_body, post, publish

PAST = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def fields(response) -> list[str]:
    return [d["field"] for d in response.json()["error"].get("details", [])]


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "ab"}, "title"), ({"title": "x" * 201}, "title"), ({"description": ""}, "description"),
    ({"themes": []}, "themes"), ({"themes": ["NOPE"]}, "themes[0]"), ({"purpose": "fun"}, "purpose"),
    ({"deadline": "2026-02-30"}, "deadline"), ({"deadline": PAST}, "deadline"),
    ({"visibility": "friends"}, "visibility"), ({"geography": ["France"]}, "geography[0]"),
    ({"individuals_min": 10**13}, "individuals_min"), ({"individuals_min": 0}, "individuals_min"),
    ({"period_from": 1800}, "period_from"), ({"age_max": 151}, "age_max"), ({"open_to": "aliens"}, "open_to"),
    ({"colour": "blue"}, "colour"),
])
def test_each_bad_field_is_refused_by_name(client, actors, changes, field):
    response = client.post(URL, json=need_body(**changes), headers=actors["user"])
    assert response.status_code == 422, response.text
    assert field in fields(response), response.json()


def test_ranges_must_be_ordered(client, actors):
    for low, high in (("period_from", "period_to"), ("age_min", "age_max")):
        response = client.post(URL, json=need_body(**{low: 2020, high: 2010} if "period" in low
                                                     else {low: 50, high: 10}), headers=actors["user"])
        assert response.status_code == 422 and low in response.json()["error"]["message"], response.text


def test_posting_needs_a_signed_in_verified_account(client, actors, container):
    from catalogue.accounts import service as accounts

    assert client.post(URL, json=need_body()).status_code == 401
    with container.uow() as uow:
        user = accounts.create_user(uow, email="new@example.org", name="New", password="correct horse battery")
        raw, _ = accounts.issue_token(uow, user, name="t", ttl_days=1)
        uow.commit()
    response = client.post(URL, json=need_body(), headers={"Authorization": f"Bearer {raw}"})
    assert (response.status_code, response.json()["error"]["code"]) == (403, "email_not_verified")


def test_a_producers_only_need_is_invisible_to_the_public_and_to_data_users(client, actors):
    need = post(client, actors, "governance", visibility="producers", title="Secret oncology wish")
    public = post(client, actors, "governance", title="Open oncology wish")
    for headers in ({}, actors["user"]):
        assert client.get(f"{URL}/{need['id']}", headers=headers).status_code == 404
        assert client.get(f"{URL}/{need['id']}/matches", headers=headers).status_code == 404
        listed = client.get(URL, params={"q": "oncology"}, headers=headers).json()
        assert [n["id"] for n in listed["items"]] == [public["id"]] and listed["total"] == 1
        response = client.post(f"{URL}/{need['id']}/responses", json={"text": "hi"}, headers=actors["user"])
        assert response.status_code == 404
    for who in ("editor", "outsider", "admin", "governance"):
        assert client.get(f"{URL}/{need['id']}", headers=actors[who]).status_code == 200, who
        ids = [n["id"] for n in client.get(URL, params={"q": "ONCOLOGY"}, headers=actors[who]).json()["items"]]
        assert ids == [public["id"], need["id"]], who


def test_search_by_words_and_theme_with_pages(client, actors):
    first = post(client, actors, title="Diabetes in primary care", themes=["EHRS", "RQSH"])
    second = post(client, actors, title="Rare diseases 50% registry", themes=["RQSH"])
    post(client, actors, title="Something else", themes=["EHCT"])

    def ids(**params):
        return [n["id"] for n in client.get(URL, params=params).json()["items"]]

    assert ids(theme="RQSH") == [second["id"], first["id"]]
    assert ids(theme=["EHRS", "EHCT"], q="diabetes") == [first["id"]]
    assert ids(q="50%") == [second["id"]] and ids(q="_") == []
    page = client.get(URL, params={"page": 2, "page_size": 2}).json()
    assert (page["total"], page["page"], len(page["items"])) == (3, 2, 1)
    for bad in ({"theme": "XX"}, {"page": 0}, {"page_size": 1000}, {"status": "gone"}, {"q": "x" * 201}):
        assert client.get(URL, params=bad).status_code == 422, bad
    assert client.get(f"{URL}/99999999").status_code == 404
    assert client.get(f"{URL}/99999999999").status_code == 422


def test_only_producers_answer_and_the_author_is_told(client, actors, record):
    publish(client, actors, record, "registre-test")
    need = post(client, actors)
    url = f"{URL}/{need['id']}/responses"
    refused = client.post(url, json={"text": "I have data"}, headers=actors["user"])
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
    assert client.post(url, json={"text": "hi", "organisation_id": "other-org"},
                       headers=actors["editor"]).status_code == 403
    assert fields(client.post(url, json={}, headers=actors["editor"])) == ["text"]
    wrong = client.post(url, json={"dataset_id": "registre-test"}, headers=actors["outsider"])
    assert wrong.status_code == 404 and fields(wrong) == ["dataset_id"]
    answer = client.post(url, json={"text": "Our registry has it", "dataset_id": "registre-test"},
                         headers=actors["editor"])
    assert answer.status_code == 201, answer.text
    assert {k: answer.json()[k] for k in ("organisation_id", "organisation_name", "author_name", "dataset_id")} == {
        "organisation_id": "chu-test", "organisation_name": "CHU Test", "author_name": "editor",
        "dataset_id": "registre-test"}
    told = events(client, actors, "user")
    assert [n["event"] for n in told] == ["need_response"]
    assert "Our registry has it" in told[0]["body"] and "registre-test" in told[0]["body"]
    shown = client.get(f"{URL}/{need['id']}", headers=actors["user"]).json()
    assert [r["text"] for r in shown["responses"]] == ["Our registry has it"]
    assert set(shown["actions"]) == {"satisfy", "close", "edit"}


def test_only_the_author_satisfies_or_closes_and_states_hold(client, actors):
    need = post(client, actors)
    other = post(client, actors, title="Another one")
    base = f"{URL}/{need['id']}"
    answer = client.post(f"{base}/responses", json={"text": "yes"}, headers=actors["editor"]).json()
    for who in ("editor", "admin", "outsider"):
        assert client.post(f"{base}/satisfy", headers=actors[who]).status_code == 403, who
        assert client.post(f"{base}/close", headers=actors[who]).status_code == 403, who
    assert client.post(f"{base}/satisfy").status_code == 401
    assert client.post(f"{base}/satisfy", json={"response_id": 999999}, headers=actors["user"]).status_code == 404
    done = client.post(f"{base}/satisfy", json={"response_id": answer["id"]}, headers=actors["user"])
    assert done.status_code == 200 and (done.json()["status"], done.json()["satisfied_by"]) == ("satisfied",
                                                                                               answer["id"])
    assert client.post(f"{base}/close", headers=actors["user"]).status_code == 409
    assert client.post(f"{base}/responses", json={"text": "late"}, headers=actors["editor"]).status_code == 409
    assert client.patch(base, json={"title": "Changed"}, headers=actors["user"]).status_code == 409
    assert client.post(f"{URL}/{other['id']}/satisfy", json={"response_id": answer["id"]},
                       headers=actors["user"]).status_code == 404  # a response to another need
    assert client.post(f"{URL}/{other['id']}/close", headers=actors["user"]).json()["status"] == "closed"
    assert [n["status"] for n in client.get(URL, params={"status": "open"}).json()["items"]] == []


def test_only_the_author_edits_an_open_need(client, actors):
    need = post(client, actors)
    base = f"{URL}/{need['id']}"
    assert client.patch(base, json={"title": "Mine now"}, headers=actors["editor"]).status_code == 403
    assert fields(client.patch(base, json={"deadline": PAST}, headers=actors["user"])) == ["deadline"]
    assert fields(client.patch(base, json={"title": None}, headers=actors["user"])) == ["title"]
    assert client.patch(base, json={"age_min": 90, "age_max": 10}, headers=actors["user"]).status_code == 422
    changed = client.patch(base, json={"title": "Asthma in teenagers", "themes": ["RQSH", "HRAD"], "age_min": 12},
                           headers=actors["user"])
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in ("title", "themes", "age_min", "description")} == {
        "title": "Asthma in teenagers", "themes": ["HRAD", "RQSH"], "age_min": 12,
        "description": "For a prediction model."}
    assert client.patch(base, json={"age_max": 5}, headers=actors["user"]).status_code == 422  # 12 > 5


def test_platform_admins_hide_with_a_reason_and_the_trail_says_so(client, actors, container):
    need = post(client, actors, title="Selling data, call me")
    base = f"{URL}/{need['id']}"
    assert client.post(f"{base}/hide", json={"reason": "advertising"}, headers=actors["editor"]).status_code == 403
    assert fields(client.post(f"{base}/hide", json={}, headers=actors["admin"])) == ["reason"]
    assert fields(client.post(f"{base}/hide", json={"reason": "\u200b\u200b\u200b"},
                              headers=actors["admin"])) == ["reason"]
    hidden = client.post(f"{base}/hide", json={"reason": "advertising"}, headers=actors["admin"])
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    assert client.post(f"{base}/hide", json={"reason": "again"}, headers=actors["admin"]).status_code == 409
    for headers in ({}, actors["editor"], actors["outsider"]):
        assert client.get(base, headers=headers).status_code == 404
        assert client.get(URL, headers=headers).json()["total"] == 0
    mine = client.get(base, headers=actors["user"]).json()
    assert (mine["status"], mine["hidden_reason"], mine["actions"]) == ("hidden", "advertising", [])
    with container.uow() as uow:
        trail = [(e.action, e.actor, e.from_state, e.to_state, e.reason)
                 for e in audit.history(uow, "need", need["id"])]
    assert trail == [("need.hide", "admin@example.org", "open", "hidden", "advertising")]
