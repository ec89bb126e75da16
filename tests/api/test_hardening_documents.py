"""Issue 10, finding 13 (outputs): a document URL is a path of this catalogue or an absolute https URL.

`//evil.example/x` and `/\\evil.example/x` look like paths but browsers open another site;
`javascript:` runs script; plain http can be swapped on the way. They are refused at input (422
naming the field), and a value stored before this check is never rendered as a link.
"""

from __future__ import annotations

import copy

import pytest

from catalogue.datasets.models import Dataset

REFUSED = ["//evil.example/dictionnaire.pdf", "/\\evil.example/dictionnaire.pdf", "javascript:alert(1)",
           "JavaScript:alert(document.cookie)", "http://example.org/dictionnaire.pdf", "data:text/html,<b>x</b>",
           "https://user@evil.example/x.pdf", "evil.example/x.pdf", "/api/v1/x y.pdf"]
ACCEPTED = ["/api/v1/datasets/registre-test/documents/0b7f", "https://example.org/dictionnaire.pdf"]


def _with_document(record: dict, url: str) -> dict:
    described = copy.deepcopy(record)
    described["documents"] = [{"title": "Dictionnaire", "kind": "data_dictionary", "url": url}]
    return described


@pytest.mark.parametrize("url", REFUSED)
def test_a_document_url_elsewhere_than_here_or_https_is_refused(client, actors, record, url):
    response = client.post("/api/v1/datasets", json=_with_document(record, url), headers=actors["editor"])
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert [d["field"] for d in error["details"]] == ["documents[0].url"]
    assert "path of this catalogue" in error["details"][0]["message"]


def test_an_edit_cannot_bring_one_in_either(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    response = client.put("/api/v1/datasets/registre-test", json=_with_document(record, REFUSED[0]),
                          headers=actors["editor"])
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "documents[0].url"


@pytest.mark.parametrize("url", ACCEPTED)
def test_our_paths_and_https_urls_are_accepted(client, actors, record, url):
    response = client.post("/api/v1/datasets", json=_with_document(record, url), headers=actors["editor"])
    assert response.status_code == 201, response.text
    assert response.json()["record"]["documents"][0]["url"] == url


def test_a_url_stored_before_the_check_is_shown_but_not_as_a_link(client, actors, record, container):
    described = _with_document(record, ACCEPTED[1])
    described["documents"].append({"title": "Protocole", "kind": "protocol", "url": ACCEPTED[0]})
    assert client.post("/api/v1/datasets", json=described, headers=actors["editor"]).status_code == 201
    assert client.post("/api/v1/datasets/registre-test/publish", headers=actors["editor"]).status_code == 200
    with container.uow() as uow:  # as an older version of the catalogue let it in
        dataset = uow.session.get(Dataset, "registre-test")
        stored = copy.deepcopy(dataset.record)
        stored["documents"] += [{"title": "Piège", "kind": "other", "url": url} for url in REFUSED[:4]]
        dataset.record = stored
        uow.commit()
    page = client.get("/datasets/registre-test")
    assert page.status_code == 200
    html = page.text
    assert f'href="{ACCEPTED[1]}"' in html and f'href="{ACCEPTED[0]}"' in html
    for url in REFUSED[:4]:
        assert f'href="{url}' not in html
    documents = html.split('id="h-documents"')[1].split("</section>")[0]
    assert documents.count("Piège") == 4 and documents.count("<a ") == 2  # listed, not linked


def test_a_harvested_resource_over_plain_http_is_left_out_not_the_whole_package():
    from catalogue.ckan.from_package import from_package

    package = {"name": "registre-x", "title": "Registre X", "notes": "Un registre.",
               "resources": [{"name": "a", "url": "http://portal.example/a.csv"},
                             {"name": "b", "url": "https://portal.example/b.csv"},
                             {"name": "c", "url": "//portal.example/c.csv"}]}
    documents = from_package(package).record["documents"]
    assert [d["url"] for d in documents] == ["https://portal.example/b.csv"]
