""""Can I get it?" on the dataset page, and the requester type on sign-up and My space, in both languages."""

from __future__ import annotations

import html
import re

import pytest

from catalogue.accounts import service as accounts
from tests.conftest import PASSWORD
from tests.web.helpers import post_form, publish, sign_in

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
REQUEST_BUTTON = 'href="/requests/new?dataset=registre-test"'


@pytest.fixture
def crafted(record) -> dict:
    """A restricted description closed to startups, with an MR-004 route and a procedure asking for a protocol."""
    record["access"] = {
        "rights": "RESTRICTED", "modalities": ["secure_environment"], "platform": "CASD",
        "audiences": {"academic": "yes", "public_agency": "yes", "hospital": "under_conditions", "startup": "no",
                      "industry": "under_conditions"},
        "procedure": {"fr": "Envoyer le protocole au comité scientifique.", "en": "Send the protocol."},
        "legal_bases": ["GDPR-9.2.j", "CNIL-MR-004"], "typical_delay_days": 1200,
        "cost": {"model": "cost_recovery"}, "data_use_conditions": ["DUO:0000042", "DUO:0000046"],
    }
    return record


def _panel(page: str) -> str:
    """The panel's text, tags removed and spaces collapsed."""
    section = re.search(r'<section id="can-i-get-it".*?</section>', page, re.S)
    assert section, "the dataset page has no 'Can I get it?' panel"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section.group(0))).split())


def _set_type(client, kind: str, headers=FR):
    return post_form(client, "/me", "/me/requester-type", {"requester_type": kind}, headers=headers)


def test_anonymous_panel_answers_for_each_type_in_french(client, actors, crafted):
    publish(client, actors["editor"], crafted)
    page = client.get("/datasets/registre-test", headers=FR)
    assert page.status_code == 200
    panel = _panel(page.text)
    assert panel.startswith("Puis-je y accéder ? La réponse dépend du type d'organisation")
    assert ("Recherche académique : Oui Agences publiques : Oui Hôpitaux : Sous conditions Startups : Non "
            "Industriels : Sous conditions") in panel
    assert ("Méthodologie de référence MR-004 — à fournir : Protocole — étapes réglementaires : "
            "Déclaration de conformité MR") in panel
    assert ("Autorisation CNIL (après avis du CESREES) — à fournir : Protocole, Analyse d'impact (AIPD) — "
            "étapes réglementaires : Avis du CESREES, Autorisation CNIL") in panel
    assert "Accès aux données : CASD." in panel and "Délai habituel 1 200 jours" in panel.replace("\u202f", " ")
    assert "Recherche générale (tout objectif de recherche), Usage non commercial uniquement" in panel
    assert re.search(r'<ol class="steps panel-steps">(\s*<li>[^<]+</li>){5}\s*</ol>', page.text)
    assert REQUEST_BUTTON in page.text  # anonymous: some types may request (sign-in comes first)
    assert "DUO:0000042" not in page.text.split('id="metadata"')[0].split("</header>", 1)[1]


def test_anonymous_panel_in_english(client, actors, crafted):
    publish(client, actors["editor"], crafted)
    panel = _panel(client.get("/datasets/registre-test", headers=EN).text)
    assert panel.startswith("Can I get it? The answer depends on the type of organisation")
    assert "Startups: No" in panel and "Hospitals: Under conditions" in panel
    assert "Reference methodology MR-004 — to provide: Protocol" in panel
    assert "Usual delay 1,200 days" in panel and "General research use, Non-commercial use only" in panel


def test_signed_in_type_closed_gets_why_and_no_request_button(client, actors, crafted):
    publish(client, actors["editor"], crafted)
    sign_in(client, "user")
    assert _set_type(client, "startup").status_code == 303
    page = client.get("/datasets/registre-test", headers=FR)
    panel = _panel(page.text)
    assert panel.startswith("Puis-je y accéder ? Pour vous (Startups) : Non Le producteur n'ouvre pas ce jeu "
                            "de données aux demandeurs de type « Startups »")
    assert "Voies légales" not in panel and REQUEST_BUTTON not in page.text
    assert 'href="/datasets/registre-test/ask"' in page.text  # asking the producer stays possible
    english = _panel(client.get("/datasets/registre-test", headers=EN).text)
    assert english.startswith("Can I get it? For you (Startups): No The producer does not open this dataset")


