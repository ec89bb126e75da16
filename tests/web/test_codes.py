"""The domain's coded words in the page's language: the request checklist and flags, the timeline and
audit trail as sentences, and why separation of duties keeps governance staff from acting."""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace

import pytest

from api.web import codes
from api.web.i18n import Translator, catalogue
from catalogue.access_requests import policies, requirements
from catalogue.access_requests.requirements import derive
from catalogue.db import utcnow
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from schemas.organisations import OrganisationIn
from tests.access_requests.helpers import act, add_user, attach, create, join_team, opinion, setup_datasets, submitted
from tests.baskets.test_web import add, two_producers
from tests.web.helpers import sign_in

FR, EN = {"Accept-Language": "fr"}, {"Accept-Language": "en"}
FR_T, EN_T = Translator("fr"), Translator("en")
CATALOGUES = {lang: catalogue(lang) for lang in ("fr", "en")}

# The English sentences of requirements.py: none may reach a French page.
ENGLISH = ("is not open to", " admits ", "requires an ethics committee opinion", "asks for a protocol",
           "is an SNDS main base", "states no legal route", "required: ", "reference methodology route",
           "access_request.")


def test_the_codes_are_pinned():
    assert requirements.CODES == (
        "audience_closed", "route_not_admitted",
        "audience_conditional", "audience_unstated", "no_route", "snds_main_base",
        "ethics_in_procedure", "protocol_in_procedure", "authorisation_route", "authorisation_protocol",
        "authorisation_dpia", "mr_route",
        "required", "unpublished", "choose", "no_dataset")
    assert codes.AUDIT == (
        "create", "update", "submit", "resubmit", "withdraw", "start_review", "request_changes", "approve",
        "approve_with_conditions", "reject", "expire", "opinion", "opinion_on_behalf", "opinions_superseded",
        "milestone", "attachment_upload", "attachment_download", "team_accept", "team_decline")
    assert policies.SEPARATION == ("filed", "team", "organisation", "gave_opinion")
    assert set(codes.PARAMS) == {"title", "audience", "requester_type", "route", "routes"}


def test_every_code_has_a_french_and_an_english_message_with_the_same_placeholders():
    keys = ([f"codes.check.{c}" for c in requirements.CODES] + [f"codes.audit.{a}" for a in codes.AUDIT]
            + ["codes.audit.other", "codes.audit.system", "codes.separation.title"]
            + [f"codes.separation.{case}" for case in policies.SEPARATION])
    for key in keys:
        fr, en = CATALOGUES["fr"][key], CATALOGUES["en"][key]
        assert fr != en, key
        assert set(re.findall(r"{(\w+)}", fr)) == set(re.findall(r"{(\w+)}", en)), key
    ours = {k for lang in CATALOGUES.values() for k in lang if k.startswith("codes.")}
    assert ours == set(keys)  # no message for a code the domain does not give


def dataset(dataset_id: str, **access) -> dict:
    return {"id": dataset_id, "title": {"fr": f"Registre {dataset_id}", "en": f"Registry {dataset_id}"},
            "access": {"audiences": {"academic": "yes", "startup": "no", "industry": "under_conditions"},
                       "legal_bases": ["CNIL-MR-004"], "procedure": {"fr": "Protocole et avis du comité d'éthique."},
                       **access},
            "health_data_hub": {"relationship": "snds_main_base"}}


def test_derive_gives_each_item_a_code_its_facts_and_keeps_its_english_words():
    closed = derive([dataset("a")], "startup", "consent")
    assert [(r["code"], r["params"]) for r in closed.refusals] == [
        ("audience_closed", {"dataset": "a", "title": {"fr": "Registre a", "en": "Registry a"}, "audience": "startup"}),
        ("route_not_admitted", {"dataset": "a", "title": {"fr": "Registre a", "en": "Registry a"},
                                "routes": ["CNIL-MR-004"], "route": "consent"})]
    assert closed.refusals[0]["message"] == ("dataset 'a' (Registry a) is not open to startup requesters "
                                             "(access.audiences.startup = no)")
    flagged = derive([dataset("a"), dataset("b", legal_bases=[])], "industry", "CNIL-authorisation")
    assert [f["code"] for f in flagged.reasons["flags"]] == [
        "audience_conditional", "snds_main_base", "audience_conditional", "no_route", "snds_main_base"]
    assert len(flagged.flags) == len(flagged.reasons["flags"])
    assert {k: [r["code"] for r in v] for k, v in flagged.reasons["attachments"].items()} == {
        "ethics_opinion": ["ethics_in_procedure", "ethics_in_procedure"],
        "protocol": ["protocol_in_procedure", "protocol_in_procedure", "authorisation_protocol"],
        "dpia": ["authorisation_dpia"]}
    assert {k: [r["code"] for r in v] for k, v in flagged.reasons["milestones"].items()} == {
        "cesrees_opinion": ["authorisation_route"], "cnil_authorisation": ["authorisation_route"]}
    unknown = derive([dataset("a")], "patient_association", "CNIL-MR-004")
    assert unknown.reasons["flags"][0] == {"code": "audience_unstated", "params": {
        "dataset": "a", "title": {"fr": "Registre a", "en": "Registry a"}, "requester_type": "patient_association"}}
    assert derive([dataset("a")], "academic", "CNIL-MR-004").reasons["milestones"] == {
        "mr_declaration": [{"code": "mr_route", "params": {"route": "CNIL-MR-004"}}]}
    every = {r["code"] for r in closed.refusals + flagged.reasons["flags"] + unknown.reasons["flags"]}
    assert every <= set(requirements.CODES)


