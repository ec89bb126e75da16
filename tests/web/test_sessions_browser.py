"""Showcase sessions in Chromium: a producer schedules a session through the form (linked from its
workspace), a startup finds it in the agenda, registers and asks a question in advance, and the producer
reads it among the questions grouped by description and answers it into an enquiry; in French and English,
at 1280 and 390 px, with axe-core and the sideways-scroll check at every page."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

from tests.web import test_basket_browser as basket_walk  # its `fits` (a module: its tests are not collected here)
from tests.web.browser import seed, start_server
from tests.web.test_browser import Person, browser  # noqa: F401 - the module's browser fixture
from tests.web.test_phone_width import LOCALES

WIDTHS = basket_walk.WIDTHS
WORDS = {"fr": {"schedule_link": "Séances de présentation", "schedule": "Programmer la séance",
                "register": "S’inscrire", "registered": "Vous êtes inscrit·e", "ask": "Envoyer la question",
                "answer": "Envoyer la réponse", "answered": "fil d’échange", "clock": "14:00 (Europe/Paris)"},
         "en": {"schedule_link": "Showcase sessions", "schedule": "Schedule the session", "register": "Register",
                "registered": "You are registered", "ask": "Send the question", "answer": "Send the answer",
                "answered": "enquiry thread", "clock": "2:00\u202fPM (Europe/Paris)"}}
STAGE: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The seeded catalogue of test_browser, with the producer an editor of the producer of a published
    description and the startup's address verified (registering needs it)."""
    data_dir = tmp_path_factory.mktemp("sessions-e2e")
    seed(data_dir)
    _stage(data_dir)
    yield from start_server(data_dir)


def _stage(data_dir) -> None:
    from catalogue.accounts import repository as accounts
    from catalogue.bootstrap import bootstrap
    from catalogue.datasets import repository as datasets
    from catalogue.db import utcnow
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from catalogue.settings import Settings

    container = bootstrap(Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600))
    try:
        with container.uow() as uow:
            dataset = datasets.iter_all(uow.session, statuses=("published",))[0]
            organisations.add_member(uow, SYSTEM, dataset.organisation_id, "producer@example.org", "editor")
            startup = accounts.user_by_email(uow.session, "startup@example.org")
            startup.email_verified_at = utcnow()
            uow.commit()
            STAGE.update(organisation=dataset.organisation_id, dataset=dataset.id)
    finally:
        container.close()


def schedule(producer: Person, title: str, days: int, where: str, lang: str, size: int, wide: dict) -> str:
    page, words = producer.page, WORDS[lang]
    producer.go("/workspace")
    page.click(f'a[href="/workspace/sessions"]:has-text("{words["schedule_link"]}")')
    page.wait_for_url("**/workspace/sessions")
    basket_walk.fits(producer, f"sessions-workspace-{where}", lang, size, wide)
    page.click(f'a[href="/workspace/sessions/new?organisation={STAGE["organisation"]}"]')
    basket_walk.fits(producer, f"session-form-{where}", lang, size, wide)
    day = (dt.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")) + dt.timedelta(days=days)).date()
    page.fill("#title", title)
    page.fill("#starts_at", f"{day.isoformat()}T14:00")
    page.fill("#time_zone", "Europe/Paris")
    page.fill("#duration_minutes", "90")
    page.check('input[name="format"][value="online"]')
    page.fill("#online_url", "https://visio.example.org/demo")
    page.fill("#agenda", "Typologie, volumes, conditions d'accès")
    page.check(f'input[name="dataset_ids"][value="{STAGE["dataset"]}"]')
    page.fill("#capacity", "5")
    page.click(f'button:has-text("{words["schedule"]}")')
    page.wait_for_url(re.compile(r".*/workspace/sessions/\d+$"))
    assert page.locator(".flash.success").count() == 1
    basket_walk.fits(producer, f"session-manage-{where}", lang, size, wide)
    return page.url.rsplit("/", 1)[-1]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_schedule_register_ask_answer(browser, server, lang, width):  # noqa: F811 - the fixture imported above
    findings: dict[str, list[str]] = {}
    wide: dict[str, list[str]] = {}
    size, words, where = WIDTHS[width]["width"], WORDS[lang], f"{lang}-{width}"
    producer = Person(browser, server, LOCALES[lang], findings)
    startup = Person(browser, server, LOCALES[lang], findings)
    for person in (producer, startup):
        person.page.set_viewport_size(WIDTHS[width])
    producer.sign_in("producer")
    title = f"Présentation {where}"
    session_id = schedule(producer, title, 10 + len(where), where, lang, size, wide)

    startup.sign_in("startup")
    startup.go("/sessions")
    basket_walk.fits(startup, f"sessions-agenda-{where}", lang, size, wide)
    startup.page.click(f'a[href="/sessions/{session_id}"]')
    assert words["clock"] in startup.page.inner_text("main")
    basket_walk.fits(startup, f"session-{where}", lang, size, wide)
    startup.page.click(f'#register button:has-text("{words["register"]}")')
    startup.page.wait_for_url(f"**/sessions/{session_id}")
    assert words["registered"] in startup.page.inner_text("main")
    startup.page.fill("#text", f"Quelle profondeur d'historique ? ({where})")
    startup.page.click(f'button:has-text("{words["ask"]}")')
    startup.page.wait_for_url(f"**/sessions/{session_id}#questions")
    basket_walk.fits(startup, f"session-registered-{where}", lang, size, wide)

    producer.go(f"/workspace/sessions/{session_id}")
    main = producer.page.inner_text("main")
    assert "Sam Startup" in main and f"({where})" in main
    producer.page.fill('textarea[name="body"]', "Dix ans d'historique.")
    producer.page.click(f'button:has-text("{words["answer"]}")')
    producer.page.wait_for_url(f"**/workspace/sessions/{session_id}*")
    assert words["answered"] in producer.page.inner_text("main")
    basket_walk.fits(producer, f"session-answered-{where}", lang, size, wide)
    for person in (producer, startup):
        person.context.close()
    assert wide == {}, f"pages wider than {size} px: {wide}"
    assert {k: v for k, v in findings.items() if v} == {}
