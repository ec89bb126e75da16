"""Collaboration matching through the REST API, on both stacks: the offer and its refusals, the ranked
suggestions for a data user, the producer-side list (opt-in, who sees it), the enquiry a producer starts."""

from __future__ import annotations

import pytest

from tests.partners.helpers import OFFER, describe_all, offer


def fields(response) -> list[str]:
    return [d["field"] for d in response.json()["error"].get("details", [])]


def test_an_offer_starts_empty_and_hidden_then_is_saved(client, actors):
    assert client.get(OFFER, headers=actors["user"]).json() == {
        "offers": [], "fields": [], "skills": "", "visible_to_producers": False}
    saved = offer(client, actors, offers=["funding", "co_development", "funding"], skills="  R, SAS  ")
    assert saved == {"offers": ["co_development", "funding"], "fields": ["HRAD"], "skills": "R, SAS",
                     "visible_to_producers": True}
    assert client.get(OFFER, headers=actors["user"]).json() == saved
    assert client.get(OFFER, headers=actors["editor"]).json()["offers"] == []  # each person their own


@pytest.mark.parametrize(("changes", "field"), [
    ({"offers": ["coffee"]}, "offers[0]"), ({"fields": ["CARDIO"]}, "fields[0]"),
    ({"skills": "x" * 301}, "skills"), ({"skills": "two\nlines"}, "skills"),
    ({"visible_to_producers": "maybe"}, "visible_to_producers"), ({"offers": "funding"}, "offers"),
    ({"colour": "blue"}, "colour"),
])
def test_each_bad_field_of_an_offer_is_refused_by_name(client, actors, changes, field):
    body = {"offers": ["funding"], **changes}
    response = client.put(OFFER, json=body, headers=actors["user"])
    assert response.status_code == 422, response.text
    assert field in fields(response), response.json()
    assert client.get(OFFER, headers=actors["user"]).json()["offers"] == []


def test_an_offer_is_for_signed_in_people(client):
    assert client.get(OFFER).status_code == 401
    assert client.put(OFFER, json={"offers": ["funding"]}).status_code == 401
    assert client.get("/api/v1/me/suggestions").status_code == 401


def test_suggestions_are_ranked_by_offers_then_fields(client, actors, record):
    describe_all(client, actors, record)
    assert client.get("/api/v1/me/suggestions", headers=actors["user"]).json() == []  # no offer yet
    offer(client, actors, visible_to_producers=False)  # suggestions do not need the opt-in
    found = client.get("/api/v1/me/suggestions", headers=actors["user"]).json()
    assert [(s["dataset_id"], s["organisation_id"], s["because"]["offers"], s["because"]["fields"], s["ask"])
            for s in found] == [
        ("alpha-cardio", "chu-test", ["algorithm_validation", "co_development"], ["HRAD"],
         "/datasets/alpha-cardio/ask"),
        ("beta-registre", "chu-test", ["algorithm_validation"], ["HRAD"], "/datasets/beta-registre/ask"),
        ("delta-entrepot", "chu-test", ["co_development"], [], "/datasets/delta-entrepot/ask"),
        ("epsilon-autre", "other-org", ["algorithm_validation"], [], "/datasets/epsilon-autre/ask"),
    ]
    # a producer's member is not offered its own descriptions
    offer(client, actors, who="editor", offers=["algorithm_validation"], fields=[])
    assert [s["dataset_id"] for s in client.get("/api/v1/me/suggestions", headers=actors["editor"]).json()] == [
        "epsilon-autre"]


def test_at_most_ten_suggestions(client, actors, record):
    from tests.partners.helpers import seeking
    for n in range(12):
        dataset_id = f"serie-{n:02d}"
        client.post("/api/v1/datasets", json=seeking(record, dataset_id, "editor", ["funding"], ["HRAD"]),
                    headers=actors["editor"])
        assert client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors["editor"]).status_code == 200
    offer(client, actors, offers=["funding"])
    found = client.get("/api/v1/me/suggestions", headers=actors["user"]).json()
    assert [s["dataset_id"] for s in found] == [f"serie-{n:02d}" for n in range(10)]


def partners(client, actors, who, dataset_id="alpha-cardio"):
    return client.get(f"/api/v1/datasets/{dataset_id}/partners", headers=actors[who] if who else {})


def test_producers_see_only_users_who_opted_in(client, actors, record):
    describe_all(client, actors, record)
    offer(client, actors, visible_to_producers=False)
    offer(client, actors, who="governance", offers=["co_development"], fields=["EHRS"], skills="Statistics")
    assert partners(client, actors, "editor").json() == [
        {"user_id": partners(client, actors, "editor").json()[0]["user_id"], "name": "governance",
         "skills": "Statistics", "because": {"offers": ["co_development"], "fields": ["EHRS"]}}]
    offer(client, actors)  # the user opts in: ranked first (two offers met)
    listed = partners(client, actors, "editor").json()
    assert [(p["name"], p["because"]["offers"], p["because"]["fields"]) for p in listed] == [
        ("user", ["algorithm_validation", "co_development"], ["HRAD"]),
        ("governance", ["co_development"], ["EHRS"])]
    assert partners(client, actors, "orgadmin").json() == listed
    offer(client, actors, visible_to_producers=False)  # and changes their mind
    assert [p["name"] for p in partners(client, actors, "editor").json()] == ["governance"]
    offer(client, actors)
    assert partners(client, actors, "admin").json() == listed
    assert [p["name"] for p in partners(client, actors, "editor", "gamma-cohorte").json()] == []  # seeks funding
    assert partners(client, actors, "editor", "zeta-brouillon").json() == []  # a draft: nobody yet


