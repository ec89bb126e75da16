"""The producer workspace through its forms (no JavaScript): create, validate, edit, publish, documents."""

from __future__ import annotations

from api.web import forms
from tests.web.helpers import csrf_of, post_form, sign_in

EN = {"Accept-Language": "en"}


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return value


def form_data(record: dict) -> dict[str, object]:
    """What a person types into the form to describe `record`."""
    data: dict[str, object] = {}
    for name, value in forms.to_values(record).items():
        data[name] = value
    return data


def test_the_form_creates_a_draft_then_publishes_it(client, actors, record):
    sign_in(client, "editor")
    page = client.get("/workspace/new", headers=EN)
    assert page.status_code == 200 and 'name="typology.data_types"' in page.text
    assert "3-80 lowercase letters" in page.text  # each field is explained
    data = {**form_data(record), "organisation": "chu-test", "csrf_token": csrf_of(page.text)}
    created = client.post("/workspace/new", data=data, follow_redirects=False)
    assert created.status_code == 303, created.text[:2000]
    assert created.headers["location"] == "/workspace/datasets/registre-test"
    api = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()
    assert api["status"] == "draft"
    for block in ("title", "summary", "description", "typology", "population", "access", "health_data_hub",
                  "volume", "temporal_coverage", "contact", "keywords", "collaboration"):
        assert without_nulls(api["record"].get(block)) == without_nulls(record.get(block)), block
    overview = client.get("/workspace/datasets/registre-test", headers=EN)
    assert "<meter" in overview.text and "Revision 1" in overview.text
    published = post_form(client, "/workspace/datasets/registre-test", "/workspace/datasets/registre-test/publish",
                          {"version": str(api["version"])})
    assert published.status_code == 303
    assert client.get("/api/v1/datasets/registre-test").json()["status"] == "published"
    assert "/datasets/registre-test" in client.get("/search?q=", headers=EN).text


def test_errors_are_shown_next_to_each_field_with_the_api_rules(client, actors, record):
    """A draft may lack anything but its id and title; what is malformed is refused, each under its field."""
    sign_in(client, "editor")
    data = {**form_data(record), "organisation": "chu-test", "id": "Bad Id", "population.min_age": "90",
            "population.max_age": "10", "volume.individuals": "many", "contact.email": "nope", "title.fr": "",
            "title.en": ""}
    data.pop("typology.data_types")  # missing is no error in a draft
    page = client.get("/workspace/new", headers=EN)
    response = client.post("/workspace/new", data={**data, "csrf_token": csrf_of(page.text)}, headers=EN)
    assert response.status_code == 422
    text = response.text
    assert 'class="error-summary"' in text
    for field_id in ("f-id", "f-title", "f-population-max_age", "f-volume-individuals", "f-contact-email"):
        assert f'id="{field_id}-error"' in text, field_id
    assert 'id="f-typology-data_types-error"' not in text
    assert "Enter a whole number, without spaces or units." in text
    assert "The maximum age (10) is below the minimum age (90): correct one of them." in text
    assert "must not exceed" not in text and "min_age (90)" not in text  # never the model's own wording
    assert 'value="Bad Id"' in text  # what was typed is kept
    assert client.get("/api/v1/datasets/bad-id", headers=actors["editor"]).status_code == 404


def test_editing_keeps_what_the_form_does_not_show_and_records_the_change(client, actors, record):
    record["variables"] = [{"name": "age", "label": {"fr": "Âge", "en": "Age"}, "type": "integer"}]
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    sign_in(client, "editor")
    page = client.get("/workspace/datasets/registre-test/edit", headers=EN)
    assert page.status_code == 200 and 'value="registre-test"' in page.text and "readonly" in page.text
    data = form_data(client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"])
    data.update({"summary.en": "A new English summary", "version": "1", "csrf_token": csrf_of(page.text)})
    saved = client.post("/workspace/datasets/registre-test/edit", data=data, follow_redirects=False)
    assert saved.status_code == 303
    after = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]
    assert after["summary"]["en"] == "A new English summary"
    assert after["variables"] == record["variables"]  # multilingual labels survive the one-line form
    revisions = client.get("/api/v1/datasets/registre-test/revisions", headers=actors["editor"]).json()
    assert "summary.en" in revisions[-1]["changes"]
    detail = client.get(f"/workspace/datasets/registre-test/revisions/{revisions[-1]['number']}", headers=EN)
    assert "A new English summary" in detail.text
    stale = client.post("/workspace/datasets/registre-test/edit", data={**data, "summary.en": "again"})
    assert stale.status_code == 409  # version 1 is no longer current


def test_documents_upload_and_remove(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    sign_in(client, "editor")
    token = csrf_of(client.get("/workspace/datasets/registre-test").text)
    done = client.post("/workspace/datasets/registre-test/documents", follow_redirects=False,
                       data={"csrf_token": token, "title": "Dictionnaire", "kind": "data_dictionary"},
                       files={"file": ("dict.csv", b"name,type\nage,int\n", "text/csv")})
    assert done.status_code == 303
    documents = client.get("/api/v1/datasets/registre-test/documents", headers=actors["editor"]).json()
    assert [d["title"] for d in documents] == ["Dictionnaire"]
    removed = post_form(client, "/workspace/datasets/registre-test",
                        f"/workspace/datasets/registre-test/documents/{documents[0]['id']}/delete")
    assert removed.status_code == 303
    assert client.get("/api/v1/datasets/registre-test/documents", headers=actors["editor"]).json() == []


def test_no_write_without_the_right_role(client, actors, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    assert client.get("/workspace", follow_redirects=False).status_code == 303  # anonymous: sign in
    sign_in(client, "outsider")
    assert client.get("/workspace/datasets/registre-test").status_code == 404  # a draft of another producer
    data = {**form_data(record), "organisation": "chu-test", "id": "sneaky"}
    refused = post_form(client, "/workspace/new", "/workspace/new", data)
    assert refused.status_code == 403
    assert post_form(client, "/workspace", "/workspace/datasets/registre-test/publish").status_code == 404


def test_an_editor_sees_no_archive_button_an_admin_does(client, actors, record):
    """The buttons are the domain's answer: an editor once saw Archive and landed on a 403 page."""
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    actions = 'action="/workspace/datasets/registre-test/'
    sign_in(client, "editor")
    page = client.get("/workspace/datasets/registre-test", headers=EN).text
    assert f'{actions}publish"' in page and f'{actions}archive"' not in page
    client.cookies.clear()
    sign_in(client, "orgadmin")
    page = client.get("/workspace/datasets/registre-test", headers=EN).text
    assert f'{actions}publish"' in page and f'{actions}archive"' in page
