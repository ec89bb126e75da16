"""The statistics page in Chromium, in French and in English: searches made through the search page are
counted on it, its charts have their text alternatives, it fits a 390 px screen (no sideways scroll, a long
text that found nothing included) and axe-core finds no serious or critical violation; a data user is refused.
"""

from __future__ import annotations

import pytest

from tests.web.browser import axe_violations
from tests.web.test_phone_width import WIDEST
# The fixtures are test_browser's: this module gets its own browser and its own seeded server (module scope).
from tests.web.test_browser import Person, browser, server  # noqa: F401

PHONE = {"width": 390, "height": 844}
LONG = "qwxzvbnm" * 6  # 48 letters without a space: a cell that must wrap, not widen the page
WORDS = {"fr": ("Statistiques du catalogue", "Textes qui n'ont rien trouvé"),
         "en": ("Catalogue statistics", "Texts that found nothing")}


@pytest.fixture(scope="module")
def searched(browser, server):  # noqa: F811 - the fixtures imported above
    """Searches typed in the search page by an anonymous visitor: two that find nothing, one with a theme."""
    visitor = Person(browser, server, "fr-FR", {})
    for path in ("/search?q=zzyzx%20qwv", "/search?q=ZZYZX+qwv", f"/search?q={LONG}",
                 "/search?q=cancer&filter=typology.health_categories:EHRS"):
        visitor.go(path)
    visitor.context.close()


@pytest.mark.parametrize("lang, locale", [("fr", "fr-FR"), ("en", "en-GB")])
def test_the_statistics_page_fits_a_phone_and_says_its_charts(browser, server, searched, lang, locale):  # noqa: F811
    findings: dict[str, list[str]] = {}
    staff = Person(browser, server, locale, findings)
    staff.sign_in("governance")
    staff.go("/governance")
    staff.page.click('a[href="/governance/stats"]')
    staff.page.wait_for_url("**/governance/stats")
    title, found_nothing = WORDS[lang]
    page = staff.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").inner_text() == title
    section = page.locator("#fig-found_nothing")
    assert section.locator("h2").inner_text() == found_nothing
    assert section.locator("tbody th").all_inner_texts() == ["zzyzx qwv", LONG]  # searched twice, then once
    chart = section.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content() == found_nothing
    assert chart.locator("desc").text_content().startswith("zzyzx qwv")
    staff.check(f"stats-{lang}")
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(WIDEST)
    assert axe_violations(page) == []
    staff.context.close()
    assert findings == {f"stats-{lang} ({server.url}/governance/stats)": []}


def test_a_data_user_is_refused(browser, server):  # noqa: F811
    startup = Person(browser, server, "en-GB", {})
    startup.sign_in("startup")
    response = startup.page.goto(server.url + "/governance/stats")
    assert response is not None and response.status == 403
    startup.context.close()
