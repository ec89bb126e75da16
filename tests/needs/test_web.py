"""The needs board's pages (TestClient, both stacks): the board and a need in French and English, a
producers-only need kept from the public, the form's refusals shown again on the page with what was typed,
a producer's answer, the author's satisfy, a platform admin's hide; every form needs its CSRF token."""

from __future__ import annotations

import html

from tests.needs.helpers import FUTURE, URL, post, publish
from tests.web.helpers import post_form, sign_in

EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}


def form(**changes: str) -> dict:
    data = {"title": "Asthma in children", "description": "For a model.", "themes": "HRAD", "purpose": "research",
            "deadline": FUTURE, "visibility": "public"}
    data.update(changes)
    return data


def test_the_board_in_both_languages_keeps_producers_only_needs_from_the_public(client, actors, record):
    publish(client, actors, record, "registre-test")
    public = post(client, actors, title="Open asthma need")
    secret = post(client, actors, title="Secret oncology need", visibility="producers", themes=["EHCT"])
    french = client.get("/needs", headers=FR)
    assert french.status_code == 200 and "Tableau des besoins de données" in french.text
    assert "Open asthma need" in french.text and "Secret oncology need" not in french.text
    assert "1 besoin" in french.text and "Demande non servie" not in french.text  # not a producer
    english = client.get("/needs", params={"theme": "HRAD", "q": "asthma"}, headers=EN)
    assert "Data needs board" in english.text and "1 need" in english.text
    assert client.get(f"/needs/{secret['id']}", headers=EN).status_code == 404
    page = client.get(f"/needs/{public['id']}", headers=EN).text
    assert "Open asthma need" in page and "Answer this need" not in page and "Mark as satisfied" not in page
    assert client.get("/needs", params={"page": "0"}).status_code in (400, 422)
    assert client.get("/needs", params={"theme": "NOPE"}).status_code == 200  # an unknown theme is ignored
    sign_in(client, "editor")
    board = client.get("/needs", headers=EN).text
    assert "Secret oncology need" in board and board.count("Unserved demand") == 1  # the EHCT one only


def test_the_form_refuses_on_the_page_with_the_values_kept(client, actors):
    assert client.get("/needs/new", follow_redirects=False).status_code in (303, 401)
    sign_in(client, "user")
    refused = post_form(client, "/needs/new", "/needs/new", form(title="Kept title", deadline="2000-01-01"),
                        headers=FR)
    assert refused.status_code == 422
    assert "L’échéance doit être aujourd’hui ou plus tard." in html.unescape(refused.text)
    assert 'value="Kept title"' in refused.text and 'value="HRAD" checked' in refused.text
    bad = post_form(client, "/needs/new", "/needs/new", form(themes="", individuals_min="abc"), headers=EN)
    assert bad.status_code == 422 and 'id="need-individuals_min-error"' in bad.text
    assert 'id="need-themes-error"' in bad.text
    assert client.post("/needs/new", data=form(), follow_redirects=False).status_code == 403  # no CSRF token
    done = post_form(client, "/needs/new", "/needs/new", form(geography="fr, FR-IDF"))
    assert done.status_code == 303 and done.headers["location"].startswith("/needs/")
    need = client.get(done.headers["location"].replace("/needs/", f"{URL}/"), headers=actors["user"]).json()
    assert (need["title"], need["geography"], need["themes"]) == ("Asthma in children", ["FR", "FR-IDF"], ["HRAD"])


def test_a_producer_answers_the_author_satisfies_an_admin_hides(client, actors, record):
    publish(client, actors, record, "registre-test")
    need = post(client, actors)
    page = f"/needs/{need['id']}"
    sign_in(client, "editor")
    shown = client.get(page, headers=EN).text
    assert "Answer this need" in shown and 'value="registre-test"' in shown and "Mark as satisfied" not in shown
    empty = post_form(client, page, f"{page}/responses", {"text": ""}, headers=EN)
    assert empty.status_code == 422 and "Write a message or choose one of your descriptions." in empty.text
    sent = post_form(client, page, f"{page}/responses", {"text": "We have it", "dataset_id": "registre-test"})
    assert sent.status_code == 303
    refused = post_form(client, page, f"{page}/satisfy", {}, headers=EN)
    assert refused.status_code == 403
    client.cookies.clear()
    sign_in(client, "user")
    mine = client.get(page, headers=FR).text
    assert "We have it" in mine and "Marquer comme satisfait" in mine and "Répondre à ce besoin" not in mine
    answer = client.get(f"{URL}/{need['id']}", headers=actors["user"]).json()["responses"][0]["id"]
    assert post_form(client, page, f"{page}/satisfy", {"response_id": str(answer)}).status_code == 303
    assert "a satisfait le besoin" in client.get(page, headers=FR).text
    client.cookies.clear()
    sign_in(client, "admin")
    no_reason = post_form(client, page, f"{page}/hide", {"reason": ""}, headers=EN)
    assert no_reason.status_code == 422 and 'id="need-hide-refusal"' in no_reason.text
    assert post_form(client, page, f"{page}/hide", {"reason": "duplicate"}).status_code == 303
    assert "Hidden by a platform admin: duplicate" in client.get(page, headers=EN).text
    assert post_form(client, page, f"{page}/bogus", {}).status_code == 422
    client.cookies.clear()
    assert client.get(page).status_code == 404
