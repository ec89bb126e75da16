"""The producer form in steps in a real browser (issue 14, part 6): in French and English, at 1280 and
390 px wide, a producer is refused on an empty first step, fills one section per step, saves a draft
half-way, comes back through the overview and publishes from the last step. At every step the page is
in the producer's language, does not scroll sideways, and axe-core finds no serious or critical issue.
"""

from __future__ import annotations

import pytest

# The fixtures are test_browser's: this module gets its own browser and seeded server (module scope).
from tests.web.test_browser import Person, browser, publish_through_the_form, server  # noqa: F401

LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_producer_fills_the_form_in_steps_and_publishes(browser, server, lang, width):  # noqa: F811
    findings: dict[str, list[str]] = {}
    producer = Person(browser, server, LOCALES[lang], findings)
    producer.page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    producer.sign_in("producer")
    dataset_id = f"registre-etapes-{lang}-{width}"
    publish_through_the_form(producer, dataset_id, lang, title_en=f"Steps registry {lang} {width}")
    producer.go(f"/datasets/{dataset_id}")
    assert producer.page.evaluate("document.documentElement.lang") == lang
    assert producer.page.evaluate("document.documentElement.scrollWidth") <= width
    producer.check(f"dataset-{lang}-{width}")
    producer.context.close()
    serious = {page: found for page, found in findings.items() if found}
    assert serious == {}, f"axe-core found serious or critical WCAG 2.1 AA violations: {serious}"


def test_the_steps_work_without_javascript(browser, server):  # noqa: F811
    """Every button is a plain submit button and the hidden steps are in the form: no script needed."""
    producer = Person(browser, server, "en-GB", {}, javascript=False)
    producer.page.set_viewport_size({"width": 390, "height": 844})
    producer.sign_in("producer")
    publish_through_the_form(producer, "registre-sans-script", "en", title_en="Registry without scripts")
    producer.context.close()
