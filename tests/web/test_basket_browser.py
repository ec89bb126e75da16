"""The request basket in Chromium: a data user searches, adds two datasets of two producers to their
basket (without JavaScript's help: plain POST forms), checks the basket and its checklist, then opens the
request form with both; in French and English, at 1280 and 390 px, with axe-core and the sideways-scroll
check of test_phone_width at every step. The first walk starts signed out: adding sends to sign in, then
back to the results."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD
# test_browser's fixtures (this module gets its own seeded server and browser) and its Person helper.
from tests.web.test_browser import Person, browser, server  # noqa: F401
from tests.web.test_phone_width import LOCALES, PHONE, WIDEST

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}
WORDS = {"fr": {"add": "Ajouter à ma demande", "open": "Ouvrir le formulaire de demande avec ces jeux de données",
                "count": "2 jeux de données de 2 producteurs", "update": "Mettre à jour la liste",
                "form": "Demande d'accès aux données"},
         "en": {"add": "Add to my request", "open": "Open the request form with these datasets",
                "count": "2 datasets from 2 producers", "update": "Update the list",
                "form": "Data access request"}}


def fits(person: Person, where: str, lang: str, width: int, wide: dict) -> None:
    """The page is in `lang`, does not scroll sideways at `width`, and axe finds nothing serious."""
    page = person.page
    assert page.evaluate("document.documentElement.lang") == lang, where
    if page.evaluate("document.documentElement.scrollWidth") > width:
        wide[where] = page.evaluate(WIDEST)
    person.check(where)


def empty_basket(person: Person) -> None:
    person.go("/me/basket")
    while person.page.locator('form[action$="/remove"] button').count():
        person.page.locator('form[action$="/remove"] button').first.click()
        person.page.wait_for_url("**/me/basket")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_search_basket_request_form(browser, server, lang, width):  # noqa: F811 - the fixtures imported above
    findings: dict[str, list[str]] = {}
    wide: dict[str, list[str]] = {}
    person = Person(browser, server, LOCALES[lang], findings)
    person.page.set_viewport_size(WIDTHS[width])
    size, words, page = WIDTHS[width]["width"], WORDS[lang], person.page
    first_walk = lang == "fr" and width == "desktop"
    if not first_walk:
        person.sign_in("startup")
        empty_basket(person)
    person.go("/search?q=cancer")
    fits(person, f"search-{lang}-{width}", lang, size, wide)
    cards = page.locator(".results .card")
    producers: list[str] = []
    for n in range(cards.count()):
        producer = cards.nth(n).locator(".producer").inner_text()
        if producer in producers:
            continue
        cards.nth(n).get_by_role("button", name=re.compile(re.escape(words["add"]))).click()
        if first_walk and not producers:  # signed out: sign in, then back to the results
            page.wait_for_url("**/signin?next=*")
            page.fill('input[name="email"]', "startup@example.org")
            page.fill('input[name="password"]', PASSWORD)
            page.click('form[action="/signin"] button[type="submit"]')
            page.wait_for_url("**/search?q=cancer")
            cards.nth(n).get_by_role("button", name=re.compile(re.escape(words["add"]))).click()
        page.wait_for_url("**/search?q=cancer")
        assert page.locator(".flash.success").count() == 1
        producers.append(producer)
        if len(producers) == 2:
            break
    assert len(producers) == 2
    page.click('a[href="/me/basket"]:visible >> nth=0')
    page.wait_for_url("**/me/basket")
    assert page.locator(".basket-list li").count() == 2 and words["count"] in page.inner_text("main")
    assert page.locator("#still-missing").count() == 1
    fits(person, f"basket-{lang}-{width}", lang, size, wide)
    page.select_option("#b-requester_organisation_type", "startup")
    page.select_option("#b-legal_route", "CNIL-authorisation")
    page.click(f'button:has-text("{words["update"]}")')
    page.wait_for_url("**/me/basket?*legal_route=CNIL-authorisation*")
    fits(person, f"basket-checklist-{lang}-{width}", lang, size, wide)
    page.click(f'a:has-text("{words["open"]}")')
    page.wait_for_url("**/requests/new?*from=basket*")
    assert page.locator("h1").inner_text() == words["form"]
    assert page.locator('input[name="datasets"]:checked').count() == 2
    assert page.locator("#r-requester_organisation_type").input_value() == "startup"
    fits(person, f"request-form-{lang}-{width}", lang, size, wide)
    empty_basket(person)  # the next walk starts from an empty basket, whichever runs first
    person.context.close()
    assert wide == {}, f"pages wider than {size} px: {wide}"
    assert {k: v for k, v in findings.items() if v} == {}
