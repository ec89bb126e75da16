"""scripts/i18n_check.py: every message the pages use is in both catalogues, worded, with the same placeholders."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from api.web import i18n

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def edited(monkeypatch):
    """Copies of the catalogues that a test changes, read by the check instead of the files."""
    catalogs = {lang: copy.deepcopy(i18n.po(lang)) for lang in i18n.LANGUAGES}
    monkeypatch.setattr(i18n, "po", catalogs.__getitem__)
    return catalogs


def test_the_catalogues_pass_the_check(check):
    assert list(check.problems()) == []


def test_the_extractors_find_the_keys_of_templates_code_and_vocabularies(check):
    used = check.used_keys()
    assert used["search.count"].startswith("templates/search.html:")  # t("search.count", n=...) in a template
    assert used["refusal.megabytes"].startswith("refusals.py:")  # t(...) in the Python of the pages
    assert used["requester_type.startup"] == "vocabulary requester_type"
    assert "error." not in used and all(key.count(".") >= 1 for key in used)  # no dynamic key taken as literal


def test_a_missing_message_is_found(check, edited):
    del edited["en"]["search.count"]
    del edited["fr"]["purpose.research"]
    assert sorted(check.problems()) == sorted([
        "'search.count' is only in the French catalogue",
        f"en: 'search.count' used at {check.used_keys()['search.count']} is missing",
        "'purpose.research' is only in the English catalogue",
        "fr: 'purpose.research' used at vocabulary purpose is missing",
    ])


def test_different_placeholders_and_empty_texts_are_found(check, edited):
    edited["fr"]["refusal.megabytes"].string = "{m} Mo"
    edited["en"]["nav.search"].string = " "
    edited["fr"]["search.count"].string = ("{n} résultat", "", "{n} résultats")
    found = sorted(check.problems())
    assert "'refusal.megabytes': placeholders differ: fr ['m'], en ['n']" in found
    assert "en: 'nav.search' has an empty text" in found and "fr: 'search.count' has an empty text" in found
    assert len(found) == 3


def test_a_count_in_one_language_only_is_found(check, edited):
    edited["en"].delete("search.count")
    edited["en"].add("search.count", "{n} result(s)")
    assert list(check.problems()) == ["'search.count' is a count (plural forms) in one catalogue only"]


def test_the_command_exits_with_the_problems(check, edited, capsys):
    assert check.main([]) == 0
    edited["en"].delete("nav.search")
    assert check.main([]) == 1
    assert "'nav.search' is only in the French catalogue" in capsys.readouterr().out


@pytest.fixture
def edited_notifications(monkeypatch):
    """Copies of the notifications' catalogues that a test changes."""
    from catalogue.notifications.texts import NOTIFICATIONS

    catalogs = {lang: copy.deepcopy(NOTIFICATIONS.po(lang)) for lang in i18n.LANGUAGES}
    monkeypatch.setattr(NOTIFICATIONS, "po", catalogs.__getitem__)
    return catalogs


def test_the_notifications_catalogues_are_checked_too(check, edited_notifications):
    used = check.notification_keys()
    assert used["request.decided.body"].startswith("catalogue/access_requests/notices.py:")  # msg("…") in the domain
    assert used["verdict.approve_with_conditions"] == "vocabulary verdict"  # msg(f"verdict.{action}")
    assert used["request_status.under_review"] == "vocabulary request_status"
    del edited_notifications["fr"]["verify.subject"]
    edited_notifications["en"]["invitation.body"].string = "You are invited to join {org}."
    edited_notifications["en"].add("unused.key", "Nobody asks for me")
    edited_notifications["fr"].add("unused.key", "Personne ne me demande")
    assert sorted(check.problems()) == sorted([
        "notifications: 'verify.subject' is only in the English catalogue",
        f"notifications: fr: 'verify.subject' used at {used['verify.subject']} is missing",
        "notifications: 'invitation.body': placeholders differ: fr ['organisation', 'role'], en ['org']",
        "notifications: 'unused.key' is used nowhere",
    ])
