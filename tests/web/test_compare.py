"""The comparison page (/compare) in both languages, its refusals, and how it is reached from the search page."""

from __future__ import annotations

import copy
import re

import pytest

from tests.web.helpers import publish, sign_in

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}


def variant(record: dict, dataset_id: str, **changes) -> dict:
    """A copy of the fixture's description under another id, with some sections replaced."""
    other = copy.deepcopy(record)
    other["id"] = dataset_id
    other["title"] = {"fr": f"Registre {dataset_id}", "en": f"{dataset_id} registry"}
    other.update(changes)
    return other


@pytest.fixture
def three(client, actors, record) -> list[str]:
    """Three published descriptions: the corpus's first one and two variants with their own figures."""
    publish(client, actors["editor"], record)
    publish(client, actors["editor"], variant(
        record, "cohorte-b",
        volume={"individuals": 12000, "records": 1234567, "variables": None, "size_bytes": None},
        temporal_coverage={"start": "2015-03-01", "end": "2019-12-31"},
        population={**record["population"], "geography": ["FR-IDF"], "min_age": 18, "max_age": 65},
        access={**record["access"], "rights": "PUBLIC", "legal_bases": ["GDPR-9.2.j"], "typical_delay_days": 1500,
                "audiences": {**record["access"]["audiences"], "startup": "no"}}))
    publish(client, actors["editor"], variant(record, "cohorte-c"))
    return ["registre-test", "cohorte-b", "cohorte-c"]


def columns(html: str) -> list[str]:
    return re.findall(r'<th scope="col"><a href="/datasets/([^"]+)"', html)