@pytest.mark.parametrize("who", [None, "outsider", "user", "governance"])
def test_nobody_else_sees_the_partners(client, actors, record, who):
    describe_all(client, actors, record)
    offer(client, actors)
    response = partners(client, actors, who)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "partners_not_found")
    assert "user" not in response.text.replace("user_id", "")


def test_unknown_description_has_no_partners(client, actors):
    response = partners(client, actors, "editor", "nope-nothing")
    assert response.status_code == 404


def user_id(client, actors, who="user") -> int:
    return client.get("/api/v1/me", headers=actors[who]).json()["id"]


def enquiry(client, actors, who, target, dataset_id="alpha-cardio", **body):
    payload = {"subject": "Validate our ECG algorithm", "message": "Would you test it on our data?", **body}
    return client.post(f"/api/v1/datasets/{dataset_id}/partners/{target}/enquiry", json=payload,
                       headers=actors[who] if who else {})


def test_a_producer_member_starts_an_enquiry_with_a_partner(client, actors, record):
    describe_all(client, actors, record)
    offer(client, actors)
    target = user_id(client, actors)
    response = enquiry(client, actors, "editor", target)
    assert response.status_code == 201, response.text
    thread = response.json()
    assert response.headers["Location"] == f"/api/v1/enquiries/{thread['id']}"
    assert (thread["dataset_id"], thread["organisation_id"], thread["asker_id"], thread["subject"]) == (
        "alpha-cardio", "chu-test", target, "Validate our ECG algorithm")
    assert [(m["from_producer"], m["body"]) for m in thread["messages"]] == [
        (True, "Would you test it on our data?")]
    # the user reads it as any thread of theirs, answers, and the producer's members see the answer
    assert [e["id"] for e in client.get("/api/v1/enquiries", headers=actors["user"]).json()] == [thread["id"]]
    notes = [n for n in client.get("/api/v1/notifications", headers=actors["user"]).json()
             if n["event"] == "enquiry_from_producer"]
    assert [(n["subject"], n["link"]) for n in notes] == [
        ("CHU Test souhaite travailler avec vous : Validate our ECG algorithm", f"/api/v1/enquiries/{thread['id']}")]
    assert notes[0]["body"].startswith("CHU Test a vu votre offre de collaboration et vous écrit au sujet de sa "
                                       "description « ")
    assert notes[0]["body"].endswith(" » :\n\nWould you test it on our data?")
    reply = client.post(f"/api/v1/enquiries/{thread['id']}/messages", json={"body": "Gladly"},
                        headers=actors["user"])
    assert reply.status_code == 201 and reply.json()["from_producer"] is False
    trail = client.get(f"/api/v1/audit?subject_type=enquiry&subject_id={thread['id']}", headers=actors["admin"])
    assert [e["action"] for e in trail.json()][:1] == ["enquiry.create_by_producer"]


def test_the_enquiry_refusals(client, actors, record):
    describe_all(client, actors, record)
    offer(client, actors)
    offer(client, actors, who="governance", visible_to_producers=False)
    target = user_id(client, actors)
    cases = [
        (enquiry(client, actors, None, target), 401, "unauthenticated"),  # a write needs a signed-in caller
        (enquiry(client, actors, "outsider", target), 404, "partners_not_found"),  # another producer
        (enquiry(client, actors, "user", target), 404, "partners_not_found"),  # the user themselves
        (enquiry(client, actors, "admin", target), 403, "forbidden"),  # sees the list, writes for nobody
        (enquiry(client, actors, "editor", user_id(client, actors, "governance")), 404, "partner_not_found"),
        (enquiry(client, actors, "editor", target, "gamma-cohorte"), 404, "partner_not_found"),  # no overlap
        (enquiry(client, actors, "editor", 999999), 404, "partner_not_found"),
        (enquiry(client, actors, "editor", target, "nope-nothing"), 404, "dataset_not_found"),
    ]
    assert [(r.status_code, r.json()["error"]["code"]) for r, _, _ in cases] == [(s, c) for _, s, c in cases]
    for body, field in (({"subject": "ab"}, "subject"), ({"message": ""}, "message"), ({"cc": "x"}, "cc")):
        response = enquiry(client, actors, "editor", target, **body)
        assert response.status_code == 422 and field in fields(response), response.text
    assert enquiry(client, actors, "editor", 10**20).status_code == 422
    assert client.get("/api/v1/enquiries", headers=actors["user"]).json() == []
