"""Issue 10, walked in a browser in French and English: every refusal met on the new journeys (sign-up,
verification, invitations, team places, error pages, search URLs) speaks the page's language, says
what to do next, and never shows Python internals."""

from __future__ import annotations

import html
import re

from tests.web.helpers import csrf_of, post_form, sign_in

FR = {"Accept-Language": "fr"}
EN = {"Accept-Language": "en"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
STRONG = "Correct-horse-battery-77"


def _flash(client, path: str, headers: dict) -> str:
    """The flash messages of the page `path` (they show once)."""
    return " ".join(re.findall(r'<p class="flash [^"]*">([^<]*)</p>', client.get(path, headers=headers).text))


# --- error pages --------------------------------------------------------------------------------------

def test_a_forged_id_shows_the_field_never_the_validation_repr(client, actors):
    sign_in(client, "user")
    for response in (client.get("/requests/99999999999999999999", headers=FR),
                     post_form(client, "/me", "/me/invitations/99999999999999999999/accept", headers=FR)):
        assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
        assert "File &#34;" not in response.text and 'File "' not in response.text  # no source paths
        assert "{&#39;type&#39;" not in response.text and "validation error" not in response.text
        assert re.search(r"<span lang=\"en\">(request_id|invitation_id): Input should be less than", response.text)
        assert "Données invalides" in response.text and "corrigez-la" in response.text
        assert response.headers["x-request-id"] in response.text


def test_error_pages_say_what_to_do_in_the_page_language_and_link_back(client, actors):
    page = client.get("/datasets/nonexistent", headers={**FR, "Referer": "http://testserver/search?q=x"})
    assert page.status_code == 404 and "Page introuvable" in page.text
    assert "Détail technique (en anglais)" in page.text and '<span lang="en">dataset' in page.text
    assert 'href="/search?q=x">Revenir à la page précédente' in page.text
    assert page.headers["x-request-id"] in page.text
    for referer in ("http://evil.example/search", "http://testserver//evil.example/x"):
        other = client.get("/datasets/nonexistent", headers={**FR, "Referer": referer})
        assert "Revenir à la page précédente" not in other.text  # only our own pages
    unknown = client.get("/no-such-page", headers={**EN, **BROWSER})
    assert unknown.status_code == 404 and "Page not found" in unknown.text and "Detail:" in unknown.text


def test_a_form_over_the_body_limit_explains_in_french(client, container):
    response = client.post("/signup", data={"name": "x" * (container.settings.max_body_bytes + 1)},
                           headers={**FR, **BROWSER})
    assert response.status_code == 413 and "Fichier trop volumineux" in response.text
    assert "dépasse la taille permise" in response.text and response.headers["x-request-id"] in response.text


# --- sign-up and verification -------------------------------------------------------------------------

def test_sign_up_refusals_are_in_the_page_language(client):
    cases = [({"password": "1234567890"}, "trop facile à deviner", "too easy to guess"),
             ({"password": "short"}, "au moins 10 caractères", "at least 10 characters"),
             ({"email": "not-an-address"}, "cette adresse n&#39;est pas valable", "is not a valid email"),
             ({"name": "  "}, "indiquez votre nom", "must not be empty")]
    for change, french, english in cases:
        form = {"name": "Zoé", "email": "zoe@example.org", "password": STRONG, **change}
        page = post_form(client, "/signup", "/signup", form, headers=FR)
        assert page.status_code == 422 and french in page.text, change
        assert english not in page.text, change
        assert 'aria-invalid="true"' in page.text
    english_page = post_form(client, "/signup", "/signup", {"name": "Zoé", "email": "zoe@example.org",
                                                            "password": "1234567890"}, headers=EN)
    assert english_page.status_code == 422 and "too easy to guess" in english_page.text


def test_a_dead_verification_link_says_what_to_do_in_french(client):
    form = client.get("/verify?token=forged", headers=FR)
    dead = client.post("/verify", data={"csrf_token": csrf_of(form.text), "token": "forged"}, headers=FR)
    assert dead.status_code == 422 and "Ce lien est inconnu, déjà utilisé ou expiré" in dead.text
    assert "this link is unknown" not in dead.text
    assert 'action="/verify"' not in dead.text  # no button that cannot work
    assert 'href="/signin?next=/me"' in dead.text


def test_asking_for_links_too_often_stays_on_my_space_with_the_wait(client):
    assert post_form(client, "/signup", "/signup", {"name": "Rémi", "email": "remi@example.org",
                                                    "password": STRONG}).status_code == 303
    assert post_form(client, "/signin", "/signin", {"email": "remi@example.org", "password": STRONG}).status_code == 303
    answers = [post_form(client, "/me", "/me/verification", headers=FR) for _ in range(4)]
    assert [a.status_code for a in answers] == [303] * 4 and answers[-1].headers["location"] == "/me"
    notice = _flash(client, "/me", FR)
    assert "Plusieurs liens ont déjà été envoyés" in notice and "minutes" in notice


# --- invitations ---------------------------------------------------------------------------------------

def test_a_stale_or_unknown_organisation_invitation_returns_to_my_space(client, actors):
    sign_in(client, "orgadmin")
    assert post_form(client, "/workspace", "/workspace/chu-test/members",
                     {"email": "user@example.org", "role": "editor"}, headers=FR).status_code == 303
    assert "la personne devient éditeur" in _flash(client, "/workspace", FR)  # the role's label, not its code
    client.cookies.clear()
    sign_in(client, "user")
    me = client.get("/me", headers=FR).text
    invitation_id = me.split("/me/invitations/", 1)[1].split("/", 1)[0]
    assert post_form(client, "/me", f"/me/invitations/{invitation_id}/accept").status_code == 303
    for path in (f"/me/invitations/{invitation_id}/accept", "/me/invitations/999999/decline"):
        again = post_form(client, "/me", path, headers=FR)
        assert again.status_code == 303 and again.headers["location"] == "/me"
        assert "Cette invitation n&#39;est plus valable" in _flash(client, "/me", FR)


def test_a_stale_team_invitation_answer_returns_to_the_list(client, actors):
    sign_in(client, "user")
    gone = post_form(client, "/me/team-invitations", "/requests/999999/team/accept", headers=FR)
    assert gone.status_code == 303 and gone.headers["location"] == "/me/team-invitations"
    assert "Cette invitation dans une équipe n&#39;est plus valable" in _flash(client, "/me/team-invitations", FR)


def test_an_invitation_with_a_bad_address_or_role_stays_on_the_workspace(client, actors):
    sign_in(client, "orgadmin")
    for form in ({"email": "not-an-address", "role": "editor"}, {"email": "x@example.org", "role": "owner"}):
        refused = post_form(client, "/workspace", "/workspace/chu-test/members", form, headers=FR)
        assert refused.status_code == 303 and refused.headers["location"] == "/workspace"
        assert "Invitation non envoyée" in _flash(client, "/workspace", FR)


# --- search URLs ------------------------------------------------------------------------------------------

def test_search_url_values_dropped_are_named_in_the_notice(client):
    for query, named in (("sort=bogus", "Ordre de tri inconnu : les résultats sont dans l'ordre par défaut."),
                         ("q=cancer&cursor=forged.sig", "Le paramètre « cursor » sert à l'API"),
                         ("page=-1", "Page « -1 » impossible : la page 1 est affichée."),
                         ("page=0", "Page « 0 » impossible : la page 1 est affichée."),
                         ("filter=%00", "Filtre non reconnu, ignoré : « U+0000 »."),
                         ("age_min=200", "« 200 » ne convient pas pour « Âge ≥ » (un âge en années, de 0 à 150) : "
                                         "ce filtre est ignoré."),
                         ("individuals_min=9e99", "« 9e99 » ne convient pas pour « Individus ≥ » (un nombre entier de "
                                                  "0 à 1 000 milliards)"),
                         ("covers_from=2020-13-45", "(une date AAAA-MM-JJ)"),
                         ("age_min=60&age_max=18", "« Âge ≥ » dépasse « Âge ≤ » : la borne haute est ignorée.")):
        page = client.get(f"/search?{query}", headers=FR)
        assert page.status_code == 200, query
        notice = re.search(r'<div class="notice" role="status">(.*?)</div>', page.text, re.S)
        assert notice and "Une partie de votre recherche" in notice.group(1), query
        assert named in html.unescape(notice.group(1)), query
    english = client.get("/search?age_min=200", headers={"Accept-Language": "en"}).text
    assert "“200” does not fit “Age ≥” (an age in years, from 0 to 150): this filter is ignored." in \
        html.unescape(english)
    assert 'class="notice" role="status"' not in client.get("/search?q=cancer&page=2&sort=newest").text
