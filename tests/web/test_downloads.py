"""A stored file leaves through one response (api/downloads.py), on the web as on the REST API: same
media type, safe disposition, length, SHA-256 checksum and nosniff. The web download once forgot the
checksum."""

from __future__ import annotations

import hashlib

import pytest

from api.downloads import disposition
from tests.access_requests.helpers import PDF, create, setup_datasets
from tests.web.helpers import sign_in

NAME = 'protocole "v2"; été\r\n.pdf'


@pytest.fixture
def attachment(client, actors, record) -> tuple[int, dict]:
    setup_datasets(client, actors, record)
    request_id = create(client, actors)["id"]
    response = client.post(f"/api/v1/access-requests/{request_id}/attachments", headers=actors["user"],
                           data={"kind": "protocol", "title": "Protocole"},
                           files={"file": (NAME, PDF, "application/pdf")})
    assert response.status_code == 201, response.text
    return request_id, response.json()


def test_the_web_download_carries_the_same_headers_as_the_rest_one(client, actors, attachment):
    request_id, uploaded = attachment
    rest = client.get(uploaded["url"], headers=actors["user"])
    sign_in(client, "user")
    web = client.get(f"/requests/{request_id}/attachments/{uploaded['id']}")
    assert web.status_code == 200 and web.content == PDF
    assert web.headers["x-checksum-sha256"] == hashlib.sha256(PDF).hexdigest() == uploaded["sha256"]
    assert web.headers["content-length"] == str(len(PDF))
    assert web.headers["x-content-type-options"] == "nosniff"
    assert web.headers["content-type"] == "application/pdf"
    for header in ("content-type", "content-disposition", "content-length", "x-checksum-sha256",
                   "x-content-type-options"):
        assert web.headers[header] == rest.headers[header], header


def test_the_disposition_keeps_the_name_exact_and_cannot_be_broken_by_it():
    header = disposition('protocole "v2"; été\r\n/x.pdf')
    assert header == ("attachment; filename=\"protocole _v2__ ete___x.pdf\"; "
                      "filename*=UTF-8''protocole%20%22v2%22%3B%20%C3%A9t%C3%A9%0D%0A%2Fx.pdf")
    assert disposition("état.pdf").startswith('attachment; filename="etat.pdf"; ')
    assert disposition("日本.pdf").startswith('attachment; filename="__.pdf"; ')
    assert disposition("…").startswith('attachment; filename="file"; ')  # nothing but dots: a neutral name
