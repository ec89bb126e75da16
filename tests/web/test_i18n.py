"""The message catalogues: same keys in French and English, every key the pages use exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.web import i18n
from schemas import access_vocabularies as av
from schemas import vocabularies as v

TEMPLATES = Path(i18n.__file__).parent / "templates"
PY = Path(i18n.__file__).parent
_KEY = re.compile(r"""\bt\(\s*["']([a-z_][\w.]*)["']\s*[,)]""")


def test_french_and_english_have_the_same_keys():
    fr, en = i18n.catalogue("fr"), i18n.catalogue("en")
    assert sorted(set(fr) ^ set(en)) == []
    assert [k for k, text in {**fr, **en}.items() if not text.strip()] == []


def test_every_literal_key_used_by_a_page_exists():
    used = set()
    for path in [*TEMPLATES.glob("*.html"), *(p for p in PY.glob("*.py") if p.name != "i18n.py")]:
        used |= set(_KEY.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in i18n.catalogue("en"))
    assert missing == []


@pytest.mark.parametrize(("vocabulary", "codes"), [
    ("data_type", v.DataType), ("producer_type", v.ProducerType), ("health_category", v.HealthCategory),
    ("care_setting", v.CareSetting), ("frequency", v.Frequency), ("access_rights", v.AccessRights),
    ("modality", v.AccessModality), ("audience", v.Audience), ("audience_answer", v.AudienceAnswer),
    ("cost", v.CostModel), ("hdh", v.HdhRelationship), ("seeking", v.CollaborationNeed),
    ("document_kind", v.DocumentKind), ("status", v.DatasetStatus),
    ("request_status", av.RequestStatus), ("purpose", av.Purpose), ("requester_type", av.RequesterType),
    ("attachment_kind", av.AttachmentKind), ("milestone_kind", av.MilestoneKind), ("opinion", av.OpinionValue),
    ("action", av.RequestAction),
])
def test_every_code_of_a_vocabulary_has_a_label_in_both_languages(vocabulary, codes):
    for lang in i18n.LANGUAGES:
        messages = i18n.catalogue(lang)
        assert [c for c in codes.__args__ if f"{vocabulary}.{c}" not in messages] == [], lang


@pytest.mark.parametrize(("header", "expected"), [
    (None, "fr"), ("", "fr"), ("en", "en"), ("en-GB,en;q=0.9", "en"), ("de-DE,de;q=0.9,en;q=0.5", "en"),
    ("en;q=0.4,fr;q=0.8", "fr"), ("es", "fr"), ("en;q=0", "fr"), ("fr-CA;q=abc,en", "en"),
])
def test_language_from_accept_language(header, expected):
    assert i18n.negotiate(header) == expected


def test_every_completeness_reason_is_translated():
    from catalogue.datasets.completeness import RECOMMENDED

    for lang in i18n.LANGUAGES:
        assert [f for f in RECOMMENDED if f"why.{f}" not in i18n.catalogue(lang)] == [], lang


def test_dates_are_written_in_words_in_the_page_language():
    import datetime as dt

    from api.web.i18n import Translator

    fr, en = Translator("fr"), Translator("en")
    assert fr.date("2017-01-01") == "1er janvier 2017" and fr.date(dt.date(2017, 3, 2)) == "2 mars 2017"
    assert en.date("2017-01-01") == "1 January 2017"
    assert fr.date(dt.datetime(2020, 1, 1, 12, 30)) == "1er janvier 2020"
    assert fr.date(None) == "—" and fr.date("not a date") == "not a date"


def test_a_coverage_without_end_reads_as_a_sentence(client, actors, record):
    from tests.web.helpers import publish

    record["temporal_coverage"] = {"start": "2017-01-01", "end": None}
    publish(client, actors["editor"], record)
    fr = client.get("/datasets/registre-test", headers={"Accept-Language": "fr"}).text
    en = client.get("/datasets/registre-test", headers={"Accept-Language": "en"}).text
    assert "depuis le 1er janvier 2017 (en cours)" in fr and "au en cours" not in fr
    assert "since 1 January 2017 (ongoing)" in en


def test_a_text_in_another_language_only_says_its_language():
    from api.web.i18n import Translator

    en = Translator("en")
    assert en.language_of({"fr": "Registre", "en": ""}) == "fr"
    assert en.language_of({"fr": "Registre", "en": "Registry"}) is None
    assert en.language_of({"de": "Register"}) == "de" and en.language_of({}) is None
    assert Translator("fr").language_of({"en": "Registry"}) == "en"
    assert en.language_of("plain text") is None


def test_titles_and_summaries_in_french_only_are_marked_on_english_pages(client, actors, record):
    from tests.web.helpers import publish

    record["title"] = {"fr": "Registre zorglub"}
    record["summary"] = {"fr": "Un résumé en français seulement."}
    record["description"] = {"fr": "Une description en français seulement."}
    publish(client, actors["editor"], record)
    en = {"Accept-Language": "en"}
    page = client.get("/datasets/registre-test", headers=en).text
    assert '<h1 lang="fr">Registre zorglub</h1>' in page and '<p class="lead" lang="fr">' in page
    assert '<div lang="fr">' in page
    results = client.get("/search?q=zorglub", headers=en).text
    assert 'lang="fr">Registre zorglub</a>' in results
    french = client.get("/search?q=zorglub", headers={"Accept-Language": "fr"}).text
    assert 'lang="fr">Registre zorglub' not in french  # the page's own language needs no mark


def test_places_are_named_in_the_page_language():
    from api.web.i18n import Translator

    fr, en = Translator("fr"), Translator("en")
    assert fr.places(["FR", "FR-IDF", "DE"]) == "France, Île-de-France, Allemagne"
    assert en.places(["FR", "FR-IDF", "DE"]) == "France, Île-de-France, Germany"
    assert fr.place("FR-BRE") == "Bretagne" and fr.place("ZZ") == "ZZ" and fr.places(None) == ""


def test_the_dataset_page_and_the_chips_name_places(client, actors, record):
    from tests.web.helpers import publish

    record["population"] = {**record["population"], "geography": ["FR-IDF", "DE"]}
    publish(client, actors["editor"], record)
    fr = client.get("/datasets/registre-test", headers={"Accept-Language": "fr"}).text
    assert "Île-de-France, Allemagne" in fr and "FR-IDF" not in fr.split("<main")[1].split("application/ld+json")[0]
    chips = client.get("/search?q=registre&filter=population.geography:FR-IDF", headers={"Accept-Language": "fr"}).text
    assert "Île-de-France" in chips


def test_legal_bases_are_labels_in_the_page_language(client, actors, record):
    from api.web.i18n import Translator
    from tests.web.helpers import publish

    assert Translator("fr").labels("legal_basis", ["GDPR-9.2.j", "CNIL-MR-004", "other"]) == (
        "RGPD art. 9.2.j — recherche scientifique, Méthodologie de référence MR-004, other")  # unknown: as written
    assert Translator("en").labels("legal_basis", [], "—") == "—"
    record["access"] = {**record["access"], "legal_bases": ["GDPR-6.1.e", "CNIL-MR-004"]}
    publish(client, actors["editor"], record)
    fr = client.get("/datasets/registre-test", headers={"Accept-Language": "fr"}).text
    en = client.get("/datasets/registre-test", headers={"Accept-Language": "en"}).text
    assert "RGPD art. 6.1.e — mission d&#39;intérêt public, Méthodologie de référence MR-004" in fr
    assert "GDPR art. 6.1.e — task in the public interest" in en and "GDPR-6.1.e" not in en.split("<main")[1].split(
        "application/ld+json")[0]


def test_a_revision_shows_labels_not_codes(client, actors, record):
    from api.web.i18n import Translator
    from api.web.search_state import VOCABULARY
    from tests.web.helpers import publish, sign_in

    fr = Translator("fr")
    assert fr.coded("access.audiences.startup", "under_conditions", VOCABULARY) == "Sous conditions"
    assert fr.coded("typology.data_types", ["claims", "registry"], VOCABULARY) == "Données de remboursement, Registre"
    assert fr.coded("population.geography", ["FR-IDF"], VOCABULARY) == "Île-de-France"
    assert fr.coded("access.legal_bases", ["CNIL-MR-004"], VOCABULARY) == "Méthodologie de référence MR-004"
    assert fr.coded("title.fr", "Registre", VOCABULARY) == "Registre" and fr.coded("x", None, VOCABULARY) is None
    record["access"] = {**record["access"], "audiences": {**record["access"]["audiences"], "startup": "no"}}
    publish(client, actors["editor"], record)
    record["access"]["audiences"]["startup"] = "under_conditions"
    assert client.put("/api/v1/datasets/registre-test", json=record, headers=actors["editor"]).status_code == 200
    sign_in(client, "editor")
    pages = [client.get(f"/workspace/datasets/registre-test/revisions/{n}", headers={"Accept-Language": "fr"})
             for n in range(1, 6)]
    changed = [p.text for p in pages if p.status_code == 200 and "Sous conditions" in p.text]
    assert changed and "under_conditions" not in changed[0].split("<main")[1]


def test_the_catalogues_are_gettext_catalogues_with_plural_forms():
    from api.web.i18n import plurals, po

    assert po("fr").plural_forms == "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    assert po("en").num_plurals == 2
    assert plurals("fr")["search.count"] == ("{n} résultat", "{n} de résultats", "{n} résultats")
    assert plurals("en")["search.count"] == ("{n} result", "{n} results")


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("fr", 0, "0 résultat"), ("fr", 1, "1 résultat"), ("fr", 2, "2 résultats"), ("fr", 1234, "1\u202f234 résultats"),
    ("fr", 1_000_000, "1\u202f000\u202f000 de résultats"),
    ("en", 0, "0 results"), ("en", 1, "1 result"), ("en", 1234, "1,234 results"),
])
def test_counts_follow_the_plural_rules_of_the_language(lang, n, expected):
    from api.web.i18n import Translator

    assert Translator(lang)("search.count", n=n) == expected


