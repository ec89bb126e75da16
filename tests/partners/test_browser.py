"""Collaboration matching in Chromium at a phone's width (390 px), in French and English: a startup says
what it offers on /me and sees the producers looking for it, each explained in one line, with a way to
start an enquiry; no sideways scroll, axe-core finds nothing serious."""

from __future__ import annotations

from tests.web.test_browser import Person, browser, server  # noqa: F401 (fixtures)

PHONE = {"width": 390, "height": 844}
WORDS = {"fr": ("Des producteurs cherchent des partenaires comme vous",
                "Recherche validation d'algorithmes, ce que vous proposez"),
         "en": ("Producers looking for partners like you", "Seeks algorithm validation, which you offer")}


def test_a_startup_offers_and_gets_suggestions_on_a_phone(browser, server):  # noqa: F811
    findings: dict = {}
    for lang, locale in (("fr", "fr-FR"), ("en", "en-GB")):
        startup = Person(browser, server, locale, findings)
        startup.page.set_viewport_size(PHONE)
        startup.sign_in("startup")
        title, line = WORDS[lang]
        if lang == "fr":  # the offer is saved once; the English visit reads it back
            startup.page.check('form[action="/me/offer"] input[name="offers"][value="algorithm_validation"]')
            startup.page.check('form[action="/me/offer"] input[name="visible_to_producers"]')
            startup.page.click('form[action="/me/offer"] button[type="submit"]')
            startup.page.wait_for_url("**/me#offer")
        page = startup.page
        assert page.locator("#me-partner-suggestions").inner_text() == title
        lines = page.locator("#partner-suggestions p.why").all_inner_texts()
        assert len(lines) == 8 and all(text.startswith(line) for text in lines), lines
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        startup.check(f"partners-me-{lang}")
        page.locator("#partner-suggestions a.button").first.click()
        page.wait_for_url("**/datasets/*/ask")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        startup.context.close()
    assert not any(findings.values()), findings
