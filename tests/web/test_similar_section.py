"""The "similar datasets" section of a description page: links to published descriptions like it, in both
languages; none for a draft; and the page still answers, without the section, while search is down."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.bootstrap import bootstrap
from catalogue.settings import Settings
from tests.conftest import Actors, corpus_records
from tests.web.helpers import publish, sign_in

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
ALIKE = ("eds-aphp", "eds-chu-bordeaux", "eds-hcl")  # hospital data warehouses
OTHER = "anses-inca3"  # food consumption survey
DRAFT = "eds-chu-toulouse"


def ours(dataset_id: str) -> dict:
    record = copy.deepcopy({r["id"]: r for r in corpus_records()}[dataset_id])
    record["producer"] = {"id": "chu-test", "name": "CHU Test", "type": "university_hospital", "country": "FR"}
    return record


def section(html: str) -> str:
    """The similar-datasets section of a page ('' when there is none)."""
    match = re.search(r'<section id="similar".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_page_links_to_similar_published_descriptions(client, actors):
    for dataset_id in (*ALIKE, OTHER):
        publish(client, actors["editor"], ours(dataset_id))
    assert client.post("/api/v1/datasets", json=ours(DRAFT), headers=actors["editor"]).status_code == 201
    en = section(client.get("/datasets/eds-aphp", headers=EN).text)
    assert "<h2 id=\"h-similar\">Similar datasets</h2>" in en
    links = re.findall(r'href="/datasets/([^"]+)"', en)
    assert set(links[:2]) == {"eds-chu-bordeaux", "eds-hcl"}, links
    assert "eds-aphp" not in links and DRAFT not in links
    assert "CHU Test" in en
    fr = section(client.get("/datasets/eds-aphp", headers=FR).text)
    assert "Jeux de données similaires" in fr and 'href="/datasets/eds-hcl"' in fr
    sign_in(client, "editor")  # the draft's own page, seen by its editor: not indexed, nothing like it yet
    draft = client.get(f"/datasets/{DRAFT}", headers=EN)
    assert draft.status_code == 200 and section(draft.text) == ""


def test_the_page_answers_without_the_section_while_search_is_down(tmp_path):
    """A real Elasticsearch client pointed at a port where nothing listens: the description is in the
    database (its index update waits in the outbox), its page shows, only the similar section is left out."""
    container = bootstrap(Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600,
                                   search_engine="elasticsearch", elasticsearch_url="http://127.0.0.1:1",
                                   elasticsearch_index="nowhere"))
    try:
        actors = Actors(container)
        with TestClient(create_app(container=container)) as client:
            publish(client, actors["editor"], ours("eds-aphp"))
            assert container.search.health()["status"] == "down"
            page = client.get("/datasets/eds-aphp", headers=EN)
            assert page.status_code == 200
            assert re.search(r"<h1>[^<]*AP-HP[^<]*</h1>", page.text)
            assert section(page.text) == "" and "Similar datasets" not in page.text
            assert client.get("/api/v1/datasets/eds-aphp/similar").status_code == 503  # the API says so
    finally:
        container.close()


def test_the_section_fits_a_phone_screen_in_french(tmp_path_factory):
    """The corpus published, in Chromium at 390 px: the section is there with its links, nothing is wider
    than the screen, axe-core finds nothing serious, and a link leads to the description it names."""
    from tests.web.browser import (
        AXE, CHROMIUM, FLAGS, axe_violations, playwright_module, require, seed, start_server,
    )

    require(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    require(AXE.exists(), f"axe-core ({AXE})")
    sync_api = playwright_module()
    data_dir = tmp_path_factory.mktemp("similar-e2e")
    seed(data_dir)
    server = start_server(data_dir)
    url = next(server).url
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, bypass_csp=True)
            page = context.new_page()
            for dataset_id in ("harmony-alliance", "uk-biobank", "eds-aphp"):
                page.goto(f"{url}/datasets/{dataset_id}")
                similar = page.locator("#similar")
                assert similar.locator("h2").inner_text() == "Jeux de données similaires"
                assert similar.locator("li a").count() == 5
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, dataset_id
                assert page.evaluate("document.querySelector('#similar').scrollWidth") <= 390, dataset_id
            assert axe_violations(page) == []
            first = page.locator("#similar li a").first
            title, href = first.inner_text(), first.get_attribute("href")
            first.click()
            page.wait_for_url(f"**{href}")
            assert page.locator("h1").inner_text() == title
            browser.close()
    finally:
        server.close()
