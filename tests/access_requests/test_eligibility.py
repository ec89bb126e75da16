""""Can I get it?": the answer for each requester type on crafted records, pinned literally.

Each table is what the request rules (requirements.py) demand; a changed rule changes a row here.
"""

from __future__ import annotations

import pytest

from catalogue.access_requests.eligibility import REQUESTER_TYPES, RouteNeeds, eligibility
from tests.conftest import corpus_records

MIXED = {"academic": "yes", "public_agency": "yes", "hospital": "under_conditions", "startup": "no",
         "industry": "under_conditions"}


def crafted(*, rights="RESTRICTED", audiences=None, legal_bases=(), procedure="Dossier au comité scientifique.",
            relationship="independent", **extra) -> dict:
    return {
        "id": "d-one", "title": {"fr": "Jeu", "en": "Set"}, "landing_page": "https://example.org/d-one",
        "access": {"rights": rights, "modalities": ["secure_environment"], "platform": "CASD",
                   "audiences": audiences or MIXED, "procedure": {"fr": procedure},
                   "legal_bases": list(legal_bases), "typical_delay_days": 90,
                   "cost": {"model": "cost_recovery"}, "data_use_conditions": ["DUO:0000042"], **extra},
        "health_data_hub": {"relationship": relationship},
    }


def row(answer) -> tuple:
    """One requester's answer as a literal row: answer, request offered, routes with milestones and attachments."""
    return (answer.answer, answer.can_request,
            [(r.route, list(r.milestones), list(r.attachments)) for r in answer.routes])


def test_the_requester_types_are_the_audiences_of_the_exchange_format():
    assert REQUESTER_TYPES == ("academic", "public_agency", "hospital", "startup", "industry")


def test_mr004_record_with_an_ethics_committee_for_each_type():
    record = crafted(legal_bases=["GDPR-9.2.j", "CNIL-MR-004"],
                     procedure="Envoyer le protocole au comité d'éthique (CPP).")
    mr004 = ("CNIL-MR-004", ["mr_declaration"], ["ethics_opinion", "protocol"])
    cnil = ("CNIL-authorisation", ["cesrees_opinion", "cnil_authorisation"], ["ethics_opinion", "protocol", "dpia"])
    table = {kind: row(eligibility(record, kind)) for kind in REQUESTER_TYPES}
    assert table == {
        "academic": ("yes", True, [mr004, cnil]),
        "public_agency": ("yes", True, [mr004, cnil]),
        "hospital": ("under_conditions", True, [mr004, cnil]),
        "startup": ("no", False, [mr004, cnil]),
        "industry": ("under_conditions", True, [mr004, cnil]),
    }


def test_consent_record_without_a_protocol_in_its_procedure():
    record = crafted(legal_bases=["consent", "GDPR-6.1.e"], procedure="Écrire au responsable du registre.")
    assert row(eligibility(record, "academic")) == ("yes", True, [
        ("consent", [], []),
        ("CNIL-authorisation", ["cesrees_opinion", "cnil_authorisation"], ["protocol", "dpia"]),
    ])
    assert eligibility(record, "academic").any_route is False


def test_a_record_naming_no_route_offers_the_general_regime_and_says_so():
    answer = eligibility(crafted(legal_bases=["GDPR-9.2.i"]), "hospital")
    assert row(answer) == ("under_conditions", True, [
        ("CNIL-authorisation", ["cesrees_opinion", "cnil_authorisation"], ["protocol", "dpia"]),
    ])
    assert answer.any_route is True


def test_anonymous_gets_every_type_and_the_facts_of_the_dataset():
    answer = eligibility(crafted(legal_bases=["CNIL-MR-004"], relationship="snds_main_base"), None)
    assert answer.requester_type is None and answer.answer is None
    assert answer.answers == MIXED
    assert answer.can_request is True
    assert answer.routes[0] == RouteNeeds("CNIL-MR-004", ("mr_declaration",), ())
    assert (answer.platform, answer.delay_days, answer.cost, answer.data_use_conditions, answer.through_hdh) == (
        "CASD", 90, {"model": "cost_recovery"}, ("DUO:0000042",), True)


def test_closed_to_every_type_offers_no_request_even_anonymously():
    closed = dict.fromkeys(REQUESTER_TYPES, "no")
    assert eligibility(crafted(audiences=closed), None).can_request is False


def test_an_unknown_type_is_answered_as_anonymous():
    answer = eligibility(crafted(), "patient_association")
    assert answer.requester_type is None and answer.answers == MIXED


def test_open_data_shows_its_download_link_and_no_request():
    answer = eligibility(crafted(rights="PUBLIC", audiences=dict.fromkeys(REQUESTER_TYPES, "yes")), "startup")
    assert (answer.answer, answer.open_data, answer.download_url, answer.can_request, answer.routes) == (
        "yes", True, "https://example.org/d-one", False, ())


@pytest.mark.parametrize("kind", REQUESTER_TYPES)
def test_every_corpus_record_gets_an_answer(kind):
    records = corpus_records()
    answers = [eligibility(r, kind) for r in records]
    assert all(a.answer in ("yes", "under_conditions", "no") for a in answers)
    assert all(a.routes[-1].route == "CNIL-authorisation" for a in answers if not a.open_data)
    assert {a.open_data for a in answers} == {True, False}


def test_a_record_without_access_terms_is_closed_to_everyone_and_never_fails():
    """A partial record (an incomplete draft shown to its producer): every type 'no', only the general regime
    (a CNIL authorisation, always admissible), no crash."""
    found = eligibility({"id": "bare"}, "startup")
    assert (found.answer, found.answers, found.open_data, found.through_hdh) == (
        "no", dict.fromkeys(REQUESTER_TYPES, "no"), False, False)
    assert found.routes == (RouteNeeds("CNIL-authorisation", ("cesrees_opinion", "cnil_authorisation"),
                                       ("protocol", "dpia")),)
    assert found.download_url is None and found.any_route
