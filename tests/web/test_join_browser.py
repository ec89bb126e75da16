"""Producers on board, in Chromium: the contact of a producer nobody represents follows the link of its e-mail,
opens an account and claims the organisation, in French and English at 1280 and 390 px; a platform admin then
confirms the claims from their space on a phone. Each page fits the screen and axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.web.browser import seed, start_server
from tests.web.test_browser import Person, browser  # noqa: F401 - the module's browser fixture

SECRET = "a long and unusual secret"
CASES = [("fr", 390), ("en", 1280), ("en", 390), ("fr", 1280)]
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
WORDS = {"fr": {"claim": "Revendiquer l’organisation", "done": "est enregistrée : un administrateur"},
         "en": {"claim": "Claim the organisation", "done": "is recorded: a platform admin will confirm it"}}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The corpus loaded (no producer has a member), a platform admin, and a claim link for four producers."""
    from sqlalchemy import select

    from catalogue.accounts import service as accounts
    from catalogue.bootstrap import bootstrap
    from catalogue.notifications.models import Notification
    from catalogue.organisations import onboarding
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from catalogue.settings import Settings

    data_dir = tmp_path_factory.mktemp("join-e2e")
    seed(data_dir)
    container = bootstrap(Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600))
    try:
        with container.uow() as uow:
            accounts.create_user(uow, email="root@example.org", name="Root Admin", password=PASSWORD,
                                 is_platform_admin=True, verified=True)
            absent = onboarding.unstaffed(uow, [o.id for o, _ in organisations.list_all(uow)])
            # The corpus gives every description the same placeholder contact address: the first claim opens
            # its account, the next ones are made by the same person signed in.
            chosen = [o for o in absent if onboarding.contacts(uow, o)][:len(CASES)]
            for org in chosen:
                onboarding.invite_to_claim(uow, SYSTEM, org)
            uow.commit()
        with container.sessions() as session:
            rows = session.scalars(select(Notification).where(Notification.event == "claim_invitation")
                                   .order_by(Notification.id)).all()
            links = {}
            for row in rows:  # one link per producer (its first contact address)
                links.setdefault(row.topic, row.link)
    finally:
        container.close()
    server = start_server(data_dir)
    yield next(server), list(links.values())
    next(server, None)


@pytest.mark.parametrize(("lang", "width"), CASES)
def test_a_contact_claims_its_organisation(browser, world, lang, width):  # noqa: F811
    server, links = world
    link = links[CASES.index((lang, width))]
    person = Person(browser, server, LOCALES[lang], {})
    page = person.page
    page.set_viewport_size({"width": width, "height": 900})
    person.go(link)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    person.check(f"join-{lang}-{width}")
    if page.locator("#name").count():  # the address has no account yet: open it here
        page.fill("#name", "Dr Data")
        page.fill("#password", SECRET)
    else:  # its account exists: sign in, and come back to the link
        with page.expect_navigation():
            page.click('main a[href^="/signin?next=/join/"]')
        page.fill('input[name="email"]', "contact@example.org")
        page.fill('input[name="password"]', SECRET)
        with page.expect_navigation():
            page.click('main button[type="submit"]')
        assert "/join/" in page.url
    with page.expect_navigation():
        page.click(f'button:has-text("{WORDS[lang]["claim"]}")')
    assert page.url.endswith("/me") and WORDS[lang]["done"] in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    person.check(f"join-done-{lang}-{width}")
    assert all(found == [] for found in person.findings.values()), person.findings
    person.context.close()


def test_a_platform_admin_confirms_the_claims_on_a_phone(browser, world):  # noqa: F811
    server, _ = world
    admin = Person(browser, server, "fr-FR", {})
    page = admin.page
    page.set_viewport_size({"width": 390, "height": 900})
    admin.sign_in("root")
    admin.go("/me")
    claims = page.locator('form[action$="/confirm"]')
    count = claims.count()
    assert count >= 1 and "Revendications à confirmer" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    admin.check("claims-390")
    with page.expect_navigation():
        claims.first.locator("button").click()
    assert "Revendication confirmée" in page.inner_text("body")
    assert page.locator('form[action$="/confirm"]').count() == count - 1
    assert all(found == [] for found in admin.findings.values()), admin.findings
    admin.context.close()
