"""REST search reads constraints written in q as filters and says so (`understood`); CKAN stays literal."""

from __future__ import annotations

import copy

from tests.web.helpers import publish


def two_registries(client, actors, record):
    open_one = copy.deepcopy(record)
    open_one.update(id="registre-ouvert")
    open_one["access"]["rights"] = "PUBLIC"
    closed = copy.deepcopy(record)
    closed.update(id="registre-ferme")
    closed["access"]["rights"] = "RESTRICTED"
    for item in (open_one, closed):
        publish(client, actors["editor"], item)


def test_a_constraint_in_words_filters_and_is_shown(client, actors, record):
    two_registries(client, actors, record)
    word = record["title"]["fr"].split()[0]
    body = client.get("/api/v1/search", params={"q": f"{word} open data"}).json()
    assert [h["id"] for h in body["hits"]] == ["registre-ouvert"]
    assert body["understood"] == [{"facet": "access.rights", "value": "PUBLIC", "from_text": "open data"}]
    literal = client.get("/api/v1/search", params={"q": f"{word} open data", "understand": "false"}).json()
    assert {h["id"] for h in literal["hits"]} == {"registre-ouvert", "registre-ferme"}
    assert literal["understood"] == []
    posted = client.post("/api/v1/search", json={"q": f"{word} open data"}).json()
    assert [h["id"] for h in posted["hits"]] == ["registre-ouvert"] and posted["understood"]


def test_the_users_own_filter_wins(client, actors, record):
    two_registries(client, actors, record)
    word = record["title"]["fr"].split()[0]
    body = client.get("/api/v1/search", params={"q": f"{word} open data",
                                                "filter": "access.rights:RESTRICTED"}).json()
    assert [h["id"] for h in body["hits"]] == ["registre-ferme"] and body["understood"] == []


def test_ckan_takes_q_literally(client, actors, record):
    two_registries(client, actors, record)
    word = record["title"]["fr"].split()[0]
    result = client.get("/api/3/action/package_search", params={"q": f"{word} open data"}).json()["result"]
    assert {p["name"] for p in result["results"]} == {"registre-ouvert", "registre-ferme"}


def test_the_search_page_shows_what_was_understood_as_removable_chips(client, actors, record):
    two_registries(client, actors, record)
    word = record["title"]["fr"].split()[0]
    page = client.get("/search", params={"q": f"{word} données ouvertes"}, headers={"Accept-Language": "fr"}).text
    assert "Compris dans votre recherche" in page and "registre-ferme" not in page
    chips = page.split('aria-label="Compris dans votre recherche :"')[1].split("</ul>")[0]
    assert "understand=0" in chips and "Accès : " in chips and "« donnees ouvertes »" in chips
    literal = client.get("/search", params={"q": f"{word} données ouvertes", "understand": "0"}).text
    assert "registre-ferme" in literal and "registre-ouvert" in literal
    assert "Understood from your words" not in literal and "Compris dans" not in literal
    english = client.get("/search", params={"q": f"{word} open data"}, headers={"Accept-Language": "en"}).text
    assert "Understood from your words:" in english