def test_numbers_and_sizes_are_written_the_locale_s_way():
    from api.web.i18n import Translator

    fr, en = Translator("fr"), Translator("en")
    assert fr.number(1234.5) == "1\u202f234,5" and en.number(1234.5) == "1,234.5"
    assert fr.number(None) == "—" and fr.number(0) == "0"
    assert fr.size(1_500_000) == "1,5\u202fMo" and en.size(1_500_000) == "1.5 MB"
    assert fr.size(2_000) == "2\u202fko" and en.size(3 * 10**9) == "3 GB" and fr.size(None) == "—"


def test_the_language_tag_is_matched_whatever_its_case():
    assert i18n.negotiate("EN-us") == "en" and i18n.negotiate("*") == "fr" and i18n.negotiate("en;q=1.5,fr") == "en"


def test_days_and_individuals_are_counts_too():
    from api.web.i18n import Translator

    fr, en = Translator("fr"), Translator("en")
    assert [fr("dataset.days", n=n) for n in (1, 2, 1200)] == ["1 jour", "2 jours", "1\u202f200 jours"]
    assert [en("dataset.days", n=n) for n in (1, 2)] == ["1 day", "2 days"]
    assert fr("card.individuals", n=1) == "1 individu" and en("card.individuals", n=12000) == "12,000 individuals"
    assert fr("dataset.days", n="3") == "3 jours"  # a number already written: the general form, as it is
