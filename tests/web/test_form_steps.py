"""The description form in steps (issue 14, part 6), through the TestClient: an incomplete draft is
saved, moving between steps keeps what was typed, refusals stay on the form with each message under
its field in the page's language, and a description published through the form passes the
HealthDCAT-AP SHACL shapes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from api.web import forms
from catalogue.datasets import rules
from catalogue.rdf.dcat import new_graph
from catalogue.rdf.healthdcat import add_dataset
from tests.shared_data import STANDARDS, require_shared
from tests.web.helpers import csrf_of, post_form, publish, sign_in
from tests.web.test_workspace import form_data, without_nulls

EN, FR = {"Accept-Language": "en"}, {"Accept-Language": "fr"}
LEVELS = {"PUBLIC": "public", "NON_PUBLIC": "non-public", "RESTRICTED": "restricted"}


def post_new(client, data: dict, headers: dict | None = None):
    token = csrf_of(client.get("/workspace/new").text)
    return client.post("/workspace/new", data={"organisation": "chu-test", "csrf_token": token, **data},
                       headers=headers or {}, follow_redirects=False)


def post_edit(client, dataset_id: str, data: dict, headers: dict | None = None):
    token = csrf_of(client.get(f"/workspace/datasets/{dataset_id}/edit").text)
    return client.post(f"/workspace/datasets/{dataset_id}/edit", data={"csrf_token": token, **data},
                       headers=headers or {}, follow_redirects=False)


def shown_step(html: str) -> str:
    """The one section not hidden."""
    shown = re.findall(r'<fieldset class="section" id="step-(\w+)"(?! hidden)>', html)
    assert len(shown) == 1, shown
    return shown[0]


def error_under(html: str, field_id: str) -> str:
    match = re.search(rf'<div class="field-error" id="{field_id}-error">(.*?)</div>', html, re.S)
    assert match, f"no error under {field_id}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def test_an_incomplete_draft_is_saved_and_the_steps_say_what_publishing_needs(client, actors):
    sign_in(client, "editor")
    saved = post_new(client, {"id": "brouillon-sepsis", "title.fr": "Registre des sepsis", "go": "typology"})
    assert saved.status_code == 303
    assert saved.headers["location"] == "/workspace/datasets/brouillon-sepsis/edit?step=typology"
    api = client.get("/api/v1/datasets/brouillon-sepsis", headers=actors["editor"]).json()
    assert api["status"] == "draft"
    assert api["record"] == {"id": "brouillon-sepsis", "title": {"fr": "Registre des sepsis"},
                             "producer": {"id": "chu-test", "name": "CHU Test", "type": "university_hospital",
                                          "country": "FR"},
                             "volume": {"individuals": None}}
    page = client.get(saved.headers["location"], headers=EN).text
    assert shown_step(page) == "typology"
    assert 'Identifier <span class="req">(required)</span>' in page  # even a draft needs it
    assert 'Contact email <span class="req">(required to publish)</span>' in page
    assert "Step 2 of 8: Typology" in page and 'value="typology" class="link" aria-current="step"' in page
    states = re.findall(r'<li class="step-(\w+)">\s*<button type="submit" name="go" value="(\w+)"', page)
    assert {step: state for state, step in states} == {
        "identity": "incomplete", "typology": "incomplete", "population": "incomplete", "volume": "done",
        "access": "incomplete", "hdh": "incomplete", "collaboration": "done", "more": "done"}
    overview = client.get("/workspace/datasets/brouillon-sepsis", headers=EN).text
    assert "Publishing still needs" in overview
    assert 'href="/workspace/datasets/brouillon-sepsis/edit?step=typology#f-typology-health_categories"' in overview
    assert 'href="/datasets/brouillon-sepsis"' not in overview  # no public page for a draft being written
    assert client.get("/datasets/brouillon-sepsis", follow_redirects=False).headers["location"] == \
        "/workspace/datasets/brouillon-sepsis"
    package = client.get("/api/3/action/package_show?id=brouillon-sepsis", headers=actors["editor"])
    assert package.status_code == 409 and package.json()["success"] is False  # CKAN's validation error, no 500


def test_moving_between_steps_keeps_every_value(client, actors, record):
    sign_in(client, "editor")
    data = {k: v for k, v in form_data(record).items() if not k.startswith(("access.", "health_data_hub."))}
    moved = post_new(client, {**data, "step": "identity", "go": "population"})
    assert moved.headers["location"] == "/workspace/datasets/registre-test/edit?step=population"
    page = client.get(moved.headers["location"]).text
    assert shown_step(page) == "population"
    assert f'value="{record["contact"]["email"]}"' in page  # identity, hidden but in the form
    assert re.search(r'name="typology.structured" value="true" checked', page)
    back = post_edit(client, "registre-test", {**form_data(client.get(
        "/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]),
        "access.rights": "NON_PUBLIC", "step": "access", "go": "hdh"})
    assert back.headers["location"] == "/workspace/datasets/registre-test/edit?step=hdh"
    stored = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["record"]
    assert stored["access"] == {"rights": "NON_PUBLIC"}
    assert stored["typology"] == without_nulls(record["typology"])
    crafted = client.get("/workspace/datasets/registre-test/edit?step=../../etc%00")
    assert crafted.status_code == 200 and shown_step(crafted.text) == "identity"


@pytest.mark.parametrize(("headers", "ages", "email", "end"), [
    (FR, "L'âge maximal (10) est inférieur à l'âge minimal (90) : corrigez l'un des deux.",
     "Entrez une adresse électronique valide (ex. contact@exemple.fr).",
     "La fin de la période (1er janvier 2010) précède son début (1er janvier 2020) : corrigez l'une des deux dates."),
    (EN, "The maximum age (10) is below the minimum age (90): correct one of them.",
     "Enter a valid e-mail address (e.g. contact@example.org).",
     "The end of the period (1 January 2010) is before its start (1 January 2020): correct one of the dates."),
], ids=["fr", "en"])
def test_a_refused_draft_stays_on_its_step_with_every_error_under_its_field(client, actors, record, headers, ages,
                                                                             email, end):
    sign_in(client, "editor")
    data = {**form_data(record), "population.min_age": "90", "population.max_age": "10",
            "temporal_coverage.start": "2020-01-01", "temporal_coverage.end": "2010-01-01",
            "contact.email": "nope", "step": "population", "go": "volume"}
    refused = post_new(client, data, headers)
    assert refused.status_code == 422
    html = refused.text.replace("&#39;", "'")
    assert shown_step(html) == "population"  # where the user was, with its errors
    assert error_under(html, "f-population-max_age") == ages
    assert error_under(html, "f-temporal_coverage-end") == end
    assert error_under(html, "f-contact-email") == email  # another step: also in the summary, as a way there
    assert re.search(r'<button type="submit" name="go" value="identity" class="link">[^<]*' + re.escape(email), html)
    assert 'value="nope"' in html and 'value="90"' in html
    for raw in ("must not exceed", "min_age (90)", "is not a valid email", "population.max_age :"):
        assert raw not in html


def test_a_missing_start_date_is_reported_on_the_start_date(client, actors, record):
    sign_in(client, "editor")
    data = {**form_data(record), "temporal_coverage.start": "", "temporal_coverage.end": "2020-12-31",
            "go": "publish"}
    refused = post_new(client, data, EN)
    assert refused.status_code == 422 and shown_step(refused.text) == "population"
    assert error_under(refused.text, "f-temporal_coverage-start") == "This field is required to publish."
    assert 'id="f-temporal_coverage-end-error"' not in refused.text


@pytest.mark.parametrize(("headers", "missing", "choose"), [
    (FR, "Ce champ est obligatoire pour publier.", "Choisissez au moins une valeur (obligatoire pour publier)."),
    (EN, "This field is required to publish.", "Choose at least one value (required to publish)."),
], ids=["fr", "en"])
def test_publishing_an_incomplete_draft_shows_what_it_needs_under_each_field(client, actors, record, headers,
                                                                              missing, choose):
    sign_in(client, "editor")
    data = form_data(record)
    del data["typology.health_categories"]
    data["keywords.fr"] = data["keywords.en"] = ""
    assert post_new(client, {**data, "go": "done"}).status_code == 303
    version = client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["version"]
    refused = post_form(client, "/workspace/datasets/registre-test", "/workspace/datasets/registre-test/publish",
                        {"version": str(version)}, headers=headers)
    assert refused.status_code == 422
    assert shown_step(refused.text) == "identity"  # the first step with something to fix
    assert error_under(refused.text, "f-keywords") == missing
    assert error_under(refused.text, "f-typology-health_categories") == choose
    assert client.get("/api/v1/datasets/registre-test", headers=actors["editor"]).json()["status"] == "draft"
    api = client.post("/api/v1/datasets/registre-test/publish", headers=actors["editor"])
    assert api.status_code == 422 and api.json()["error"]["code"] == "not_publishable"
    assert [(d["field"], d["code"]) for d in api.json()["error"]["details"]] == [
        ("typology.health_categories", "missing"), ("keywords", "missing")]


def test_save_and_publish_from_the_last_step(client, actors, record):
    sign_in(client, "editor")
    done = post_new(client, {**form_data(record), "step": "more", "go": "publish"})
    assert done.status_code == 303 and done.headers["location"] == "/workspace/datasets/registre-test"
    assert client.get("/api/v1/datasets/registre-test").json()["status"] == "published"


def test_the_form_refuses_crafted_values_with_a_message_not_a_server_error(client, actors, record):
    sign_in(client, "editor")
    data = {**form_data(record), "volume.individuals": "9" * 400, "landing_page": "javascript:alert(1)",
            "access.rights": "WIDE_OPEN", "id": "a" * 500, "go": "../../admin"}
    refused = post_new(client, data, EN)
    assert refused.status_code == 422
    for field_id, message in (("f-volume-individuals", "The value must be at most 10,000,000,000."),
                              ("f-landing_page", "Enter a full web address starting with https:// (no spaces)."),
                              ("f-access-rights", "Choose one of the values offered."),
                              ("f-id", "3 to 80 characters: lowercase letters without accents, digits and hyphens "
                                       "(e.g. sepsis-registry-2024).")):
        assert error_under(refused.text, field_id) == message, field_id


@pytest.mark.slow
def test_a_description_published_through_the_form_passes_the_healthdcat_shapes(client, actors, record, tmp_path):
    require_shared(STANDARDS / "tools" / "shacl_validate.py")
    sign_in(client, "editor")
    minimal = {k: v for k, v in form_data(record).items() if not k.startswith(("volume.", "collaboration."))}
    assert post_new(client, {**minimal, "go": "publish"}).status_code == 303
    published = client.get("/api/v1/datasets/registre-test").json()
    assert published["status"] == "published"
    graph = new_graph("https://catalogue.example.org")
    add_dataset(graph, published["record"], "https://catalogue.example.org")
    path = tmp_path / "published.ttl"
    graph.serialize(path, format="turtle")
    level = LEVELS[published["record"]["access"]["rights"]]
    done = subprocess.run([sys.executable, "tools/shacl_validate.py", level, str(path)], cwd=STANDARDS,
                          capture_output=True, text=True, timeout=600)
    summary = next((line for line in done.stdout.splitlines() if line.startswith("SUMMARY")), done.stdout[-2000:])
    assert done.returncode == 0 and "Violation" not in summary, summary


def test_the_form_marks_as_required_what_publishing_needs():
    """The "(required)" marks are the domain's list (volume.individuals may be null: "unknown")."""
    marked = {name for name, field in forms.FIELDS.items() if field.required}
    needs = {forms.field_of(path) for path in rules.required_for_publication() if path != "volume.individuals"}
    assert marked == needs


def test_a_published_description_is_saved_only_whole(client, actors, record):
    """Editing a published description is strict: it may not lose what publishing needs."""
    publish(client, actors["editor"], record)
    sign_in(client, "editor")
    page = client.get("/workspace/datasets/registre-test/edit", headers=EN).text
    assert ">Save</button>" in page and "Save draft" not in page and "Save and publish" not in page
    data = {**form_data(record), "keywords.fr": "", "keywords.en": "", "version": "2", "step": "identity",
            "go": "typology"}
    refused = post_edit(client, "registre-test", data, EN)
    assert refused.status_code == 422 and shown_step(refused.text) == "identity"
    assert error_under(refused.text, "f-keywords") == "This field is required to publish."
    stored = client.get("/api/v1/datasets/registre-test").json()
    assert stored["status"] == "published" and stored["record"]["keywords"] == record["keywords"]
