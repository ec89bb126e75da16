"""REST search reads constraints written in q as filters and says so (`understood`); CKAN stays literal."""

from __future__ import annotations

import copy

import pytest

from search.ranking import PREFER_BOOST

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
    assert body["understood"] == [{"facet": "access.rights", "value": "PUBLIC", "from_text": "open data",
                                   "effect": "filter"}]
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


def two_kinds(client, actors, record):
    """Two descriptions with the same text, one of imaging data, one of omics."""
    for doc_id, kind in (("images", "imaging"), ("genomes", "omics")):
        item = copy.deepcopy(record)
        item.update(id=doc_id)
        item["typology"]["data_types"] = [kind]
        publish(client, actors["editor"], item)


def test_a_kind_of_data_in_words_is_preferred_not_required(client, actors, record):
    two_kinds(client, actors, record)
    word = record["title"]["fr"].split()[0]

    def scores(**params):
        body = client.get("/api/v1/search", params={"q": f"{word} imagerie", **params}).json()
        return {h["id"]: h["score"] for h in body["hits"]}, body["understood"]

    literal, none = scores(understand="false")
    preferred, understood = scores()
    assert set(preferred) == set(literal) == {"images", "genomes"} and none == []  # nothing left out
    assert understood == [{"facet": "typology.data_types", "value": "imaging", "from_text": "imagerie",
                           "effect": "prefer"}]
    assert preferred["images"] == pytest.approx(literal["images"] * (1 + PREFER_BOOST), rel=1e-3)
    assert preferred["genomes"] == pytest.approx(literal["genomes"], rel=1e-3)
    asked, said = scores(prefer="typology.data_types:omics")  # the user's own preference wins
    assert said == [] and asked["genomes"] == pytest.approx(literal["genomes"] * (1 + PREFER_BOOST), rel=1e-3)
    assert asked["images"] == pytest.approx(literal["images"], rel=1e-3)
    refused = client.get("/api/v1/search", params={"q": word, "prefer": "typology.kinds:omics"})
    assert refused.status_code == 422 and "unknown prefer field" in refused.json()["error"]["message"]


def test_removing_one_chip_keeps_the_others_as_they_were(client, actors, record):
    two_kinds(client, actors, record)
    word = record["title"]["fr"].split()[0]
    page = client.get("/search", params={"q": f"{word} imagerie en Bretagne"},
                      headers={"Accept-Language": "fr"}).text
    chips = page.split('aria-label="Compris dans votre recherche :"')[1].split("</ul>")[0]
    assert "(de préférence)" in chips
    links = [part.split('"')[0].replace("&amp;", "&") for part in chips.split('href="')[1:]]
    place, kind = links  # place first, kind of data last (search/understanding.py order)
    assert "prefer=typology.data_types%3Aimaging" in place and "filter=population.geography" not in place
    assert "filter=population.geography%3AFR-BRE" in kind and "prefer=" not in kind
    kept = client.get(place).text
    assert kept.index("images") < kept.index("genomes") and "understand=0" in place
