"""End to end in Debian's Chromium: a producer publishes through the forms, a startup finds the
description through facets and requests access, the producer gives an opinion, governance staff
approve, the public register shows it. axe-core checks the main pages on the way.

`CATALOGUE_SCREENSHOTS=docs/screenshots` also saves screenshots of the main pages (README).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.web.browser import AXE, CHROMIUM, FLAGS, axe_violations, playwright_module, require, seed, start_server

SHOTS = os.environ.get("CATALOGUE_SCREENSHOTS")
TITLE_EN = "CHU Demo sepsis registry"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("web-e2e")
    seed(data_dir)
    yield from start_server(data_dir)


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    require(AXE.exists(), f"axe-core ({AXE})")
    sync_api = playwright_module()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Person:
    """One person in their own browser context (cookies, language), with an axe report collector."""

    def __init__(self, browser, server, locale: str, findings: dict, javascript: bool = True) -> None:
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900},
                                           bypass_csp=True, java_script_enabled=javascript)  # CSP: to inject axe
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.server, self.findings, self.context_locale, self.javascript = server, findings, locale, javascript
        self.page.set_default_timeout(15000)

    def go(self, path: str) -> None:
        self.page.goto(self.server.url + path)

    def check(self, name: str) -> None:
        """axe-core on the current page; with CATALOGUE_SCREENSHOTS, a screenshot of it too."""
        self.findings[f"{name} ({self.page.url})"] = axe_violations(self.page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)

    def sign_in(self, who: str) -> None:
        self.go("/signin")
        self.page.fill('input[name="email"]', f"{who}@example.org")
        self.page.fill('input[name="password"]', PASSWORD)
        self.page.click('form[action="/signin"] button[type="submit"]')
        self.page.wait_for_url("**/me")


# The form's buttons and words, in each language (the steps journey runs in both).
FORM_WORDS = {
    "fr": {"next": "Étape suivante", "save": "Enregistrer le brouillon", "publish": "Enregistrer et publier",
           "published": "publiée", "needs": "Pour publier, il manque encore", "step": "Étape {n} sur 8"},
    "en": {"next": "Next step", "save": "Save draft", "publish": "Save and publish", "published": "published",
           "needs": "Publishing still needs", "step": "Step {n} of 8"},
}


def on_each_step(person: Person, name: str) -> None:
    """At every step: the page is in the person's language, fits the screen, and axe-core checks it."""
    page = person.page
    lang = page.evaluate("document.documentElement.lang")
    assert person.context_locale.startswith(lang), (name, lang)
    width = page.viewport_size["width"] if page.viewport_size else 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    if person.javascript:  # axe-core is a script
        person.check(name)


