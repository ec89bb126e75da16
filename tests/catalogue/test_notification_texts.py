"""Notifications are written in the recipient's language from the notifications' catalogues (pinned)."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.messages import language
from catalogue.notifications.texts import NOTIFICATIONS, Written, msg, write, write_body, writer


def test_an_unknown_or_unsaid_language_reads_as_french():
    assert [language(v) for v in ("en", "fr", None, "", "de", "EN", 1)] == ["en", "fr", "fr", "fr", "fr", "fr", "fr"]
    assert writer(None).lang == "fr" and writer("en").lang == "en"


@pytest.mark.parametrize("lang,expected", [
    ("fr", "Décision sur votre demande d’accès n° 7 « Étude AVC » : approuvée sous conditions"),
    ("en", "Decision on your access request #7 “Étude AVC”: approved with conditions"),
])
def test_a_message_as_a_parameter_is_written_in_the_same_language(lang, expected):
    subject = msg("request.decided.subject.requester", id=7, title="Étude AVC",
                  verdict=msg("verdict.approve_with_conditions"))
    assert write(writer(lang), subject) == expected


@pytest.mark.parametrize("lang,days,expected", [
    ("fr", 1, "depuis plus de 1 jour : "), ("fr", 7, "depuis plus de 7 jours : "),
    ("fr", 1000, "depuis plus de 1\u202f000 jours : "), ("en", 1, "for more than 1 day: "),
    ("en", 1000, "for more than 1,000 days: "),
])
def test_a_count_picks_its_plural_form_and_is_written_as_a_number_of_the_locale(lang, days, expected):
    body = write(writer(lang), msg("request.reminder.body", id=3, title="T", status=msg("request_status.submitted"),
                                   n=days, what=msg("reminder.what.submitted")))
    assert expected in body


def test_days_titles_and_written_parameters_follow_the_recipient():
    date = msg("request.access_until", date=dt.date(2027, 3, 1))
    assert [write(writer(lang), date) for lang in ("fr", "en")] == [
        "L’accès prend fin le 1er mars 2027.", "Access ends on 1 March 2027."]
    title = {"fr": "Registre des AVC", "en": "Stroke registry"}
    one = msg("saved_search.one.subject", name="AVC", title=title)
    assert write(writer("en"), one) == "New description for your saved search “AVC”: Stroke registry"
    only_french = msg("saved_search.one.subject", name="AVC", title={"fr": "Registre des AVC"})
    assert write(writer("en"), only_french).endswith(": Registre des AVC")  # the language it has
    lines = Written(lambda w: w.lang.upper())
    assert write(writer("en"), msg("saved_search.body", name="x", lines=lines)).endswith(":\nEN")


def test_typed_text_is_kept_as_typed_and_paragraphs_are_joined():
    typed = "Précisez {la durée} %s\n— merci"
    body = write_body(writer("fr"), [msg("request.changes_requested.body", id=1, title="{id}"), typed,
                                     msg("request.reason", reason="{x}")])
    assert body == ("L’équipe de gouvernance demande des modifications avant de poursuivre l’examen de la demande "
                    "d’accès n° 1 « {id} » :\n\nPrécisez {la durée} %s\n— merci\n\nMotif : {x}")
    assert write_body(writer("en"), "Only me") == "Only me"


def test_every_key_has_both_languages_and_no_language_falls_back_silently():
    fr, en = NOTIFICATIONS.texts("fr"), NOTIFICATIONS.texts("en")
    assert set(fr) == set(en) and len(fr) >= 60
    assert write(writer("en"), msg("no.such.key")) == "no.such.key"  # a key no catalogue has shows as itself
