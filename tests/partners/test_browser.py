"""Collaboration matching in Chromium at a phone's width (390 px), in French and English: a startup says
what it offers on /me and sees the producers looking for it, each explained in one line, with a way to
start an enquiry; a member of a producer seeking it finds the startup on the description's page and
writes first. No sideways scroll; axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from tests.web.browser import seed, start_server
from tests.web.test_browser import Person, browser  # noqa: F401 (fixture)

PHONE = {"width": 390, "height": 844}
WORDS = {"fr": ("Des producteurs cherchent des partenaires comme vous",
                "Recherche validation d'algorithmes, ce que vous proposez",
                "Utilisateurs de données qui pourraient travailler avec ce jeu de données",
                "Propose validation d'algorithmes, ce que ce jeu de données recherche"),
         "en": ("Producers looking for partners like you", "Seeks algorithm validation, which you offer",
                "Data users who could work with this dataset",
                "Offers algorithm validation, which this dataset seeks")}


@pytest.fixture(scope="module")
def partnering(tmp_path_factory):
    """The browser tests' catalogue, where the producer's member also belongs to the producer of the first
    published description seeking algorithm validation: (server, that description's id)."""
    from catalogue.bootstrap import bootstrap
    from catalogue.organisations import service as organisations
    from catalogue.partners import repository
    from catalogue.partners import service as partners
    from catalogue.principal import SYSTEM
    from catalogue.settings import Settings

    data_dir = tmp_path_factory.mktemp("partners-e2e")
    seed(data_dir)
    container = bootstrap(Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600))
    try:
        with container.uow() as uow:
            dataset = next(d for d in repository.published(uow.session)
                           if "algorithm_validation" in partners.seeking(d.record))
            organisations.add_member(uow, SYSTEM, dataset.organisation_id, "producer@example.org", "editor")
            uow.commit()
            dataset_id = dataset.id
    finally:
        container.close()
    for server in start_server(data_dir):
        yield server, dataset_id


def fits(person: Person) -> None:
    assert person.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], person.page.url


def test_a_startup_offers_and_a_producer_writes_to_it_on_a_phone(browser, partnering):  # noqa: F811
    server, dataset_id = partnering
    findings: dict = {}
    for lang, locale in (("fr", "fr-FR"), ("en", "en-GB")):
        title, line, producer_title, producer_line = WORDS[lang]
        startup = Person(browser, server, locale, findings)
        startup.page.set_viewport_size(PHONE)
        startup.sign_in("startup")
        page = startup.page
        if lang == "fr":  # the offer is saved once; the English visit reads it back
            page.check('form[action="/me/offer"] input[name="offers"][value="algorithm_validation"]')
            page.check('form[action="/me/offer"] input[name="visible_to_producers"]')
            page.click('form[action="/me/offer"] button[type="submit"]')
            page.wait_for_url("**/me#offer")
        assert page.locator("#me-partner-suggestions").inner_text() == title
        lines = page.locator("#partner-suggestions p.why").all_inner_texts()
        assert len(lines) == 8 and all(text.startswith(line) for text in lines), lines
        fits(startup)
        startup.check(f"partners-me-{lang}")
        page.locator("#partner-suggestions a.button").first.click()
        page.wait_for_url("**/datasets/*/ask")
        fits(startup)
        startup.context.close()

        producer = Person(browser, server, locale, findings)
        producer.page.set_viewport_size(PHONE)
        producer.sign_in("producer")
        page = producer.page
        producer.go(f"/datasets/{dataset_id}")
        assert page.locator("#h-partners").inner_text() == producer_title
        assert page.locator("#partners p.why").all_inner_texts() == [producer_line]
        fits(producer)
        producer.check(f"partners-dataset-{lang}")
        page.locator("#partners a.button").click()
        page.fill("#subject", f"Validation ({lang})")
        page.fill("#message", "Would you validate your model on our data?")
        fits(producer)
        producer.check(f"partners-enquiry-{lang}")
        page.click('main form button[type="submit"]')
        page.wait_for_url("**/me/enquiries/*")
        assert "Would you validate your model on our data?" in page.content()
        producer.context.close()
    assert not any(findings.values()), findings