def row(html: str, header: str) -> list[str]:
    """The cells of the row headed `header`, as text."""
    match = re.search(rf'<th scope="row">{re.escape(header)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {header!r}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def test_two_descriptions_side_by_side_in_french(client, three):
    page = client.get("/compare?id=registre-test&id=cohorte-b", headers=FR)
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert columns(page.text) == ["registre-test", "cohorte-b"]
    html = page.text
    assert '<caption id="compare-caption">Comparaison de 2 jeux de données</caption>' in html
    assert 'role="region" aria-labelledby="compare-caption"' in html  # scrolls inside, never the page
    assert row(html, "Types de données") == [
        "Données de remboursement, Délivrances en pharmacie, Soins de ville, Administratif"] * 2
    assert row(html, "Nombre d&#39;individus") == ["69\u202f000\u202f000", "12\u202f000"]
    assert row(html, "Nombre d&#39;enregistrements") == ["non précisé", "1\u202f234\u202f567"]
    assert row(html, "Territoire couvert") == ["France", "Île-de-France"]
    assert row(html, "Âges") == ["de 0 à … ans", "de 18 à 65 ans"]
    assert row(html, "Période couverte") == ["depuis le 1er janvier 2006 (en cours)",
                                             "du 1er mars 2015 au 31 décembre 2019"]
    assert row(html, "Droits d&#39;accès") == ["Restreint", "Public"]
    assert row(html, "Réponse — Startups") == ["Sous conditions", "Non"]
    assert row(html, "Délai habituel") == ["240 jours", "1\u202f500 jours"]
    assert row(html, "Bases légales")[1] == "RGPD art. 9.2.j — recherche scientifique"
    for code in ("FR-IDF", "RESTRICTED", "under_conditions", "GDPR-9.2.j", "pharmacy_dispensing", "snds_main_base"):
        assert f">{code}<" not in html and f"{code}," not in html, code


def test_the_same_comparison_in_english(client, three):
    html = client.get("/compare?id=cohorte-b&id=registre-test&id=cohorte-c", headers=EN).text
    assert '<html lang="en">' in html and columns(html) == ["cohorte-b", "registre-test", "cohorte-c"]
    assert "Comparison of 3 datasets" in html
    assert row(html, "Number of individuals") == ["12,000", "69,000,000", "69,000,000"]
    assert row(html, "Period covered")[:2] == ["from 1 March 2015 to 31 December 2019",
                                               "since 1 January 2006 (ongoing)"]
    assert row(html, "Answer — Startups") == ["No", "Under conditions", "Under conditions"]
    assert row(html, "Access rights") == ["Public", "Restricted", "Restricted"]
    assert "non précisé" not in html and "Comparer" not in html


@pytest.mark.parametrize(("query", "status", "fr_message"), [
    ("", 400, "Il faut au moins 2 jeux de données pour une comparaison."),
    ("?id=registre-test", 400, "Il faut au moins 2 jeux de données pour une comparaison."),
    ("?id=registre-test&id=registre-test", 400, "Il faut au moins 2 jeux de données pour une comparaison."),
    ("?id=registre-test&id=cohorte-b&id=cohorte-c&id=d-1&id=e-2", 400,
     "Vous en avez choisi 5 : une comparaison en montre 4 au plus."),
    ("?id=registre-test&id=inconnu", 404, "Moins de 2 des jeux de données demandés sont consultables"),
])
def test_what_cannot_be_compared_is_said_in_the_page_language(client, three, query, status, fr_message):
    fr = client.get(f"/compare{query}", headers=FR)
    assert fr.status_code == status and fr_message in fr.text
    assert "Cochez de 2 à 4 jeux de données" in fr.text and 'href="/search"' in fr.text
    assert "<table" not in fr.text
    en = client.get(f"/compare{query}", headers=EN)
    assert en.status_code == status and "Tick 2 to 4 datasets" in en.text and fr_message not in en.text


def test_a_refusal_keeps_the_selection_to_pick_again(client, three):
    html = client.get("/compare?id=registre-test&id=cohorte-b&id=cohorte-c&id=nope-1&id=nope-2", headers=EN).text
    picked = re.findall(r'<input type="checkbox" name="id" value="([^"]+)"( checked)?>', html)
    assert picked == [("registre-test", " checked"), ("cohorte-b", " checked"), ("cohorte-c", " checked")]
    assert "Not found or not published, so left out: nope-1, nope-2." in html
    assert 'action="/compare"' in html


def test_unknown_and_repeated_ids_leave_the_rest_compared(client, three):
    page = client.get("/compare?id=registre-test&id=zzz-unknown&id=cohorte-b&id=registre-test", headers=FR)
    assert page.status_code == 200 and columns(page.text) == ["registre-test", "cohorte-b"]
    assert "Introuvable ou non publié, donc laissé de côté : zzz-unknown." in page.text
    assert "Un jeu de données demandé plusieurs fois n&#39;est montré qu&#39;une fois." in page.text


@pytest.mark.parametrize("query", [
    "?id=" + "a" * 5000 + "&id=registre-test",
    "?id=%00&id=registre-test",
    "?id=../../etc&id=<script>&id=registre-test",
    "?" + "&".join(f"id=x-{n}" for n in range(300)),
    "?id=&id=%20&id=registre-test",
    "?ids=registre-test&id[]=cohorte-b",
])
def test_crafted_query_strings_are_refused_never_a_500(client, three, query):
    page = client.get(f"/compare{query}", headers=EN)
    assert page.status_code in (400, 404), page.status_code
    main = page.text[page.text.index("<main"):page.text.index("</main>")]
    assert "<script>" not in main and "a" * 81 not in main


def test_unpublished_descriptions_are_compared_only_by_their_producer(client, actors, three, record):
    draft = variant(record, "brouillon-d")
    assert client.post("/api/v1/datasets", json=draft, headers=actors["editor"]).status_code == 201
    anonymous = client.get("/compare?id=registre-test&id=brouillon-d", headers=EN)
    assert anonymous.status_code == 404 and "brouillon-d registry" not in anonymous.text
    assert "left out: brouillon-d." in anonymous.text
    sign_in(client, "outsider")
    assert client.get("/compare?id=registre-test&id=brouillon-d", headers=EN).status_code == 404
    sign_in(client, "editor")
    own = client.get("/compare?id=registre-test&id=brouillon-d", headers=EN)
    assert own.status_code == 200 and columns(own.text) == ["registre-test", "brouillon-d"]


def test_search_results_can_be_picked_for_a_comparison(client, three):
    html = client.get("/search", headers=FR).text
    assert re.search(r'<form id="compare-form" method="get" action="/compare"', html)
    boxes = re.findall(r'<input type="checkbox" name="id" value="([^"]+)" form="compare-form">', html)
    assert sorted(boxes) == ["cohorte-b", "cohorte-c", "registre-test"]
    assert ">Comparer les résultats cochés (de 2 à 4)</button>" in html
    single = client.get("/search?q=cohorte-b+registry&filter=access.rights:PUBLIC", headers=EN).text
    assert 'form="compare-form"' not in single  # one result: nothing to compare it with


def test_a_dataset_page_offers_the_comparison_with_its_similar_descriptions(client, three):
    html = client.get("/datasets/registre-test", headers=FR).text
    link = re.search(r'<a href="(/compare\?id=registre-test[^"]*)">Comparer avec les (\d) plus semblables</a>', html)
    assert link, "no comparison offered"
    url = link.group(1).replace("&amp;", "&")
    assert sorted(re.findall(r"id=([a-z0-9-]+)", url)) == ["cohorte-b", "cohorte-c", "registre-test"]
    assert link.group(2) == "2"
    compared = client.get(url, headers=FR)
    assert compared.status_code == 200 and columns(compared.text)[0] == "registre-test"