def test_checklist_items_are_worded_in_the_page_language():
    closed = derive([dataset("a")], "startup", "consent").refusals
    assert str(codes.word(FR_T, closed[0])) == (
        "« Registre a » n'est pas ouvert aux demandeurs de type Startup : choisissez un autre type d'organisation "
        "ou retirez ce jeu de données.")
    assert str(codes.word(EN_T, closed[1])) == (
        f"“Registry a” admits {EN_T.label('legal_route', 'CNIL-MR-004')} (or a CNIL authorisation), "
        f"not “{EN_T.label('legal_route', 'consent')}”: choose one of these routes.")
    missing = {"field": "milestones.cesrees_opinion", "code": "required", "params": {"kind": "cesrees_opinion"},
               "message": "required: x"}
    assert str(codes.word(FR_T, missing)) == "Il manque : Avis du CESREES"
    old = codes.word(FR_T, {"field": "x", "message": "an item from before the codes"})
    assert (old.text, old.english) == ("an item from before the codes", True)  # kept, marked lang="en"
    report = {"flags": ["English flag"], "reasons": {"flags": []}}
    assert [(m.text, m.english) for m in codes.flags(FR_T, report)] == [("English flag", True)]


def entry(action: str, *, actor_id: int | None = 7, actor: str = "ada@example.org", from_state: str | None = "draft",
          to_state: str | None = "submitted", details: dict | None = None) -> SimpleNamespace:
    return SimpleNamespace(action=action, actor_id=actor_id, actor=actor, at=dt.datetime(2026, 12, 2, 9, 30),
                           from_state=from_state, to_state=to_state, details=details or {})


def test_audit_entries_read_as_sentences_in_both_languages():
    names = {7: "Ada Lovelace"}
    submit = entry("access_request.submit")
    assert codes.sentence(FR_T, submit, names) == "Déposée par Ada Lovelace le 2 décembre 2026"
    assert codes.sentence(EN_T, submit, names) == "Submitted by Ada Lovelace on 2 December 2026"
    given = entry("access_request.opinion", from_state="under_review", to_state="favourable_with_conditions",
                  details={"dataset_id": "registre-test"})
    assert codes.sentence(FR_T, given, names) == (
        "Avis « Favorable sous conditions » sur registre-test donné par Ada Lovelace le 2 décembre 2026")
    step = entry("access_request.milestone", from_state=None, to_state=None, details={"kind": "cesrees_opinion"})
    assert codes.sentence(EN_T, step, names) == "Step “CESREES opinion” recorded by Ada Lovelace on 2 December 2026"
    assert codes.sentence(FR_T, entry("access_request.expire", actor_id=None, actor="system"), names) == (
        "Accès clos par la plateforme le 2 décembre 2026")
    gone = entry("access_request.withdraw", actor_id=99, actor="gone@example.org")
    assert codes.sentence(EN_T, gone, names) == "Withdrawn by gone@example.org on 2 December 2026"
    novel = entry("access_request.something_new", from_state="submitted", to_state="under_review")
    assert codes.sentence(FR_T, novel, names) == (
        "Action enregistrée par Ada Lovelace le 2 décembre 2026 (Déposée → En instruction)")
    assert "something_new" not in codes.sentence(EN_T, novel, names)


def test_separation_of_duties_is_worded_case_by_case():
    cases = [{"case": "organisation", "organisation": "lab", "act": "review"}, {"case": "gave_opinion"}]
    assert codes.separation(FR_T, cases) == [
        "votre organisation (lab) l'a déposée : un membre de la gouvernance qui n'en fait pas partie l'instruit "
        "et la décide.",
        "vous avez donné l'avis d'un producteur sur elle : un autre membre de la gouvernance la décide."]


