"""The needs board in Chromium: a startup posts a need (a refused deadline first, shown on the form with what
was typed), a producer finds it on the board and answers it, the startup reads the answer and marks the need
satisfied; in French and English, at 1280 and 390 px, with axe-core and the sideways-scroll check at each step."""

from __future__ import annotations

import datetime as dt
import re

import pytest

# test_browser's browser and Person; the sideways-scroll check of the basket journey.
from tests.web.browser import seed, start_server
from tests.web.test_basket_browser import WIDTHS, fits
from tests.web.test_browser import Person, browser  # noqa: F401
from tests.web.test_phone_width import LOCALES

WORDS = {"fr": {"post": "Publier un besoin", "refused": "L’échéance doit être aujourd’hui ou plus tard.",
                "send": "Envoyer la réponse", "satisfy": "Marquer comme satisfait", "satisfied": "Satisfait"},
         "en": {"post": "Post a need", "refused": "The deadline must be today or later.",
                "send": "Send the answer", "satisfy": "Mark as satisfied", "satisfied": "Satisfied"}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """test_browser's seeded catalogue, with the startup's address proved (a need asks for it)."""
    from catalogue.accounts import service as accounts
    from catalogue.bootstrap import bootstrap
    from catalogue.principal import SYSTEM
    from catalogue.settings import Settings

    data_dir = tmp_path_factory.mktemp("web-needs")
    seed(data_dir)
    container = bootstrap(Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600))
    try:
        with container.uow() as uow:
            accounts.mark_verified(uow, SYSTEM, "startup@example.org")
            uow.commit()
    finally:
        container.close()
    yield from start_server(data_dir)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_startup_posts_a_need_that_a_producer_answers(browser, server, lang, width):  # noqa: F811
    findings: dict[str, list[str]] = {}
    wide: dict[str, list[str]] = {}
    size, words = WIDTHS[width]["width"], WORDS[lang]
    title = f"Asthma admissions {lang} {width}"
    startup = Person(browser, server, LOCALES[lang], findings)
    startup.page.set_viewport_size(WIDTHS[width])
    startup.sign_in("startup")
    startup.go("/needs")
    fits(startup, f"needs-board-{lang}-{width}", lang, size, wide)
    startup.page.get_by_role("link", name=words["post"]).first.click()
    startup.page.wait_for_url("**/needs/new")
    fits(startup, f"need-form-{lang}-{width}", lang, size, wide)
    page = startup.page
    page.fill("#need-title", title)
    page.fill("#need-description", "Hospital admissions of children with asthma, for a prediction model.")
    page.check('input[name="themes"][value="HRAD"]')
    page.fill("#need-geography", "FR")
    page.select_option("#need-open_to", "startup")
    page.fill("#need-deadline", "2001-01-01")
    page.click('#need-form button[type="submit"]')
    assert words["refused"] in page.inner_text("#need-form")
    assert page.input_value("#need-title") == title and page.is_checked('input[name="themes"][value="HRAD"]')
    fits(startup, f"need-form-refused-{lang}-{width}", lang, size, wide)
    page.fill("#need-deadline", (dt.date.today() + dt.timedelta(days=90)).isoformat())
    page.click('#need-form button[type="submit"]')
    page.wait_for_url(re.compile(r".*/needs/\d+$"))
    need_url = page.url
    fits(startup, f"need-posted-{lang}-{width}", lang, size, wide)

    producer = Person(browser, server, LOCALES[lang], findings)
    producer.page.set_viewport_size(WIDTHS[width])
    producer.sign_in("producer")
    producer.go("/needs")
    fits(producer, f"needs-board-producer-{lang}-{width}", lang, size, wide)
    producer.page.get_by_role("link", name=title).click()
    producer.page.wait_for_url(need_url)
    fits(producer, f"need-producer-{lang}-{width}", lang, size, wide)
    producer.page.fill("#respond-text", "Our emergency registry covers it since 2015.")
    producer.page.get_by_role("button", name=words["send"]).click()
    producer.page.wait_for_url(need_url + "#responses")
    assert "Our emergency registry covers it since 2015." in producer.page.inner_text("main")

    startup.go(need_url.removeprefix(server.url))
    assert "Our emergency registry covers it since 2015." in page.inner_text("main")
    page.select_option("#satisfy-response", index=1)
    page.get_by_role("button", name=words["satisfy"]).click()
    page.wait_for_url(need_url)
    assert words["satisfied"] in page.inner_text("main")
    fits(startup, f"need-satisfied-{lang}-{width}", lang, size, wide)
    for person in (startup, producer):
        person.context.close()
    assert wide == {}, wide
    assert {where: found for where, found in findings.items() if found} == {}
