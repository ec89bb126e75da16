"""Issue 10, finding 2 (stored rows): a lone surrogate saved by an older version never breaks a page.

The exchange format refuses such text now, but a row stored before may hold one. Reading it back
gives Python a string that UTF-8 cannot encode: every listing, page and export showing it answered
500 for everyone. Responses now show U+FFFD (the replacement character) in its place.
"""

from __future__ import annotations

import copy
import json

import pytest

from catalogue.datasets.importer import import_lines
from catalogue.datasets.models import Dataset
from catalogue.principal import SYSTEM
from tests.conftest import corpus_records

BAD = "Registre \ud800 ancien"


@pytest.fixture
def poisoned(container) -> str:
    records = corpus_records()[:2]
    result = import_lines(container.uow, SYSTEM, [json.dumps(r) for r in records], publish=True)
    assert result.published == 2, result.errors
    dataset_id = records[0]["id"]
    with container.sessions() as session, session.begin():
        dataset = session.get(Dataset, dataset_id)
        record = copy.deepcopy(dataset.record)
        record["title"]["fr"] = BAD
        dataset.record = record
    return dataset_id


def test_json_answers_show_a_replacement_character(client, poisoned):
    listing = client.get("/api/v1/datasets")
    assert listing.status_code == 200
    titles = [item["record"]["title"]["fr"] for item in listing.json()["items"] if item["id"] == poisoned]
    assert titles == ["Registre \ufffd ancien"]
    one = client.get(f"/api/v1/datasets/{poisoned}")
    assert one.status_code == 200 and one.json()["record"]["title"]["fr"] == "Registre \ufffd ancien"
    ckan = client.get("/api/3/action/package_show", params={"id": poisoned})
    assert ckan.status_code == 200 and "\ufffd" in ckan.json()["result"]["title"]


def test_pages_show_a_replacement_character(client, poisoned):
    for path in (f"/datasets/{poisoned}", "/", "/producers"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200, path
    assert "Registre \ufffd ancien" in client.get(f"/datasets/{poisoned}").text


def test_the_catalogue_export_still_answers(client, poisoned):
    response = client.get("/catalog.ttl")
    assert response.status_code == 200
