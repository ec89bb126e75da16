"""The request basket on the web pages: add from the search results and a description page (a POST form
with its CSRF token), list, remove, the checklist as datasets are added, the request form opened with
them; refusals (unknown, draft, full, crafted input) in both languages; a basket is its owner's only."""

from __future__ import annotations

import copy
import html
import re

import pytest
from fastapi.testclient import TestClient

from catalogue.baskets import service as baskets
from tests.web.helpers import csrf_of, post_form, publish, sign_in

EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}


def two_producers(client: TestClient, actors, record: dict) -> tuple[str, str]:
    """registre-test (CHU Test: its procedure asks for a protocol) and autre-registre (Other producer: an
    ethics committee's opinion, closed to startups), both published."""
    first = copy.deepcopy(record)
    first["title"] = {"fr": "Registre des sepsis", "en": "Sepsis registry"}
    first["access"] = {**first["access"], "legal_bases": ["consent"], "procedure": {"fr": "Envoyer le protocole."},
                       "audiences": {**first["access"]["audiences"], "startup": "yes"}}
    second = copy.deepcopy(first)
    second["id"], second["title"] = "autre-registre", {"fr": "Autre registre", "en": "Another registry"}
    second["producer"] = {"id": "other-org", "name": "Other producer", "type": "university_hospital", "country": "FR"}
    second["access"] = {**second["access"], "procedure": {"en": "An ethics committee (CPP) opinion is required."},
                        "audiences": {**second["access"]["audiences"], "startup": "no"}}
    publish(client, actors["editor"], first)
    publish(client, actors["outsider"], second)
    return first["id"], second["id"]


def add(client: TestClient, page: str, dataset_id: str, **headers):
    return post_form(client, page, "/me/basket", {"dataset_id": dataset_id, "back": page}, headers=headers)


def in_basket(client: TestClient) -> list[str]:
    return re.findall(r'action="/me/basket/([^"/]+)/remove"', client.get("/me/basket").text)


def test_from_search_and_dataset_pages_to_the_request_form(client, actors, record):
    first, second = two_producers(client, actors, record)
    sign_in(client, "user")
    search = client.get("/search?q=registre", headers=FR).text
    assert f'name="dataset_id" value="{first}"' in search and "Ajouter à ma demande" in search
    response = add(client, "/search?q=registre", first)
    assert response.status_code == 303 and response.headers["location"] == "/search?q=registre"
    assert "Ajouté à votre panier de demande (1 jeu de données)." in client.get("/search?q=registre").text
    page = client.get(f"/datasets/{first}", headers=FR).text
    assert "Dans mon panier de demande" in page and f'name="dataset_id" value="{first}"' not in page
    basket = client.get("/me/basket", headers=FR).text
    assert "1 jeu de données de 1 producteur" in basket
    assert "Documents à joindre" in basket and "Protocole" in basket and "Comité" not in basket  # one procedure
    response = add(client, f"/datasets/{second}", second)
    assert response.status_code == 303 and response.headers["location"] == f"/datasets/{second}"
    assert in_basket(client) == [first, second]
    basket = client.get("/me/basket", headers=FR).text
    assert "2 jeux de données de 2 producteurs" in basket and "Autre registre" in basket
    assert "Avis d'un comité d'éthique" in html.unescape(basket)  # what the second one's procedure adds
    assert f'href="/requests/new?dataset={first}&amp;dataset={second}&amp;from=basket"' in basket
    form = html.unescape(client.get(f"/requests/new?dataset={first}&dataset={second}&from=basket", headers=FR).text)
    assert f'name="datasets" value="{first}" checked' in form and f'name="datasets" value="{second}" checked' in form
    assert 'name="from" value="basket"' in form
    assert "Ce que le dépôt exigera" in form and "Choisissez le champ « Type d'organisation »" in form


def test_the_checklist_follows_the_requester_type_and_route_chosen(client, actors, record):
    first, second = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    add(client, "/me/basket", second)
    page = client.get("/me/basket?requester_organisation_type=startup&legal_route=consent", headers=EN)
    assert page.status_code == 200
    assert "Choose “" not in page.text  # both chosen: the audience and route rules apply
    assert "“Another registry” is not open to Startup requesters: choose another organisation type" in html.unescape(
        page.text)
    assert ('href="/requests/new?dataset=registre-test&amp;dataset=autre-registre&amp;from=basket'
            '&amp;legal_route=consent&amp;requester_organisation_type=startup"') in page.text
    form = client.get("/requests/new?dataset=registre-test&from=basket&legal_route=consent"
                      "&requester_organisation_type=startup", headers=EN).text
    assert '<option value="startup" selected>' in form and '<option value="consent" selected>' in form
    academic = client.get("/me/basket?requester_organisation_type=academic&legal_route=consent", headers=EN).text
    assert "is not open to" not in academic


