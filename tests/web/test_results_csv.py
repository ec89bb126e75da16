"""Issue 14 (what users expect on a catalogue): the current results as a CSV file — the same search as the
page (its words, filters, sort and the constraints its text states), in the page's order and language, at
most ROWS rows, cells neutralised against spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import re

from tests.web.helpers import publish

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(response.text[1:])))


def three(client, actors, record) -> None:
    for i, (rights, title) in enumerate((("PUBLIC", "Registre zorglub alpha"), ("RESTRICTED", "Zorglub beta"),
                                         ("PUBLIC", "=HYPERLINK(\"http://evil.example\") zorglub"))):
        other = {**record, "id": f"zorglub-{i}", "title": {"fr": title, "en": f"{title} (en)"},
                 "access": {**record["access"], "rights": rights}}
        publish(client, actors["editor"], other)


def test_the_file_holds_the_page_results_in_their_order_and_language(client, actors, record):
    three(client, actors, record)
    page = client.get("/search?q=zorglub", headers=FR).text
    on_page = re.findall(r'href="/datasets/(zorglub-\d)"', page)
    rows = rows_of(client.get("/search.csv?q=zorglub", headers=FR))
    assert [r["Identifiant"] for r in rows] == list(dict.fromkeys(on_page)) and len(rows) == 3
    assert {r["Accès"] for r in rows} == {"Public", "Restreint"}  # labels, not codes
    english = rows_of(client.get("/search.csv?q=zorglub", headers=EN))
    assert "Title" in english[0] and english[0]["Title"].endswith("(en)")
    assert english[0]["Description page"].endswith(f"/datasets/{english[0]['Identifier']}")
    link = re.search(r'<p class="export"><a href="([^"]+)"', page).group(1)
    assert link == "/search.csv?q=zorglub"


def test_filters_and_the_sort_of_the_page_apply(client, actors, record):
    three(client, actors, record)
    rows = rows_of(client.get("/search.csv", params=[("q", "zorglub"), ("filter", "access.rights:PUBLIC"),
                                                     ("sort", "newest")], headers=EN))
    assert [r["Identifier"] for r in rows] == ["zorglub-2", "zorglub-0"]  # newest first, the restricted one out
    page = client.get("/search", params=[("q", "zorglub"), ("filter", "access.rights:PUBLIC")], headers=EN).text
    assert "/search.csv?q=zorglub&amp;filter=access.rights%3APUBLIC" in page


def test_a_formula_in_a_title_stays_text(client, actors, record):
    three(client, actors, record)
    rows = rows_of(client.get("/search.csv?q=zorglub", headers=FR))
    titles = [r["Titre"] for r in rows]
    assert "'=HYPERLINK(\"http://evil.example\") zorglub" in titles
    assert not any(t.startswith("=") for t in titles)


def test_at_most_rows_and_no_link_without_results(client, actors, record, monkeypatch):
    from api.web import public

    three(client, actors, record)
    monkeypatch.setattr(public, "CSV_ROWS", 2)
    assert len(rows_of(client.get("/search.csv?q=zorglub", headers=FR))) == 2
    empty = client.get("/search?q=introuvablexyz", headers=FR).text
    assert 'class="export"' not in empty
    assert rows_of(client.get("/search.csv?q=introuvablexyz", headers=FR)) == []


def test_a_bad_parameter_is_ignored_as_on_the_page(client, actors, record):
    three(client, actors, record)
    rows = rows_of(client.get("/search.csv?q=zorglub&age_min=200&page=99999999999999999999", headers=FR))
    assert len(rows) == 3


def test_data_types_are_labels_joined_in_their_order(client, actors, record):
    record["typology"] = {**record["typology"], "data_types": ["claims", "registry"]}
    publish(client, actors["editor"], record)
    fr = rows_of(client.get("/search.csv?q=&filter=producer.id:chu-test", headers=FR))
    en = rows_of(client.get("/search.csv?q=&filter=producer.id:chu-test", headers=EN))
    assert fr[0]["Types de données"] == "Données de remboursement; Registre"
    assert en[0]["Data types"] == "Claims; Registry"


def test_the_export_asks_the_engine_for_no_facets():
    """Counting facets is work a file does not show: every engine call of the export asks for none."""
    from catalogue.discovery.service import every_hit
    from schemas.search import SearchPage, SearchQuery

    asked: list[SearchQuery] = []

    class Engine:  # a fake for this unit of logic: records what it is asked
        def search(self, query: SearchQuery) -> SearchPage:
            asked.append(query)
            return SearchPage(total=0, page=query.page, page_size=query.page_size, hits=[], facets={})

    every_hit(None, Engine(), SearchQuery(q="registre en Bretagne"), 30)  # type: ignore[arg-type]
    assert asked and all(q.facets == [] for q in asked)
    assert asked[0].filters  # the constraint the words state ("en Bretagne") applies, as on the page
