"""In Chromium, at a desk's width and a phone's, in French and in English: a visitor ticks two search results,
compares them, is told what to do when only one is ticked, and sees the figures of a description page.
No page scrolls sideways and axe-core finds no serious or critical violation on the way."""

from __future__ import annotations

import pytest

from tests.web.test_browser import Person, browser, server  # noqa: F401 - the fixtures (module scope)
from tests.web.test_phone_width import LOCALES, WIDEST

WIDTHS = (1280, 390)


def fits(person: Person, width: int) -> None:
    """The page is no wider than the screen (what is past its edge, if it is)."""
    assert person.page.evaluate("document.documentElement.scrollWidth") <= width, person.page.evaluate(WIDEST)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_search_pick_two_and_compare(browser, server, lang, width):  # noqa: F811 - the fixtures imported above
    findings: dict[str, list[str]] = {}
    person = Person(browser, server, LOCALES[lang], findings)
    page = person.page
    page.set_viewport_size({"width": width, "height": 900})
    person.go("/search?q=cancer")
    boxes = page.locator('input[type="checkbox"][name="id"][form="compare-form"]')
    assert boxes.count() >= 2
    picked = [boxes.nth(i).get_attribute("value") for i in (0, 1)]
    fits(person, width)
    person.check(f"search-pick-{lang}-{width}")

    boxes.nth(0).check()  # one only: refused, with what to do and the selection kept
    with page.expect_navigation() as refused:
        page.click("#compare-form button[type=submit]")
    assert refused.value is not None and refused.value.status == 400
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator(".notice[role=alert]").is_visible()
    assert page.locator('.compare-again input[name="id"]:checked').count() == 1
    fits(person, width)
    person.check(f"compare-refused-{lang}-{width}")

    page.go_back()
    page.locator(f'input[name="id"][value="{picked[0]}"]').check()
    page.locator(f'input[name="id"][value="{picked[1]}"]').check()
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**/compare?id=*")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("table.compare thead th[scope=col] a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))") == [f"/datasets/{i}" for i in picked]
    assert page.locator("table.compare caption").is_visible()
    fits(person, width)  # on a phone the table scrolls inside its region
    person.check(f"compare-{lang}-{width}")

    page.locator("table.compare thead th[scope=col] a").first.click()
    page.wait_for_url(f"**/datasets/{picked[0]}")
    assert page.locator("#figures svg.timeline-chart").is_visible()
    fits(person, width)
    person.check(f"dataset-figures-{lang}-{width}")
    person.context.close()
    assert not any(findings.values()), {name: found for name, found in findings.items() if found}