def test_signed_in_type_allowed_gets_its_answer_and_the_button(client, actors, crafted):
    publish(client, actors["editor"], crafted)
    sign_in(client, "user")
    _set_type(client, "hospital")
    page = client.get("/datasets/registre-test", headers=EN)
    panel = _panel(page.text)
    assert panel.startswith("Can I get it? For you (Hospitals): Under conditions This dataset is open to Hospitals "
                            "requesters under conditions")
    assert "Reference methodology MR-004" in panel and REQUEST_BUTTON in page.text
    form = client.get("/requests/new?dataset=registre-test", headers=EN).text
    assert '<option value="hospital" selected>' in form  # the request form starts from the declared type


def test_open_data_shows_its_download_link_instead_of_a_request(client, actors, record):
    record["access"]["rights"] = "PUBLIC"
    record["access"]["modalities"] = ["open_download"]
    record["landing_page"] = "https://data.example.org/registre"
    publish(client, actors["editor"], record)
    for headers, words in ((FR, "Télécharger les données"), (EN, "Download the data")):
        page = client.get("/datasets/registre-test", headers=headers)
        assert f'<a class="button" href="https://data.example.org/registre" rel="noopener">{words}</a>' in page.text
        assert REQUEST_BUTTON not in page.text and "Voies légales" not in page.text


def test_sign_up_with_a_type_and_a_refused_type_keeps_the_values(client, container):
    refused = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                       "password": PASSWORD, "requester_type": "pirate"}, headers=FR)
    assert refused.status_code == 422
    assert "Choisissez un type dans la liste : recherche académique" in refused.text
    assert 'value="Ada"' in refused.text and 'value="ada@example.org"' in refused.text
    assert 'id="requester_type-error"' in refused.text and 'aria-invalid="true"' in refused.text
    english = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org",
                                                       "password": PASSWORD, "requester_type": "pirate"}, headers=EN)
    assert english.status_code == 422 and "Choose a type from the list" in english.text
    ok = post_form(client, "/signup", "/signup", {"name": "Ada", "email": "ada@example.org", "password": PASSWORD,
                                                  "requester_type": "academic"}, headers=FR)
    assert ok.status_code == 303
    with container.uow() as uow:
        assert accounts.find_user(uow, "ada@example.org").requester_type == "academic"
    form = client.get("/signup", headers=EN).text
    assert '<option value="public_agency">Public agencies</option>' in form and "Not stated" in form


def test_profile_shows_changes_and_refuses_a_bad_type(client, actors):
    sign_in(client, "user")
    me = client.get("/me", headers=FR).text
    assert "Mon profil de demandeur" in me and "<option value=\"\">Non précisé</option>" in me
    assert _set_type(client, "public_agency").headers["location"] == "/me#requester-type"
    me = client.get("/me", headers=FR).text
    assert '<option value="public_agency" selected>Agences publiques</option>' in me
    refused = _set_type(client, "x" * 300, headers=EN)
    assert refused.status_code == 422 and "Choose a type from the list" in refused.text
    assert 'aria-invalid="true"' in refused.text and "My requester profile" in refused.text
    assert _set_type(client, "").status_code == 303  # clearing it is allowed
    assert "selected>" not in client.get("/me", headers=FR).text.split('id="requester-type"')[1].split("</form>")[0]


def test_setting_the_type_needs_a_session_and_a_csrf_token(client, actors):
    anonymous = client.post("/me/requester-type", data={"requester_type": "academic"}, follow_redirects=False)
    assert anonymous.status_code in (303, 403)
    sign_in(client, "user")
    forged = client.post("/me/requester-type", data={"requester_type": "academic", "csrf_token": "forged"},
                         follow_redirects=False)
    assert forged.status_code == 403


def test_signed_in_without_a_type_is_asked_to_state_it(client, actors, crafted):
    publish(client, actors["editor"], crafted)
    sign_in(client, "user")
    page = client.get("/datasets/registre-test", headers=EN).text
    assert '<a href="/me#requester-type">State your requester type for the answer that applies to you</a>' in page
    assert "Startups: No" in _panel(page) and REQUEST_BUTTON in page
