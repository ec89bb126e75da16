"""Search over HTTP on the corpus: sensible results, facets, filters, bad input."""

from __future__ import annotations

import pytest

from catalogue.datasets.importer import import_lines
from catalogue.principal import SYSTEM
from tests.conftest import CORPUS, corpus_records


@pytest.fixture
def loaded(client, container):
    corpus_records()
    report = import_lines(container.uow, SYSTEM, CORPUS.read_text(encoding="utf-8").splitlines(), publish=True)
    assert report.failed == 0 and report.published == 90
    return client


def test_cancer_du_sein_finds_breast_cancer_data(loaded):
    page = loaded.get("/api/v1/search", params={"q": "cancer du sein"}).json()
    assert page["total"] > 0
    top = [h["id"] for h in page["hits"][:5]]
    relevant = {"cohorte-canto", "deep-piste", "esme-unicancer", "inca-plateforme-donnees-cancer"}
    assert relevant & set(top), top
    assert any("<mark>" in frag for h in page["hits"][:5] for frags in h["highlights"].values() for frag in frags)
    assert page["facets"]["typology.data_types"]


def test_stroke_registry_in_english(loaded):
    page = loaded.get("/api/v1/search", params={"q": "stroke registry", "lang": "en"}).json()
    assert page["total"] > 0
    assert any("avc" in h["id"] or "stroke" in h["id"] for h in page["hits"][:5]), [h["id"] for h in page["hits"][:5]]


def test_filters_and_ranges(loaded):
    params = [("filter", "access.audiences.startup:yes"), ("filter", "access.audiences.startup:under_conditions"),
              ("individuals_min", "1000000"), ("sort", "volume"), ("page_size", "50")]
    page = loaded.get("/api/v1/search", params=params).json()
    assert page["total"] > 0
    ids = [h["id"] for h in page["hits"]]
    for dataset_id in ids:
        record = loaded.get(f"/api/v1/datasets/{dataset_id}").json()["record"]
        assert record["access"]["audiences"]["startup"] in ("yes", "under_conditions")
        assert record["volume"]["individuals"] >= 1_000_000
    volumes = [loaded.get(f"/api/v1/datasets/{i}").json()["record"]["volume"]["individuals"] for i in ids]
    assert volumes == sorted(volumes, reverse=True)


def test_bad_search_input_names_the_field(loaded):
    response = loaded.get("/api/v1/search", params={"filter": "nope:x"})
    assert response.status_code == 422 and "nope" in response.json()["error"]["message"]
    response = loaded.get("/api/v1/search", params={"filter": "no-colon"})
    assert response.status_code == 422
    response = loaded.get("/api/v1/search", params={"age_min": 50, "age_max": 10})
    assert response.status_code == 422 and "age_min" in response.json()["error"]["message"]
    response = loaded.get("/api/v1/search", params={"sort": "random"})
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "sort"
    response = loaded.post("/api/v1/search", json={"q": "x", "filters": {"bogus": ["a"]}})
    assert response.status_code == 422


def test_organisations_listed_with_counts(loaded):
    orgs = {o["id"]: o for o in loaded.get("/api/v1/organisations").json()}
    assert orgs["cnam"]["published_datasets"] >= 1
    assert loaded.get("/api/v1/organisations/nope").status_code == 404


def test_browsing_without_text_lists_newest_first(client, actors, record):
    import copy

    for name in ("first-one", "second-one"):
        item = copy.deepcopy(record)
        item["id"] = name
        client.post("/api/v1/datasets", json=item, headers=actors["editor"])
        client.post(f"/api/v1/datasets/{name}/publish", headers=actors["editor"])
    page = client.get("/api/v1/search").json()
    assert [h["id"] for h in page["hits"]] == ["second-one", "first-one"]


def test_cursor_walks_every_result_once(loaded):
    seen: list[str] = []
    params = {"q": "cohorte", "page_size": 7}
    while True:
        page = loaded.get("/api/v1/search", params=params).json()
        seen += [h["id"] for h in page["hits"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == page["total"] > 7
    bad = loaded.get("/api/v1/search", params={"q": "autre", "cursor": params["cursor"]})
    assert bad.status_code == 422
