"""The requirements rules on their own, on hand-made access terms and on the shared corpus."""

from __future__ import annotations

import pytest

from catalogue.access_requests.requirements import derive, missing, route_of
from tests.conftest import corpus_records


def dataset(dataset_id="d-one", *, audiences=None, procedure="Demande au comité scientifique.", legal_bases=(),
            relationship="independent") -> dict:
    return {
        "id": dataset_id, "title": {"fr": "Jeu", "en": "Set"},
        "access": {"audiences": audiences or {"academic": "yes", "public_agency": "yes", "hospital": "yes",
                                              "startup": "yes", "industry": "yes"},
                   "procedure": {"fr": procedure}, "legal_bases": list(legal_bases)},
        "health_data_hub": {"relationship": relationship},
    }


@pytest.mark.parametrize(("code", "route"), [
    ("CNIL-MR-004", "CNIL-MR-004"), ("MR-004", "CNIL-MR-004"), ("mr-3", "CNIL-MR-003"), ("MR004", "CNIL-MR-004"),
    ("CNIL-authorisation", "CNIL-authorisation"), ("consent", "consent"), ("GDPR-9.2.j", None), ("GDPR-6.1.e", None),
])
def test_route_of(code, route):
    assert route_of(code) == route


@pytest.mark.parametrize(("requester", "answer", "refused", "flagged"), [
    ("startup", "no", True, False), ("startup", "under_conditions", False, True), ("startup", "yes", False, False),
    ("company", "no", True, False), ("industry", "under_conditions", False, True),
])
def test_audience(requester, answer, refused, flagged):
    audience = {"startup": "startup", "company": "industry", "industry": "industry"}[requester]
    audiences = {"academic": "yes", "public_agency": "yes", "hospital": "yes", "startup": "yes", "industry": "yes",
                 audience: answer}
    out = derive([dataset(audiences=audiences, legal_bases=["consent"])], requester, "consent")
    assert bool(out.refusals) is refused
    assert any("under conditions" in f for f in out.flags) is flagged
    if refused:
        assert out.refusals[0]["field"] == "requester_organisation_type"
        assert "'d-one' (Set)" in out.refusals[0]["message"]


def test_requester_types_without_an_audience_are_flagged():
    out = derive([dataset(legal_bases=["consent"])], "patient_association", "consent")
    assert not out.refusals and "no terms for 'patient_association'" in out.flags[0]


def test_routes_milestones_and_attachments():
    snds = dataset("snds", legal_bases=["GDPR-6.1.e", "CNIL-authorisation"], relationship="snds_main_base",
                   procedure="Dépôt via le Health Data Hub, avis du CESREES, autorisation de la CNIL.")
    out = derive([snds], "academic", "CNIL-MR-004")
    assert out.refusals[0]["field"] == "legal_route" and "admits CNIL-authorisation" in out.refusals[0]["message"]
    out = derive([snds], "academic", "CNIL-authorisation")
    assert not out.refusals
    assert set(out.milestones) == {"cesrees_opinion", "cnil_authorisation"}
    assert set(out.attachments) == {"protocol", "dpia"}
    assert any("SNDS main base" in f for f in out.flags)
    cohort = dataset("cohort", legal_bases=["consent", "CNIL-MR-004"],
                     procedure="Soumission au comité scientifique avec protocole ; avis du comité d'éthique.")
    out = derive([cohort], "academic", "CNIL-MR-004")
    assert set(out.milestones) == {"mr_declaration"} and set(out.attachments) == {"protocol", "ethics_opinion"}
    assert derive([cohort], "academic", "consent").milestones == {}
    assert derive([dataset()], "academic", "anonymised").flags[0].endswith("its producer checks 'anonymised'")


@pytest.mark.parametrize("text", ["avis du CPP", "Ethics committee approval", "comité d'éthique",
                                  "comité scientifique et éthique (CSE)", "Council for Bioethics", "IRB approval"])
def test_ethics_committee_mentions(text):
    assert "ethics_opinion" in derive([dataset(procedure=text)], "academic", "consent").attachments


def test_missing_names_the_field():
    assert missing({"dpia": ["why"], "protocol": ["p"]}, {"protocol"}, "attachments") == [
        {"field": "attachments.dpia", "message": "required: why", "code": "required", "params": {"kind": "dpia"}}]


def test_corpus_terms_all_derive():
    records = corpus_records()
    startups_refused = [r["id"] for r in records if r["access"]["audiences"]["startup"] == "no"]
    for record in records:
        out = derive([record], "startup", "CNIL-authorisation")
        assert bool(out.refusals) is (record["id"] in startups_refused)
        assert set(out.milestones) == {"cesrees_opinion", "cnil_authorisation"}
