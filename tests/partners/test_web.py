"""Collaboration matching on the web pages, on both stacks: /me (the offer form, the suggestions each
explained in one line, pinned literally in French and English), the description page's list for its
producer's members only, and the enquiry form a member writes to a partner with."""

from __future__ import annotations

import html
import re

import pytest

from tests.partners.helpers import describe_all, offer
from tests.web.helpers import csrf_of, post_form, sign_in

WHY = re.compile(r'<p class="why">(.*?)</p>', re.S)


def lines(page: str) -> list[str]:
    return [html.unescape(line) for line in WHY.findall(page)]


def page(client, path: str, lang: str) -> str:
    client.cookies.set("mmd_lang", lang)
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    return response.text


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", [
        "Seeks algorithm validation and co-development, which you offer; covers healthcare-related administrative "
        "data, including on dispensations, reimbursement claims and reimbursements, in your fields",
        "Seeks algorithm validation, which you offer; covers healthcare-related administrative data, including on "
        "dispensations, reimbursement claims and reimbursements, in your fields",
        "Seeks co-development, which you offer",
        "Seeks algorithm validation, which you offer"]),
    ("fr", [
        "Recherche validation d'algorithmes et co-développement, ce que vous proposez ; couvre données "
        "administratives liées aux soins de santé, y compris les données de dispensation, de réclamations et de "
        "remboursements, dans vos domaines",
        "Recherche validation d'algorithmes, ce que vous proposez ; couvre données administratives liées aux soins "
        "de santé, y compris les données de dispensation, de réclamations et de remboursements, dans vos domaines",
        "Recherche co-développement, ce que vous proposez",
        "Recherche validation d'algorithmes, ce que vous proposez"]),
])
def test_my_space_explains_each_suggestion_in_one_line(client, actors, record, lang, expected):
    describe_all(client, actors, record)
    offer(client, actors)
    sign_in(client, "user")
    shown = page(client, "/me", lang)
    assert lines(shown) == expected
    for dataset_id in ("alpha-cardio", "beta-registre", "delta-entrepot", "epsilon-autre"):
        assert f'href="/datasets/{dataset_id}/ask"' in shown
    assert "gamma-cohorte" not in shown and "zeta-brouillon" not in shown


def test_the_offer_form_saves_and_refuses_crafted_values(client, actors, record):
    sign_in(client, "user")
    empty = page(client, "/me", "en")
    assert "What I offer" in empty and "Say what you offer to see the producers looking for it." in empty
    saved = post_form(client, "/me", "/me/offer", {"offers": ["funding", "use_cases"], "fields": ["HRAD"],
                                                   "skills": "Survival models", "visible_to_producers": "1"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/me#offer")
    assert client.get("/api/v1/me/offer").status_code == 401  # the REST API wants a token, not the cookie
    shown = page(client, "/me", "fr")
    assert "Votre offre est enregistrée." in shown
    assert 'name="offers" value="funding" checked' in shown and 'name="offers" value="use_cases" checked' in shown
    assert 'name="visible_to_producers" value="1" checked' in shown and 'value="Survival models"' in shown
    for crafted, label in (({"offers": ["coffee"]}, "Je propose"), ({"skills": "x" * 301}, "Mes compétences")):
        refused = post_form(client, "/me", "/me/offer", crafted)
        assert refused.status_code == 422, refused.text[:300]
        summary = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', refused.text, re.S)
        assert summary and f"<li>{label}" in summary.group(1), refused.text[:300]
    no_token = client.post("/me/offer", data={"offers": ["funding"]}, follow_redirects=False)
    assert no_token.status_code == 403
    assert 'name="offers" value="funding" checked' in page(client, "/me", "fr")  # nothing changed


def test_anonymous_cannot_save_an_offer(client):
    response = client.post("/me/offer", data={"offers": ["funding"]}, follow_redirects=False)
    assert response.status_code == 403  # no session, no CSRF token: refused before anything is read
    assert client.get("/me", follow_redirects=False).status_code == 303


TITLE = {"en": "Data users who could work with this dataset",
         "fr": "Utilisateurs de données qui pourraient travailler avec ce jeu de données"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_producer_sees_its_partners_on_the_description(client, actors, record, lang):
    describe_all(client, actors, record)
    offer(client, actors)
    offer(client, actors, who="governance", visible_to_producers=False)
    sign_in(client, "editor")
    shown = page(client, "/datasets/alpha-cardio", lang)
    assert TITLE[lang] in shown
    assert lines(shown) == [{
        "en": "Offers algorithm validation and co-development, which this dataset seeks; works on healthcare-related "
              "administrative data, including on dispensations, reimbursement claims and reimbursements, like this "
              "dataset",
        "fr": "Propose validation d'algorithmes et co-développement, ce que ce jeu de données recherche ; travaille "
              "sur données administratives liées aux soins de santé, y compris les données de dispensation, de "
              "réclamations et de remboursements, comme ce jeu de données"}[lang]]
    assert ">governance<" not in shown  # did not opt in
    assert "Deep learning on ECGs" in shown and "/partners/" in shown


@pytest.mark.parametrize("who", [None, "outsider", "user"])
def test_nobody_else_sees_the_partners_on_the_page(client, actors, record, who):
    describe_all(client, actors, record)
    offer(client, actors)
    if who:
        sign_in(client, who)
    shown = page(client, "/datasets/alpha-cardio", "en")
    assert TITLE["en"] not in shown and "Deep learning on ECGs" not in shown and "/partners/" not in shown
    user_id = client.get("/api/v1/me", headers=actors["user"]).json()["id"]
    form = client.get(f"/datasets/alpha-cardio/partners/{user_id}/enquiry", follow_redirects=False)
    assert form.status_code == (303 if who is None else 404)


def test_a_platform_admin_sees_the_partners_but_writes_for_nobody(client, actors, record):
    describe_all(client, actors, record)
    offer(client, actors)
    sign_in(client, "admin")
    shown = page(client, "/datasets/alpha-cardio", "en")
    assert TITLE["en"] in shown and "Deep learning on ECGs" in shown and "/partners/" not in shown
    user_id = client.get("/api/v1/me", headers=actors["user"]).json()["id"]
    assert client.get(f"/datasets/alpha-cardio/partners/{user_id}/enquiry").status_code == 403


def test_a_member_writes_to_a_partner_from_the_page(client, actors, record):
    describe_all(client, actors, record)
    offer(client, actors)
    user_id = client.get("/api/v1/me", headers=actors["user"]).json()["id"]
    sign_in(client, "editor")
    form_page = f"/datasets/alpha-cardio/partners/{user_id}/enquiry"
    assert "Write to user" in page(client, form_page, "en")
    refused = post_form(client, form_page, form_page, {"subject": "ab", "message": "Hello"})
    assert refused.status_code == 422 and "Write a subject of 3 to 300 characters" in refused.text
    sent = post_form(client, form_page, form_page, {"subject": "Validate our model", "message": "Shall we?"})
    assert sent.status_code == 303, sent.text[:300]
    thread = sent.headers["location"]
    assert re.fullmatch(r"/me/enquiries/\d+", thread)
    assert "Shall we?" in page(client, thread, "en")
    asked = client.get("/api/v1/enquiries", headers=actors["user"]).json()
    assert [(e["dataset_id"], e["subject"]) for e in asked] == [("alpha-cardio", "Validate our model")]
    assert csrf_of(page(client, "/datasets/alpha-cardio", "en"))
