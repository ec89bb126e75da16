"""No dead ends, in Chromium: a refused action keeps its user on the page they were on, with what they typed
and a message in their language saying what to do next, at 1280 and 390 px in French and English; the page
still fits the screen and axe-core finds no serious or critical violation (tests/web/test_refusals.py
covers every refusal through the TestClient)."""

from __future__ import annotations

import pytest

# The fixtures are test_browser's: this module gets its own browser and its own seeded server (module scope).
from tests.web.test_browser import Person, browser, find_and_request, publish_through_the_form, server  # noqa: F401

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
WORDS = {
    "fr": {"start": "Commencer l'instruction", "approve": "Approuver", "reason": "#approve-reason",
           "awaited": "Les avis des producteurs sont encore attendus pour : registre-sepsis-demo",
           "not_done": "Action non effectuée",
           "type": "Ce type de fichier n'est pas accepté. Formats acceptés : PDF"},
    "en": {"start": "Start the review", "approve": "Approve", "reason": "#approve-reason",
           "awaited": "The producers' opinions are still awaited for: registre-sepsis-demo",
           "not_done": "Not done",
           "type": "This type of file is not accepted. Accepted formats: PDF"},
}


@pytest.fixture(scope="module")
def submitted(browser, server):  # noqa: F811 - the fixtures imported above
    """A description published through the form, and a request on it filed and submitted by a startup."""
    producer = Person(browser, server, "fr-FR", {})
    producer.sign_in("producer")
    publish_through_the_form(producer)
    startup = Person(browser, server, "en-GB", {})
    request_id = find_and_request(startup)
    producer.context.close()
    startup.context.close()
    return request_id


def _person(browser, server, lang: str, width: int, who: str) -> Person:  # noqa: F811
    person = Person(browser, server, LOCALES[lang], {})
    person.page.set_viewport_size({"width": width, "height": 900})
    person.sign_in(who)
    return person


def _fits_and_passes_axe(person: Person, width: int, name: str) -> None:
    """No sideways scroll, and axe-core finds nothing serious (with CATALOGUE_SCREENSHOTS, a screenshot)."""
    page = person.page
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    person.check(name)
    assert all(found == [] for found in person.findings.values()), person.findings


@pytest.mark.parametrize(("lang", "width"), [("fr", 390), ("en", 1280), ("en", 390), ("fr", 1280)])
def test_an_early_approval_stays_on_the_review_page(browser, server, submitted, lang, width):  # noqa: F811
    words = WORDS[lang]
    staff = _person(browser, server, lang, width, "governance")
    page = staff.page
    review = f"/governance/requests/{submitted}"
    staff.go(review)
    start = page.locator(f'form[action$="/act/start_review"] button:has-text("{words["start"]}")')
    if start.count():  # the first run starts the review; the others find it started
        with page.expect_navigation():
            start.click()
    staff.go(review)
    page.fill(words["reason"], "Sound project, « urgent ».")
    with page.expect_navigation():
        page.click('form[action$="/act/approve"] button[type="submit"]')
    assert page.evaluate("document.documentElement.lang") == lang
    summary = page.locator(".error-summary[role=alert]")
    assert words["not_done"] in summary.inner_text() and words["awaited"] in summary.inner_text()
    assert f"{submitted} —" in page.locator("h1").inner_text()  # the review page, not an error page
    assert page.input_value(words["reason"]) == "Sound project, « urgent »."  # what was typed is kept
    assert page.locator("#act-approve-refusal").is_visible()
    _fits_and_passes_axe(staff, width, f"refusal-review-{lang}-{width}")
    staff.context.close()


@pytest.mark.parametrize(("lang", "width"), [("fr", 390), ("en", 1280)])
def test_a_wrong_file_stays_on_the_producer_page(browser, server, submitted, lang, width):  # noqa: F811
    words = WORDS[lang]
    producer = _person(browser, server, lang, width, "producer")
    page = producer.page
    producer.go("/workspace/datasets/registre-sepsis-demo")
    page.fill("#doc-title", "Dictionnaire des variables")
    page.set_input_files("#doc-file", files=[{"name": "dictionary.exe", "mimeType": "application/x-msdownload",
                                              "buffer": b"MZ\x90\x00binary"}])
    with page.expect_navigation():
        page.click('#document-form button[type="submit"]')
    text = page.locator("main").inner_text()
    assert words["type"] in text and "application/" not in text
    assert page.input_value("#doc-title") == "Dictionnaire des variables"
    assert page.locator("#document-form-refusal").is_visible()
    _fits_and_passes_axe(producer, width, f"refusal-document-{lang}-{width}")
    producer.context.close()
