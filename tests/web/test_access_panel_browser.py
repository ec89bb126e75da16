""""Can I get it?" in Chromium, in French and English, at 1280 and 390 px: the panel is there, in the page's
language, no page scrolls sideways, axe-core finds no serious or critical violation; a startup declares its
type on My space and then sees the answer for it (no request button where startups are refused).
"""

from __future__ import annotations

import pytest

# The fixtures are test_browser's: this module gets its own browser and its own seeded server (module scope).
from tests.web.test_browser import Person, browser, server  # noqa: F401

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
CLOSED_TO_STARTUPS = "/datasets/spf-esteban"  # corpus: restricted, access.audiences.startup = no
OPEN_DATA = "/datasets/open-damir"  # corpus: PUBLIC, open_download, a landing page
REQUEST = 'a[href^="/requests/new?dataset="]'
FOR_STARTUPS = {"fr": "Pour vous (Startups) : Non", "en": "For you (Startups): No"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_panel_in_each_language_and_width(browser, server, lang, width):  # noqa: F811
    findings: dict[str, list[str]] = {}
    person = Person(browser, server, LOCALES[lang], findings)
    page = person.page
    page.set_viewport_size({"width": width, "height": 900})

    def visit(path: str, name: str) -> str:
        person.go(path)
        assert page.evaluate("document.documentElement.lang") == lang, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        panel = page.locator("#can-i-get-it")
        assert panel.is_visible(), path
        person.check(f"panel-{name}-{lang}-{width}")
        return panel.inner_text()

    try:
        visit(CLOSED_TO_STARTUPS, "anonymous")
        assert page.locator("#can-i-get-it .panel-types li").count() == 5
        assert page.locator("#can-i-get-it .panel-steps li").count() == 5
        assert page.locator(REQUEST).count() == 1  # other types may request: offered (sign-in first)

        visit(OPEN_DATA, "open-data")
        assert page.locator(REQUEST).count() == 0
        assert page.locator("header .actions a.button[href^='https://']").count() == 1

        person.sign_in("startup")
        page.select_option("#requester_type", "startup")
        page.click('form[action="/me/requester-type"] button[type="submit"]')
        page.wait_for_url("**/me#requester-type")
        assert page.locator("#requester_type").input_value() == "startup"
        text = visit(CLOSED_TO_STARTUPS, "startup-closed")
        assert FOR_STARTUPS[lang] in " ".join(text.split())
        assert page.locator(REQUEST).count() == 0
    finally:
        person.context.close()
    assert {name: found for name, found in findings.items() if found} == {}
