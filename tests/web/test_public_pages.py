"""Public pages in both languages: home, search with its URL state, a description, producers, register."""

from __future__ import annotations

import html
import json
import re

from tests.web.helpers import publish, sign_in

EN = {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}


def test_home_in_both_languages(client, actors, record):
    publish(client, actors["editor"], record)
    fr = client.get("/", headers=FR)
    en = client.get("/", headers=EN)
    assert fr.status_code == en.status_code == 200
    assert '<html lang="fr">' in fr.text and "Trouvez les données de santé" in fr.text
    assert '<html lang="en">' in en.text and "Find the health data your project needs" in en.text
    assert "/datasets/registre-test" in en.text and "CHU Test" in en.text
    assert 'action="/search"' in en.text and 'role="search"' in en.text


def test_language_switch_is_remembered(client):
    response = client.get("/lang/en?next=/producers", headers=FR, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/producers"
    assert "mmd_lang=en" in response.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/producers", headers=FR).text
    away = client.get("/lang/fr?next=//evil.example/x", follow_redirects=False)
    assert away.headers["location"] == "/"


def test_search_state_lives_in_the_url(client, actors, record):
    record["title"] = {"fr": "Registre zorglub", "en": "Zorglub registry"}
    publish(client, actors["editor"], record)
    other = {**record, "id": "autre-registre", "access": {**record["access"], "rights": "PUBLIC"}}
    publish(client, actors["editor"], other)
    page = client.get("/search", params=[("q", "zorglub"), ("filter", "access.rights:PUBLIC"), ("sort", "newest")],
                      headers=EN)
    assert page.status_code == 200
    assert "/datasets/autre-registre" in page.text and "/datasets/registre-test" not in page.text
    assert "1 result<" in page.text
    # the active filter can be removed by a link that keeps the rest of the state
    assert 'href="/search?q=zorglub&amp;sort=newest"' in page.text
    # facet links carry the whole state too
    assert re.search(r'href="/search\?q=zorglub&amp;filter=access.rights%3APUBLIC&amp;filter=', page.text)
    assert 'value="newest" selected' in page.text


def test_search_ranges_sort_and_bad_values(client, actors, record):
    publish(client, actors["editor"], record)
    individuals = record["volume"]["individuals"] or 0
    hit = client.get(f"/search?individuals_min={individuals}&age_max=120&covers_from=1900-01-01", headers=EN)
    assert "/datasets/registre-test" in hit.text
    miss = client.get(f"/search?individuals_min={individuals + 1}", headers=EN)
    assert "/datasets/registre-test" not in miss.text and "0 results" in miss.text
    odd = client.get("/search?individuals_min=lots&filter=nonsense:1&page=x&sort=weird", headers=EN)
    assert odd.status_code == 200 and "Part of your search could not be applied" in odd.text
    assert "“lots” does not fit “Individuals ≥”" in html.unescape(odd.text)


def test_open_to_startups_quick_filter(client, actors, record):
    closed = {**record, "access": {**record["access"], "audiences": {**record["access"]["audiences"], "startup": "no"}}}
    publish(client, actors["editor"], closed)
    page = client.get("/search?startups=1", headers=EN)
    assert "/datasets/registre-test" not in page.text


def test_highlights_are_escaped_but_marked(client, actors, record):
    record["title"] = {"fr": "Registre <script>alert(1)</script> zorglub", "en": "Zorglub <b>registry</b>"}
    publish(client, actors["editor"], record)
    page = client.get("/search?q=zorglub", headers=FR).text
    assert "<script>alert(1)</script>" not in page and "<b>registry</b>" not in page
    assert "&lt;script&gt;" in page
    detail = client.get("/datasets/registre-test", headers=FR).text
    assert "<script>alert(1)</script>" not in detail


def test_dataset_page_has_every_section_and_json_ld(client, actors, record):
    publish(client, actors["editor"], record)
    page = client.get("/datasets/registre-test", headers=EN)
    assert page.status_code == 200
    for section in ("description", "typology", "population", "volume", "access", "hdh", "documents", "variables",
                    "metadata"):
        assert f'id="{section}"' in page.text
    assert 'href="/requests/new?dataset=registre-test"' in page.text
    assert 'href="/datasets/registre-test/ask"' in page.text
    assert 'href="/api/v1/datasets/registre-test"' in page.text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Dataset" and data["identifier"] == "registre-test"
    for export in ("/api/v1/datasets/registre-test", "/datasets/registre-test.ttl",
                   "/datasets/registre-test.jsonld", "/datasets/registre-test/schema.jsonld?lang=en"):
        assert f'href="{export}"' in page.text
        assert client.get(export).status_code == 200, export
    assert '<ol class="steps">' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_drafts_are_shown_to_their_producer_only(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    assert client.get("/datasets/registre-test", headers=EN).status_code == 404
    assert "registre-test" not in client.get("/search?q=registre", headers=EN).text
    sign_in(client, "outsider")
    assert client.get("/datasets/registre-test").status_code == 404
    client.cookies.clear()
    sign_in(client, "editor")
    page = client.get("/datasets/registre-test", headers=EN)
    assert page.status_code == 200 and "only its producer sees it" in page.text


def test_producer_pages_and_register(client, actors, record):
    publish(client, actors["editor"], record)
    listing = client.get("/producers", headers=EN)
    assert 'href="/producers/chu-test"' in listing.text
    profile = client.get("/producers/chu-test", headers=EN)
    assert profile.status_code == 200 and "/datasets/registre-test" in profile.text
    assert client.get("/producers/nobody", headers=EN).status_code == 404
    register = client.get("/register", headers=FR)
    assert register.status_code == 200 and "Aucun accès n" in register.text


def test_producer_iri_of_the_rdf_exports_leads_to_its_page(client, actors):
    response = client.get("/organisations/chu-test", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/producers/chu-test"
    assert client.get("/organisations/nope", follow_redirects=False).status_code == 404


def test_the_home_page_shows_first_what_its_visitor_can_read(client, actors, record):
    """Seven descriptions, the newest six written in English only and the oldest in French: the French home
    page shows the French one first, the English home page the newest English ones (six cards each)."""
    french = {**record, "id": "registre-francais", "title": {"fr": "Registre en français"},
              "summary": {"fr": "Un résumé en français."}}
    publish(client, actors["editor"], french)
    for n in range(6):
        publish(client, actors["editor"], {**record, "id": f"english-only-{n}",
                                           "title": {"en": f"English registry {n}"},
                                           "summary": {"en": "A summary in English."}})
    cards = re.compile(r'href="/datasets/([a-z0-9-]+)"')
    fr = client.get("/", headers=FR).text
    latest_fr = fr[fr.index('id="latest-h"'):fr.index('id="producers-h"')]
    assert cards.findall(latest_fr)[0] == "registre-francais" and len(set(cards.findall(latest_fr))) == 6
    assert "Les descriptions rédigées en français viennent en premier." in latest_fr
    en = client.get("/", headers=EN).text
    latest_en = en[en.index('id="latest-h"'):en.index('id="producers-h"')]
    assert "registre-francais" not in latest_en
    assert set(cards.findall(latest_en)) == {f"english-only-{n}" for n in range(6)}


def test_written_in_needs_a_title_and_a_summary_in_that_language():
    from catalogue.discovery.service import written_in

    assert written_in({"title": {"fr": "T"}, "summary": {"fr": "S", "en": "E"}}, "fr")
    assert not written_in({"title": {"fr": "T"}, "summary": {"en": "E"}}, "fr")
    assert not written_in({"title": {"fr": " "}, "summary": {"fr": "S"}}, "fr")
    assert not written_in({"title": "T", "summary": "S"}, "fr")  # no stated language
    assert not written_in({"title": {"en": "T"}, "summary": {"en": "S"}}, "fr")
    assert written_in({"title": {"en": "T"}, "summary": {"en": "S"}}, "en")
