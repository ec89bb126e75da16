"""Documents: upload checks (size, type, content), checksum, streamed download, visibility."""

from __future__ import annotations

import hashlib

import pytest

PDF = b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n"


@pytest.fixture
def draft(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    return "/api/v1/datasets/registre-test/documents"


def upload(client, url, headers, content=PDF, content_type="application/pdf", kind="protocol", title="Protocole"):
    files = {"file": ("protocole v1.pdf", content, content_type)}
    return client.post(url, files=files, data={"title": title, "kind": kind}, headers=headers)


def test_upload_records_checksum_and_lists_in_description(client, actors, draft):
    response = upload(client, draft, actors["editor"])
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["size"] == len(PDF) and doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert doc["content_type"] == "application/pdf" and doc["filename"] == "protocole v1.pdf"
    record = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]
    assert record["documents"] == [{"title": "Protocole", "kind": "protocol", "url": doc["url"]}]
    download = client.get(doc["url"], headers=actors["editor"])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["x-checksum-sha256"] == doc["sha256"]


def test_upload_limits_and_checks(client, actors, draft):
    too_big = upload(client, draft, actors["editor"], content=b"%PDF-" + b"0" * (64 * 1024))
    assert too_big.status_code == 413
    wrong_type = upload(client, draft, actors["editor"], content=b"MZ\x90\x00", content_type="application/x-msdownload")
    assert wrong_type.status_code == 415
    lying = upload(client, draft, actors["editor"], content=b"MZ\x90\x00binary")
    assert lying.status_code == 415 and "does not look like" in lying.json()["error"]["message"]
    bad_kind = upload(client, draft, actors["editor"], kind="selfie")
    assert bad_kind.status_code == 422 and bad_kind.json()["error"]["details"][0]["field"] == "kind"
    assert upload(client, draft, {}).status_code == 401
    assert upload(client, draft, actors["outsider"]).status_code == 404  # a draft is invisible to outsiders
    listed = client.get(draft, headers=actors["editor"]).json()
    assert listed == []


def test_documents_of_a_draft_are_private_until_published(client, actors, draft):
    doc = upload(client, draft, actors["editor"]).json()
    assert client.get(doc["url"]).status_code == 404
    client.post("/api/v1/datasets/registre-test/publish", headers=actors["editor"])
    assert client.get(doc["url"]).content == PDF


def test_delete_document(client, actors, draft, container):
    doc = upload(client, draft, actors["editor"]).json()
    key = f"datasets/registre-test/{doc['id']}"
    assert container.objects.exists(key)
    assert client.delete(doc["url"], headers=actors["user"]).status_code == 404
    assert client.delete(doc["url"], headers=actors["editor"]).status_code == 204
    assert not container.objects.exists(key)
    record = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]
    assert record["documents"] == []