def publish_through_the_form(producer: Person, dataset_id: str = "registre-sepsis-demo", lang: str = "fr",
                             title_en: str = TITLE_EN) -> None:
    """The producer's journey through the form in steps: a refusal first (a draft needs an id and a
    title), then one section per step, a draft saved half-way, a return through the overview's list of
    what publishing still needs, and publication from the last step."""
    page, words = producer.page, FORM_WORDS[lang]
    width = page.viewport_size["width"] if page.viewport_size else 1280
    tag = lang if width == 1280 else f"{lang}-{width}"  # the README's screenshots: form-errors-fr, workspace-fr

    def press(button: str) -> None:
        page.click(f'.actions button:has-text("{words[button]}")')

    def next_step(number: int) -> None:
        with page.expect_navigation():
            press("next")
        assert words["step"].format(n=number) in page.locator(".step-now").inner_text()

    producer.go("/workspace")
    page.click('a[href="/workspace/new?organisation=chu-demo"]')
    with page.expect_navigation():
        press("next")  # empty: refused, on the same step
    assert page.locator(".error-summary").is_visible() and "/workspace/new" in page.url
    assert page.locator("#f-id-error").is_visible() and page.locator("#f-title-error").is_visible()
    on_each_step(producer, f"form-errors-{tag}")
    page.get_by_label(re.compile(r"^(Identifiant|Identifier) \(")).fill(dataset_id)  # labelled inputs
    page.fill('[name="title.fr"]', "Registre des sepsis du CHU de Démo")
    page.fill('[name="title.en"]', title_en)
    page.fill('[name="summary.fr"]', "Patients hospitalisés pour sepsis depuis 2015, avec biologie et devenir.")
    page.fill('[name="summary.en"]', "Patients admitted for sepsis since 2015, with lab results and outcomes.")
    page.fill('[name="description.fr"]', "Registre exhaustif des sepsis pris en charge au CHU de Démo.")
    page.fill('[name="keywords.fr"]', "sepsis, réanimation")
    page.fill('[name="contact.name"]', "Entrepôt de données du CHU")
    page.fill('[name="contact.email"]', "edsh@chu-demo.example")
    on_each_step(producer, f"form-identity-{tag}")
    next_step(2)
    page.check('input[name="typology.data_types"][value="registry"]')
    page.check('input[name="typology.data_types"][value="clinical_data_warehouse"]')
    page.check('input[name="typology.health_categories"][value="EHRS"]')
    page.check('input[name="typology.structured"][value="true"]')
    on_each_step(producer, f"form-typology-{tag}")
    next_step(3)
    page.fill('[name="population.geography"]', "FR-IDF")
    page.fill('[name="temporal_coverage.start"]', "2015-01-01")
    next_step(4)
    page.fill('[name="volume.individuals"]', "12000")
    next_step(5)
    page.check('input[name="access.rights"][value="NON_PUBLIC"]')
    page.check('input[name="access.modalities"][value="secure_environment"]')
    for audience in ("academic", "public_agency", "hospital", "startup", "industry"):
        page.select_option(f'select[name="access.audiences.{audience}"]', "yes")
    page.fill('[name="access.procedure.fr"]', "Déposer une demande sur MeetMyData.\nAvis du producteur puis décision.")
    page.fill('[name="access.legal_bases"]', "consent")
    on_each_step(producer, f"form-access-{tag}")
    with page.expect_navigation():
        press("save")  # half-way: a draft, kept as it is
    assert page.url.endswith(f"/workspace/datasets/{dataset_id}/edit?step=access")

    producer.go(f"/workspace/datasets/{dataset_id}")  # later: back through the overview
    assert page.locator("meter").count() == 1 and words["needs"] in page.locator("main").inner_text()
    on_each_step(producer, f"workspace-{tag}")
    page.click(f'.needs-list a[href="/workspace/datasets/{dataset_id}/edit?step=hdh#f-health_data_hub-relationship"]')
    assert words["step"].format(n=6) in page.locator(".step-now").inner_text()
    page.select_option('select[name="health_data_hub.relationship"]', "independent")
    page.check('input[name="health_data_hub.snds_linkable"][value="false"]')
    page.check('input[name="health_data_hub.on_hdh_platform"][value="false"]')
    next_step(7)
    next_step(8)
    on_each_step(producer, f"form-more-{tag}")
    with page.expect_navigation():
        press("publish")
    assert page.url.endswith(f"/workspace/datasets/{dataset_id}"), page.locator("main").inner_text()[:1500]
    assert words["published"] in page.locator("p .state").inner_text()