def test_the_request_page_words_its_checklist_in_french_and_in_english(client, actors, record):
    setup_datasets(client, actors, record)  # registre-test: closed to startups, MR-004 or a CNIL authorisation
    request_id = create(client, actors, requester_organisation_type="startup", legal_route="consent")["id"]
    sign_in(client, "user")
    french = html.unescape(client.get(f"/requests/{request_id}", headers=FR).text)
    assert "n'est pas ouvert aux demandeurs de type Startup" in french
    assert "pas « Consentement" in french or "pas « " + FR_T.label("legal_route", "consent") in french
    assert "la procédure de « " in french and "» demande un protocole" in french
    assert "Brouillon créé par user le " + FR_T.date(utcnow()) in french  # the timeline, as sentences
    for words in ENGLISH:
        assert words not in french, words
    english = html.unescape(client.get(f"/requests/{request_id}", headers=EN).text)
    assert "is not open to Startup requesters: choose another organisation type" in english
    assert "Draft created by user on " + EN_T.date(utcnow()) in english
    assert "n'est pas ouvert" not in english


def test_the_review_page_words_its_audit_trail_and_flags(client, actors, record):
    setup_datasets(client, actors, record)
    request_id = submitted(client, actors)  # CNIL-MR-004 on both: a declaration, two SNDS main bases
    sign_in(client, "governance")
    french = html.unescape(client.get(f"/governance/requests/{request_id}", headers=FR).text)
    today = FR_T.date(utcnow())
    assert f"Déposée par user le {today}" in french and f"Pièce jointe ajoutée par user le {today}" in french
    assert "relève de la base principale du SNDS" in french and "le cadre choisi : " in french
    assert 'id="separation"' not in french  # governance staff independent of the request
    for words in ENGLISH:
        assert words not in french, words
    english = html.unescape(client.get(f"/governance/requests/{request_id}", headers=EN).text)
    assert f"Submitted by user on {EN_T.date(utcnow())}" in english and "is an SNDS main base: the request" in english


def _lab(container) -> None:
    """An organisation of requesters ('lab') the data user belongs to."""
    with container.uow() as uow:
        organisations.create(uow, SYSTEM, OrganisationIn(id="lab", name="Lab", type="university_hospital"))
        organisations.add_member(uow, SYSTEM, "lab", "user@example.org", "editor")
        uow.commit()


@pytest.mark.parametrize("case", ["filed", "team", "organisation", "gave_opinion"])
def test_the_review_page_says_why_separation_of_duties_forbids_acting(client, container, actors, record, case):
    setup_datasets(client, actors, record)
    add_user(container, actors, "staff", governance=True, member_of="chu-test" if case == "gave_opinion" else None)
    if case == "organisation":
        _lab(container)
        with container.uow() as uow:
            organisations.add_member(uow, SYSTEM, "lab", "staff@example.org", "editor")
            uow.commit()
    if case == "team":
        team = [{"name": "Staff", "email": "staff@example.org", "role": "advice"}]
        request_id = create(client, actors, team=team)["id"]
        join_team(client, container, actors, request_id, "staff")
        for kind in ("ethics_opinion", "protocol"):
            assert attach(client, actors, request_id, kind).status_code == 201
        assert act(client, actors, request_id, "submit", "user").status_code == 200
    else:
        request_id = submitted(client, actors, "staff" if case == "filed" else "user")
    if case == "gave_opinion":
        assert act(client, actors, request_id, "start_review", "governance").status_code == 200
        assert opinion(client, actors, request_id, "registre-test", "staff").status_code == 200
    sign_in(client, "staff")
    expected = {lang: t(f"codes.separation.{case}", organisation="lab") for lang, t in (("fr", FR_T), ("en", EN_T))}
    for lang, headers in (("fr", FR), ("en", EN)):
        page = client.get(f"/governance/requests/{request_id}", headers=headers)
        assert page.status_code == 200
        text = html.unescape(page.text)
        notice = text.split('id="separation"')[1].split("</div>")[0]
        assert expected[lang] in notice and notice.count("<li>") == 1, (lang, notice)


def test_the_basket_words_its_checklist_in_french(client, actors, record):
    first, second = two_producers(client, actors, record)
    sign_in(client, "user")
    add(client, "/me/basket", first)
    add(client, "/me/basket", second)
    page = client.get("/me/basket?requester_organisation_type=startup&legal_route=consent", headers=FR)
    french = html.unescape(page.text)
    assert page.status_code == 200 and "n'est pas ouvert aux demandeurs de type Startup" in french
    for words in ENGLISH:
        assert words not in french, words