@pytest.mark.parametrize("query", ["legal_route=bogus", "requester_organisation_type=" + "x" * 5000])
def test_an_unknown_choice_is_refused_on_the_basket_page(client, actors, record, query):
    first, _ = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    page = client.get(f"/me/basket?{query}", headers=FR)
    assert page.status_code == 422 and "Valeur inconnue : choisissez-en une dans la liste." in page.text
    assert client.get(f"/me/basket?{query}", headers=EN).text.count("Unknown value: choose one from the list.") == 1


def test_duplicates_are_ignored(client, actors, record):
    first, _ = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    response = add(client, "/me/basket", first)
    assert response.status_code == 303
    assert "This dataset is already in your request basket (1 dataset)." in client.get("/me/basket", headers=EN).text
    assert in_basket(client) == [first]


@pytest.mark.parametrize("dataset_id", ["nope", "", "x" * 10_000, "../../etc/passwd", "registre-test' OR 1=1"])
def test_an_unknown_id_is_refused_with_a_clear_message(client, actors, record, dataset_id):
    two_producers(client, actors, record)
    sign_in(client, "user")
    response = add(client, "/me/basket", dataset_id, **EN)
    assert response.status_code == 404 and "no published dataset description" in response.text
    assert in_basket(client) == []


def test_a_draft_cannot_be_added_nor_seen(client, actors, record):
    draft = copy.deepcopy(record)
    assert client.post("/api/v1/datasets", json=draft, headers=actors["editor"]).status_code == 201
    sign_in(client, "user")
    response = add(client, "/me/basket", draft["id"], **FR)
    assert response.status_code == 404 and draft["id"] in response.text and "Registre" not in response.text[:0]
    assert in_basket(client) == []


def test_at_most_twenty_and_the_refusal_keeps_the_basket_on_screen(client, actors, record, monkeypatch):
    assert baskets.MAX_ITEMS == 20
    first, second = two_producers(client, actors, record)
    monkeypatch.setattr(baskets, "MAX_ITEMS", 1)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    response = add(client, f"/datasets/{second}", second, **FR)
    assert response.status_code == 422
    assert "Une demande porte sur 1 jeux de données au plus : retirez-en un" in response.text  # the limit in force
    assert 'action="/me/basket/registre-test/remove"' in response.text  # the basket, to remove one
    assert in_basket(client) == [first]


def test_remove_then_remove_again(client, actors, record):
    first, second = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    add(client, "/me/basket", second)
    response = post_form(client, "/me/basket", f"/me/basket/{first}/remove")
    assert response.status_code == 303 and response.headers["location"] == "/me/basket"
    assert "Retiré de votre panier de demande." in client.get("/me/basket", headers=FR).text
    assert in_basket(client) == [second]
    again = post_form(client, "/me/basket", f"/me/basket/{first}/remove", headers=EN)
    assert again.status_code == 404 and "is not in your basket" in again.text