def find_and_request(startup: Person) -> str:
    page = startup.page
    startup.go("/")
    startup.check("home-en")
    page.fill("#home-q", "sepsis")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=sepsis")
    page.click('.quick a:has-text("Open to startups")')
    page.wait_for_url("**filter=access.audiences.startup*")
    page.click('.facets a:has-text("CHU de Démo")')
    page.wait_for_url("**producer.id*")
    assert page.locator(".results .card").count() == 1
    startup.check("search-en")
    page.click(f'.card a:has-text("{TITLE_EN}")')
    page.wait_for_url("**/datasets/registre-sepsis-demo")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    startup.check("dataset-en")
    page.click('a:has-text("Request access")')
    page.wait_for_url("**/signin?next=*")  # not signed in yet: sign in, then back to the form
    page.fill('input[name="email"]', "startup@example.org")
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action="/signin"] button[type="submit"]')
    page.wait_for_url("**/requests/new?dataset=registre-sepsis-demo")
    page.get_by_label("Project title").fill("Early sepsis detection")
    page.get_by_label("Project summary").fill("We train an early-warning model on hospital stays.")
    page.get_by_label("Purpose").select_option("research")
    page.get_by_label("Requesting organisation").fill("Sepsia SAS")
    page.get_by_label("Type of organisation").select_option("startup")
    page.get_by_label("Variables or subsets needed").fill("Lab results, ages, outcomes")
    page.get_by_label("Legal route").select_option("consent")
    page.get_by_label("Team").fill("Sam Startup | startup@example.org | lead")
    page.set_input_files("#r-file", files=[{"name": "protocol.txt", "mimeType": "text/plain",
                                            "buffer": b"Our study protocol."}])
    startup.check("request-form-en")
    page.click('button:has-text("Save the draft")')
    page.wait_for_url("**/requests/*")
    url = page.url
    with page.expect_navigation():
        page.click('button:has-text("Submit the request")')
    assert page.url == url, page.locator("main").inner_text()[:2000]
    assert page.locator(".state").first.inner_text() == "Submitted"
    startup.check("request-en")
    return url.rsplit("/", 1)[1]


def test_publish_find_request_opinion_approve_register(browser, server):
    findings: dict[str, list[str]] = {}
    producer = Person(browser, server, "fr-FR", findings)
    producer.sign_in("producer")
    publish_through_the_form(producer)

    startup = Person(browser, server, "en-GB", findings)
    request_id = find_and_request(startup)

    producer.go("/workspace")
    producer.page.click(f'a[href="/requests/{request_id}"]')
    producer.page.check('input[name="opinion"][value="favourable"]')
    producer.page.get_by_label("Motif écrit").fill("Projet conforme à nos conditions.")
    with producer.page.expect_navigation():
        producer.page.click('button:has-text("Donner mon avis")')
    assert f"/requests/{request_id}#opinions" in producer.page.url, producer.page.locator("main").inner_text()[:1500]
    assert "Favorable" in producer.page.locator("#opinions").locator("..").inner_text()

    governance = Person(browser, server, "fr-FR", findings)
    governance.sign_in("governance")
    governance.go("/governance")
    governance.check("governance-queue-fr")
    governance.page.click(f'a[href="/governance/requests/{request_id}"]')
    governance.page.click('button:has-text("Commencer l\'instruction")')
    governance.page.wait_for_url(f"**/governance/requests/{request_id}")
    governance.check("review-fr")
    approve = governance.page.locator(f'form[action="/requests/{request_id}/act/approve"]')
    approve.get_by_role("textbox", name=re.compile(r"^Motif écrit")).fill("Avis favorable, projet d'intérêt public.")
    approve.locator("button").click()
    governance.page.wait_for_url(f"**/governance/requests/{request_id}")
    assert "Approuvée" in governance.page.locator(".state").first.inner_text()

    public = Person(browser, server, "en-GB", findings)
    public.go("/register")
    row = public.page.locator("tr", has_text="Early sepsis detection")
    assert row.count() == 1 and "Sepsia SAS" in row.inner_text() and TITLE_EN in row.inner_text()
    public.check("register-en")
    public.go("/producers")
    public.check("producers-en")
    public.go("/")
    public.page.click('a[lang="fr"]')
    public.page.wait_for_url(server.url + "/")
    assert public.page.locator("html").get_attribute("lang") == "fr"
    public.check("home-fr")

    serious = {page: found for page, found in findings.items() if found}
    assert serious == {}, "axe-core found serious or critical WCAG 2.1 AA violations"
    for person in (producer, startup, governance, public):
        person.context.close()


def test_keyboard_and_pages_without_javascript(browser, server):
    person = Person(browser, server, "en-GB", {}, javascript=False)
    page = person.page
    person.go("/search")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"  # the first Tab stop skips to the content
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.fill("#q", "cancer")
    page.select_option("#sort", "volume")
    page.click('.sortbar button:has-text("Apply")')  # without JavaScript the Apply button is there
    page.wait_for_url("**sort=volume*")
    page.click('.facets section.facet a >> nth=0')
    assert "filter=" in page.url and page.locator(".chips a").count() >= 1
    person.context.close()


