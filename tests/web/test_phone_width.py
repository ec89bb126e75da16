"""Every main page at a phone's width (390 px), in French and in English, as each of its users sees it:
no page scrolls sideways, the page is in the language asked for, axe-core finds no serious or critical
WCAG 2.1 AA violation, and search results come before the filters (which fold into a panel).

The state comes from the journeys of test_browser (a producer publishes through the form, a startup
files a request), replayed here on this module's own server (test_browser's fixture).
"""

from __future__ import annotations

import pytest

from tests.web.browser import axe_violations
# The fixtures are test_browser's: this module gets its own browser and its own seeded server (module scope).
from tests.web.test_browser import Person, browser, find_and_request, publish_through_the_form, server  # noqa: F401

PHONE = {"width": 390, "height": 844}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
CORPUS_ID = "snds-pmsi-mco"
PUBLIC = ["/", "/search", "/search?q=cancer", "/search?q=imagerie&filter=access.rights:PUBLIC",
          f"/datasets/{CORPUS_ID}", "/datasets/registre-sepsis-demo", "/producers", "/producers/chu-demo",
          "/register", "/signin", "/signup", "/datasets/registre-sepsis-demo/ask"]


@pytest.fixture(scope="module")
def journeys(browser, server):  # noqa: F811 - the fixture imported above
    """A description published through the form and a request filed on it; the signed-in sessions."""
    producer = Person(browser, server, "fr-FR", {})
    producer.sign_in("producer")
    publish_through_the_form(producer)
    startup = Person(browser, server, "en-GB", {})
    request_id = find_and_request(startup)
    governance = Person(browser, server, "fr-FR", {})
    governance.sign_in("governance")
    people = {"producer": producer, "startup": startup, "governance": governance}
    yield request_id, {who: p.context.storage_state() for who, p in people.items()}
    for person in people.values():
        person.context.close()


def pages_of(request_id: str) -> dict[str, list[str]]:
    return {
        "anonymous": PUBLIC,
        "startup": ["/me", f"/requests/{request_id}", "/requests/new?dataset=registre-sepsis-demo",
                    "/me/saved-searches"],
        "producer": ["/me", "/workspace", "/workspace/new?organisation=chu-demo",
                     "/workspace/datasets/registre-sepsis-demo", "/workspace/datasets/registre-sepsis-demo/edit",
                     "/workspace/datasets/registre-sepsis-demo/revisions/1", f"/requests/{request_id}"],
        "governance": ["/me", "/governance", f"/governance/requests/{request_id}"],
    }


WIDEST = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > document.documentElement.clientWidth + 1 && r.width > 0)
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
               + ' ' + Math.round(r.right));
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_fits_a_phone_in_its_language(browser, server, journeys, lang):  # noqa: F811
    request_id, sessions = journeys
    wide: dict[str, list[str]] = {}
    findings: dict[str, list[str]] = {}
    for who, paths in pages_of(request_id).items():
        context = browser.new_context(locale=LOCALES[lang], viewport=PHONE, bypass_csp=True,  # to inject axe
                                      storage_state=sessions.get(who))
        page = context.new_page()
        for path in paths:
            response = page.goto(server.url + path)
            assert response is not None and response.status == 200, (who, path, response and response.status)
            assert page.evaluate("document.documentElement.lang") == lang, (who, path)
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                wide[f"{who} {path}"] = page.evaluate(WIDEST)
            if found := axe_violations(page):
                findings[f"{who} {path}"] = found
        context.close()
    assert not wide, "pages wider than a 390 px screen, with the elements past its edge:\n" + "\n".join(
        f"{page}: {elements}" for page, elements in wide.items())
    assert not findings, f"axe-core at 390 px: {findings}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_search_results_come_first_on_a_phone(browser, server, lang):  # noqa: F811
    """The first result is on the first screen; the filters are one tap away, folded."""
    context = browser.new_context(locale=LOCALES[lang], viewport=PHONE)
    page = context.new_page()
    page.goto(server.url + "/search?q=cancer")
    first = page.locator(".results .card").first.bounding_box()
    assert first is not None and first["y"] < PHONE["height"], first
    panel = page.locator("details.filters")
    assert panel.count() == 1 and panel.get_attribute("open") is None
    facet_link = page.locator(".facets section.facet a").first
    assert not facet_link.is_visible()  # folded
    page.locator("details.filters > summary").click()
    assert facet_link.is_visible()
    facet_link.click()
    page.wait_for_url("**filter=*")
    assert page.locator(".chips a").count() >= 1
    context.close()


def test_filters_stay_open_on_a_wide_screen(browser, server):  # noqa: F811
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/search?q=cancer")
    assert page.locator(".facets section.facet a").first.is_visible()
    assert not page.locator("details.filters > summary").is_visible()
    context.close()