def test_signed_out_the_visitor_signs_in_and_comes_back(client, actors, record):
    first, _ = two_producers(client, actors, record)
    page = client.get(f"/datasets/{first}").text
    response = client.post("/me/basket", data={"csrf_token": csrf_of(page), "dataset_id": first,
                                               "back": f"/datasets/{first}"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/signin?next=%2Fdatasets%2F{first}"
    far = client.post("/me/basket", data={"csrf_token": csrf_of(page), "dataset_id": first,
                                          "back": "https://evil.example/"}, follow_redirects=False)
    assert far.headers["location"] == "/signin?next=%2Fme%2Fbasket"  # only a page of this site
    basket = client.get("/me/basket", follow_redirects=False)
    assert basket.status_code == 303 and basket.headers["location"] == "/signin?next=%2Fme%2Fbasket"


def test_no_write_without_the_csrf_token(client, actors, record):
    first, _ = two_producers(client, actors, record)
    sign_in(client, "user")
    response = client.post("/me/basket", data={"dataset_id": first}, follow_redirects=False)
    assert response.status_code == 403
    add(client, "/me/basket", first)
    response = client.post(f"/me/basket/{first}/remove", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert in_basket(client) == [first]


def test_a_basket_is_its_owners_only_and_outlives_the_session(client, actors, record):
    first, _ = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    assert post_form(client, "/me", "/signout").status_code == 303
    client.cookies.clear()
    sign_in(client, "outsider")
    assert in_basket(client) == []
    assert post_form(client, "/me/basket", f"/me/basket/{first}/remove").status_code == 404
    client.cookies.clear()
    sign_in(client, "user")
    assert in_basket(client) == [first]  # signed out and in again: still there


def test_a_request_drafted_from_the_basket_empties_it(client, actors, record):
    first, second = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    add(client, "/me/basket", second)
    page = f"/requests/new?dataset={first}&from=basket"
    data = {"project_title": "Early sepsis detection", "project_summary": "A model on stays.", "purpose": "research",
            "requester_organisation": "Uni", "requester_organisation_type": "academic", "variables": "ages",
            "duration_months": "12", "legal_route": "consent", "datasets": first, "from": "basket"}
    response = post_form(client, page, "/requests/new", data)
    assert response.status_code == 303 and response.headers["location"].startswith("/requests/")
    assert in_basket(client) == [second]  # the one not requested stays


def test_submit_stays_disabled_while_the_domain_lists_what_is_missing(client, actors, record):
    first, _ = two_producers(client, actors, record)
    sign_in(client, "user")
    data = {"project_title": "Early sepsis detection", "project_summary": "A model on stays.", "purpose": "research",
            "requester_organisation": "Uni", "requester_organisation_type": "academic", "variables": "ages",
            "duration_months": "12", "legal_route": "consent", "datasets": first}
    response = post_form(client, f"/requests/new?dataset={first}", "/requests/new", data)
    location = response.headers["location"]
    page = client.get(location, headers=FR).text
    assert re.search(r'<button type="submit" disabled aria-describedby="submit-blocked">Déposer la demande</button>',
                     page)
    assert "Pièce manquante : Protocole" in page or "Protocole" in page.split('id="submit-blocked"')[1][:600]
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    refused = client.post(f"{location}/act/submit", data={"csrf_token": csrf_of(page), "version": version},
                          headers=FR, follow_redirects=False)
    assert refused.status_code == 422
    text = html.unescape(refused.text)  # the request's page again, the refusal saying what is missing
    assert "Pièces manquantes : Protocole. Ajoutez-les" in text and 'id="submit-blocked"' in refused.text
    files = {"file": ("protocol.txt", b"our protocol", "text/plain")}
    upload = client.post(f"{location}/attachments", data={"csrf_token": csrf_of(page), "kind": "protocol"},
                         files=files, follow_redirects=False)
    assert upload.status_code == 303
    ready = client.get(location, headers=FR).text
    assert 'id="submit-blocked"' not in ready and re.search(r'<button type="submit">Déposer la demande</button>', ready)


FORM = {"project_title": "Early sepsis detection", "project_summary": "A model on stays.", "purpose": "research",
        "requester_organisation": "Uni", "requester_organisation_type": "academic", "variables": "ages",
        "duration_months": "12", "legal_route": "consent"}
SUBMIT_ENABLED = re.compile(r'<button type="submit" name="intent" value="submit">Déposer la demande</button>')
SUBMIT_DISABLED = re.compile(r'<button type="submit" name="intent" value="submit" disabled '
                             r'aria-describedby="still-missing">Déposer la demande</button>')


def requests_of(client: TestClient, actors) -> list[tuple[str, str]]:
    items = client.get("/api/v1/access-requests", headers=actors["user"]).json()["items"]
    return [(r["project_title"], r["status"]) for r in items]


def test_the_forms_submit_button_follows_the_domains_checklist(client, actors, record):
    first, _ = two_producers(client, actors, record)  # the first's procedure asks for a protocol
    sign_in(client, "user")
    page = f"/requests/new?dataset={first}&requester_organisation_type=academic&legal_route=consent"
    form = client.get(page, headers=FR).text
    assert SUBMIT_DISABLED.search(form) and "Pièce manquante : Protocole" in form
    refused = post_form(client, page, "/requests/new", {**FORM, "datasets": first, "intent": "submit"}, headers=FR)
    assert refused.status_code == 422  # a crafted submission: refused on the form, with its values
    assert "La demande n'a pas été déposée" in html.unescape(refused.text)
    assert 'value="Early sepsis detection"' in refused.text and SUBMIT_DISABLED.search(refused.text)
    assert requests_of(client, actors) == []  # nothing written: no draft, no file
    checked = post_form(client, page, "/requests/new", {**FORM, "datasets": first, "intent": "check",
                                                        "requester_organisation_type": ""}, headers=FR)
    assert checked.status_code == 200 and "Choisissez le champ « Type d'organisation »" in html.unescape(checked.text)
    assert 'value="Early sepsis detection"' in checked.text and requests_of(client, actors) == []
    token = csrf_of(form)
    done = client.post("/requests/new", data={**FORM, "datasets": first, "intent": "submit", "kind": "protocol",
                                              "csrf_token": token},
                       files={"file": ("protocol.txt", b"our protocol", "text/plain")}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/requests/")
    assert requests_of(client, actors) == [("Early sepsis detection", "submitted")]


def test_nothing_missing_the_form_submits_at_once(client, actors, record):
    _, second = two_producers(client, actors, record)  # an ethics opinion asked for
    sign_in(client, "user")
    page = f"/requests/new?dataset={second}&requester_organisation_type=academic&legal_route=consent"
    assert SUBMIT_DISABLED.search(client.get(page, headers=FR).text)
    data = {**FORM, "datasets": second, "kind": "ethics_opinion"}
    files = {"file": ("avis.txt", b"avis favorable", "text/plain")}
    draft = client.post("/requests/new", data={**data, "csrf_token": csrf_of(client.get(page).text)}, files=files,
                        follow_redirects=False)
    location = draft.headers["location"]
    edit = client.get(f"{location}/edit", headers=FR).text
    assert SUBMIT_ENABLED.search(edit) and "Rien ne manque" in edit
    done = post_form(client, f"{location}/edit", f"{location}/edit", {**FORM, "datasets": second, "intent": "submit"})
    assert done.status_code == 303 and requests_of(client, actors) == [("Early sepsis detection", "submitted")]