def test_refusal_pages_fit_a_phone_screen_in_french(browser, server):
    """The pages new with issue 10 (errors, verification, invitations, sign-in/up refusals) at 390 px wide."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide: dict[str, int] = {}

    def measure(name: str) -> None:
        assert page.evaluate("document.documentElement.lang") == "fr"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[name] = width

    page.goto(server.url + "/search?individuals_min=99999999999999999999999&page=999999")
    assert page.locator(".notice").is_visible()
    measure("search notice")
    page.goto(server.url + "/signup")
    page.fill("#name", "Zoé")
    page.fill("#email", "zoe@example.org")
    page.fill("#password", "1234567890")
    page.click('form[action="/signup"] button[type="submit"]')
    assert "trop facile à deviner" in page.locator(".error-summary").inner_text()
    measure("sign-up errors")
    page.goto(server.url + "/verify?token=forged")
    page.click('form[action="/verify"] button')
    assert "Ce lien est inconnu" in page.locator(".error-summary").inner_text()
    measure("dead verification link")
    for _ in range(6):  # an address with no account: the throttle still answers
        page.goto(server.url + "/signin")
        page.fill('input[name="email"]', "nobody@example.org")
        page.fill('input[name="password"]', "not the password")
        page.click('form[action="/signin"] button[type="submit"]')
    assert "Réessayez dans" in page.locator(".error-summary").inner_text()
    measure("sign-in throttled")
    page.goto(server.url + "/no-such-page")
    measure("404 page")
    page.goto(server.url + "/signin")
    page.fill('input[name="email"]', "startup@example.org")
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action="/signin"] button[type="submit"]')
    page.wait_for_url("**/me")
    measure("my space")
    page.goto(server.url + "/me/team-invitations")
    measure("team invitations")
    page.goto(server.url + "/requests/99999999999999999999")
    assert "Données invalides" in page.locator("main").inner_text()
    measure("forged id")
    assert wide == {}, "pages wider than a 390 px screen"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_completion_and_did_you_mean_in_both_languages_at_390_px(browser, server, javascript):
    """Titles complete the words typed (the list follows the typing with JavaScript; the page lists them
    without), and a typo is offered its correction, in French and English, on a phone's width."""
    for locale, offer in (("fr-FR", "Vouliez-vous dire"), ("en-GB", "Did you mean")):
        context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844},
                                      java_script_enabled=javascript)
        page = context.new_page()
        page.goto(server.url + "/search")
        if javascript:
            page.fill("#q", "sommeil conn")
            page.locator("#q-suggestions option").first.wait_for(state="attached")
            options = page.eval_on_selector_all("#q-suggestions option", "els => els.map(e => e.value)")
            assert any("Withings" in o for o in options), options
        page.goto(server.url + "/search?q=withi")  # half a word finds nothing: the completing titles, linked
        assert page.locator(".suggestions a").first.inner_text().startswith("Withings")
        assert page.locator("#q-suggestions option").count() >= 1
        # A typo of a word the records hold (not a vocabulary word, which the search reads right away):
        # the typo fallback finds the one title with it, the corrected word every description.
        page.fill("#q", "algroithmes")
        page.press("#q", "Enter")
        page.wait_for_url("**q=algroithmes*")
        link = page.locator(".did-you-mean a")
        assert offer in page.locator(".did-you-mean").inner_text() and link.inner_text() == "algorithmes"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        link.click()
        page.wait_for_url("**q=algorithmes*")
        assert page.locator(".did-you-mean").count() == 0 and page.locator(".results article, .results li").count() >= 1
        context.close()


def test_saved_searches_fit_a_phone_screen(browser, server):
    """The saved searches list stacks its rows at 390 px (it was 487 px wide)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "/signin")
    page.fill('input[name="email"]', "startup@example.org")
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action="/signin"] button[type="submit"]')
    page.goto(server.url + "/search?q=imagerie%20en%20Bretagne")
    page.click("details.save-search summary")
    page.click('details.save-search button[type="submit"]')
    page.wait_for_url("**/me/saved-searches")
    assert page.locator("table.stacked tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
