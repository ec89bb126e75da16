"""No dead ends: a refused action on a request's page is explained on that page, in its language, with
what was typed kept; the words come from the catalogues, keyed by the domain's codes and cases."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, ValidationError

from api.web import refusals
from api.web.i18n import Translator, catalogue
from catalogue import errors as domain
from catalogue.access_requests.errors import MilestonesMissing, OpinionsPending, RequirementsNotMet, field_error
from tests.web.helpers import csrf_of, post_form, publish
from tests.web.test_requests_flow import EN, REQUEST, act, as_, file_request, simple, submitted

FR = {"Accept-Language": "fr"}
EN_T, FR_T = Translator("en"), Translator("fr")

# Every (code, case) the domain raises on the request pages, and the catalogue key that words it.
WORDED = {
    ("stale_version", None): "refusal.stale_version",
    ("invalid_transition", "state"): "refusal.invalid_transition.state",
    ("invalid_transition", "access_not_ended"): "refusal.invalid_transition.access_not_ended",
    ("opinions_pending", "pending"): "refusal.opinions_pending.pending",
    ("opinions_pending", "unfavourable"): "refusal.opinions_pending.unfavourable",
    ("opinions_pending", "conditional"): "refusal.opinions_pending.conditional",
    ("milestones_missing", None): "refusal.milestones_missing",
    ("requirements_not_met", "attachments"): "refusal.requirements_not_met.attachments",
    ("requirements_not_met", "terms"): "refusal.requirements_not_met.terms",
    ("validation_failed", "reason_required"): "refusal.validation_failed.reason_required",
    ("validation_failed", "conditions_required"): "refusal.validation_failed.conditions_required",
    ("validation_failed", "overrule_reason"): "refusal.validation_failed.overrule_reason",
    ("validation_failed", "file_required"): "refusal.validation_failed.file_required",
    ("validation_failed", "unknown_kind"): "refusal.validation_failed.unknown_kind",
    ("validation_failed", "title_length"): "refusal.validation_failed.title_length",
    ("validation_failed", "unknown_action"): "refusal.validation_failed.unknown_action",
    ("unsupported_media_type", "type"): "refusal.unsupported_media_type.type",
    ("unsupported_media_type", "content"): "refusal.unsupported_media_type.content",
    ("unsupported_media_type", "binary"): "refusal.unsupported_media_type.binary",
    ("too_large", None): "refusal.too_large",
    ("forbidden", None): "refusal.forbidden",
    ("email_not_verified", None): "refusal.email_not_verified",
    ("not_found", None): "refusal.not_found",
    ("too_many_attempts", None): "refusal.too_many_attempts",
    ("conflict", None): "refusal.conflict",
    ("error", None): "refusal.error",
}


def test_every_refusal_is_worded_in_both_catalogues_with_the_same_placeholders():
    catalogues = {lang: catalogue(lang) for lang in ("fr", "en")}
    for key in [*WORDED.values(), "refusal.field.reason_required", "refusal.field.conditions_required",
                "refusal.field.overrule_reason", "refusal.field.file_required", "refusal.field.unknown_kind",
                "refusal.field.title_length", "refusal.title", "refusal.to_form", "refusal.megabytes", "refusal.label",
                "form.error.too_short", "form.error.too_many"]:
        fr, en = catalogues["fr"][key], catalogues["en"][key]
        assert fr != en, key
        assert set(re.findall(r"{(\w+)}", fr)) == set(re.findall(r"{(\w+)}", en)), key


def test_the_parameters_are_written_as_words():
    assert set(refusals.PARAMS) == {"action", "status", "milestones", "attachments", "datasets", "limit", "until"}
    words = {name: refusals.PARAMS[name](FR_T, value) for name, value in {
        "action": "approve", "status": "submitted", "milestones": ["cesrees_opinion", "cnil_authorisation"],
        "attachments": ["protocol", "dpia"], "datasets": ["a", "b"], "limit": 26_214_400,
        "until": dt.date(2027, 3, 1)}.items()}
    assert words == {"action": "Approuver", "status": FR_T.label("request_status", "submitted"),
                     "milestones": FR_T.labels("milestone_kind", ["cesrees_opinion", "cnil_authorisation"]),
                     "attachments": FR_T.labels("attachment_kind", ["protocol", "dpia"]),
                     "datasets": "a, b", "limit": "26,2 Mo", "until": "1er mars 2027"}
    assert refusals.PARAMS["limit"](EN_T, 5_000_000) == "5 MB"  # Babel writes no useless ".0"
    assert refusals.PARAMS["until"](EN_T, None) == "—"
    assert "submitted" not in words["status"] and "protocol" not in words["attachments"]


@pytest.mark.parametrize(("exc", "key"), [
    (OpinionsPending("x", params={"case": "pending", "datasets": ["d1"]}), "refusal.opinions_pending.pending"),
    (OpinionsPending("x", params={"case": "unheard_of", "datasets": ["d1"]}), "refusal.conflict"),
    (OpinionsPending("x"), "refusal.conflict"),
    (domain.StaleVersion("x"), "refusal.stale_version"),
    (domain.InvalidTransition("x", params={"case": "state", "action": "approve", "status": "approved"}),
     "refusal.invalid_transition.state"),
    (domain.InvalidTransition("x"), "refusal.conflict"),
    (MilestonesMissing("x", params={"milestones": ["cesrees_opinion"]}), "refusal.milestones_missing"),
    (RequirementsNotMet("x", params={"case": "terms", "attachments": []}), "refusal.requirements_not_met.terms"),
    (RequirementsNotMet("x"), "refusal.validation_failed"),
    (domain.TooLarge("x", params={"limit": 1_000_000}), "refusal.too_large"),
    (domain.EmailNotVerified("x"), "refusal.email_not_verified"),
    (domain.LastAdmin("x"), "refusal.conflict"),
    (domain.DomainError("x"), "refusal.error"),
    (ValueError("x"), "refusal.error"),
])
def test_the_most_specific_wording_wins(exc, key):
    for t in (EN_T, FR_T):
        params = {k: refusals.PARAMS[k](t, v) if k in refusals.PARAMS else v for k, v in exc.params.items()} \
            if isinstance(exc, domain.DomainError) else {}
        assert refusals.explain(exc, t) == t(key, **{k: v for k, v in params.items() if k != "case"})


def test_a_pydantic_refusal_is_worded_per_input_in_the_page_language():
    class Form(BaseModel):
        title: str = Field(min_length=3)
        line: Annotated[str, AfterValidator(str.strip), Field(min_length=3)]
        items: list[int] = Field(min_length=1)
        few: list[int] = Field(max_length=2)
        name: str = Field(min_length=1)
        months: int = Field(ge=1, le=120)
        odd: str = Field(pattern="^x$")

    with pytest.raises(ValidationError) as caught:
        Form.model_validate({"title": "ab", "line": "ab", "items": [], "few": [1, 2, 3], "name": "", "months": 500,
                             "odd": "y"})
    fr = refusals.field_messages(caught.value, FR_T)
    assert {name: (m.text, m.english) for name, m in fr.items()} == {
        "title": ("Texte trop court (au moins 3 caractères).", False),
        "line": ("Texte trop court (au moins 3 caractères).", False),
        "items": ("Choisissez au moins une valeur.", False),
        "few": ("Au plus 2 valeurs.", False),
        "name": ("Ce champ est obligatoire.", False),
        "months": ("La valeur doit être au plus 120.", False),
        "odd": ("Format invalide (attendu : ^x$).", False)}
    assert refusals.explain(caught.value, EN_T) == EN_T("refusal.validation_failed")
    assert refusals.status_of(caught.value) == 422


def test_a_domain_refusal_words_its_own_input_and_keeps_the_others_in_english():
    exc = field_error(domain.ValidationFailed, "reason", "a written reason is required", case="reason_required")
    assert {k: (m.text, m.english) for k, m in refusals.field_messages(exc, EN_T).items()} == {
        "reason": (EN_T("refusal.field.reason_required"), False)}
    exc = domain.ValidationFailed("x", details=["not a detail", {"message": "no field"},
                                                {"field": "datasets[0]", "message": "'z' is not published"},
                                                {"field": "datasets[1]", "message": "'y' is not published"},
                                                {"field": "attachments.protocol", "message": "required"}],
                                  params={"case": "reason_required", "field": "reason"})
    shown = refusals.field_messages(exc, FR_T)
    assert {k: (m.text, m.english) for k, m in shown.items()} == {
        "datasets": ("'z' is not published 'y' is not published", True), "attachments": ("required", True)}
    assert refusals.status_of(exc) == 422 and refusals.status_of(domain.StaleVersion("x")) == 409
    assert refusals.status_of(ValueError("x")) == 400


def _version(text: str) -> str:
    return re.search(r'name="version" value="(\d+)"', text).group(1)


def _on_its_page(response, heading: str) -> str:
    """The refusal is shown on the page it came from (its heading), at the form, never on an error page."""
    text = html.unescape(response.text)
    assert heading in text and 'class="error-summary" role="alert"' in response.text
    assert "Error" not in re.search(r"<title>(.*?)</title>", text).group(1)
    assert "Conflit" not in text and "Conflict" not in text
    return text


def test_early_approval_stays_on_the_review_page_with_the_reason_typed(client, actors, record):
    request_id = submitted(client, actors, record)
    as_(client, "governance")
    review = f"/governance/requests/{request_id}"
    act(client, request_id, "start_review", review, back=review)
    for headers, awaited in ((EN, "The producers' opinions are still awaited for: registre-test"),
                             (FR, "Les avis des producteurs sont encore attendus pour : registre-test")):
        text = client.get(review, headers=headers).text
        response = client.post(f"/requests/{request_id}/act/approve", headers=headers,
                               data={"csrf_token": csrf_of(text), "version": _version(text), "back": review,
                                     "reason": "Sound <project>.", "access_until": "2027-01-31"})
        assert response.status_code == 409
        shown = _on_its_page(response, f"{request_id} —")
        assert awaited in shown
        assert 'id="act-approve-refusal"' in response.text  # at the form that was sent
        assert ">Sound &lt;project&gt;.</textarea>" in response.text and 'value="2027-01-31"' in response.text
        assert 'id="approve-reason" name="reason"' in response.text
    assert "Approved" not in client.get(review, headers=EN).text  # nothing changed


def test_a_decision_without_its_reason_names_the_input_in_french(client, actors, record):
    request_id = submitted(client, actors, record)
    as_(client, "governance")
    review = f"/governance/requests/{request_id}"
    act(client, request_id, "start_review", review, back=review)
    text = client.get(review, headers=FR).text
    response = client.post(f"/requests/{request_id}/act/reject", headers=FR,
                           data={"csrf_token": csrf_of(text), "version": _version(text), "back": review})
    assert response.status_code == 422
    shown = _on_its_page(response, "Instruction de la demande")
    assert "Écrivez une raison pour « Refuser »" in shown
    assert "Ce champ est obligatoire pour cette action." in shown
    assert "reason:" not in shown and "written reason" not in shown


def test_a_stale_page_and_a_second_click_say_what_happened(client, actors, record):
    request_id = submitted(client, actors, record)
    as_(client, "governance")
    review = f"/governance/requests/{request_id}"
    old = client.get(review, headers=EN).text
    act(client, request_id, "start_review", review, back=review)
    again = client.post(f"/requests/{request_id}/act/start_review", headers=EN,
                        data={"csrf_token": csrf_of(old), "version": _version(old), "back": review})
    assert again.status_code == 409
    assert "Someone changed this while you were looking at it" in _on_its_page(again, f"{request_id} —")
    fresh = client.get(review, headers=EN).text
    forged = client.post(f"/requests/{request_id}/act/request_changes", headers=EN,
                         data={"csrf_token": csrf_of(fresh), "version": "9" * 30, "back": review, "reason": "x"})
    assert forged.status_code == 409 and "Someone changed this" in html.unescape(forged.text)
    fresh = client.get(review, headers=EN).text
    second = client.post(f"/requests/{request_id}/act/start_review", headers=EN,
                         data={"csrf_token": csrf_of(fresh), "version": _version(fresh), "back": review})
    assert second.status_code == 409
    shown = _on_its_page(second, f"{request_id} —")
    assert "This request is “Under review”: “Start the review” is not possible in that state." in shown
    unknown = client.post(f"/requests/{request_id}/act/frobnicate", headers=EN,
                          data={"csrf_token": csrf_of(fresh), "version": _version(fresh), "back": review})
    assert unknown.status_code == 422
    assert "This action does not exist." in _on_its_page(unknown, f"{request_id} —")


def test_a_missing_attachment_and_a_wrong_file_keep_the_requester_on_the_request(client, actors, record):
    record = simple(record)
    record["access"]["procedure"] = {"en": "Send your protocol to the data office."}
    publish(client, actors["editor"], record)
    as_(client, "user")
    page = client.get("/requests/new?dataset=registre-test", headers=EN)
    done = client.post("/requests/new", follow_redirects=False,
                       data={**REQUEST, "datasets": "registre-test", "csrf_token": csrf_of(page.text)})
    assert done.status_code == 303
    request_id = int(done.headers["location"].rsplit("/", 1)[1])
    here = f"/requests/{request_id}"
    submit = post_form(client, here, f"{here}/act/submit", headers=FR)
    assert submit.status_code == 422
    shown = _on_its_page(submit, "Early sepsis detection")
    assert f"Pièces manquantes : {FR_T.label('attachment_kind', 'protocol')}. Ajoutez-les" in shown
    exe = post_form(client, here, f"{here}/attachments", {"kind": "protocol", "title": "Our protocol v2"},
                    files={"file": ("protocol.exe", b"MZ\x90\x00binary", "application/x-msdownload")}, headers=EN)
    assert exe.status_code == 415
    shown = _on_its_page(exe, "Early sepsis detection")
    assert "This type of file is not accepted. Accepted formats: PDF" in shown
    assert "application/vnd" not in shown and "application/x-msdownload" not in shown
    assert 'value="Our protocol v2"' in exe.text and '<option value="protocol" selected>' in exe.text
    fake = post_form(client, here, f"{here}/attachments", {"kind": "protocol", "title": "p"},
                     files={"file": ("protocol.pdf", b"not a pdf at all", "application/pdf")}, headers=EN)
    assert fake.status_code == 415 and "does not match its declared format" in html.unescape(fake.text)
    none = post_form(client, here, f"{here}/attachments", {"kind": "protocol", "title": "p"}, headers=EN)
    assert none.status_code == 422 and "Choose a file to upload." in html.unescape(none.text)
    assert "protocol.exe" not in client.get(here, headers=EN).text  # nothing kept of a refused file


def test_a_request_that_is_not_yours_is_still_not_found(client, actors, record):
    request_id = file_request_as_user(client, actors, record)
    as_(client, "outsider")
    response = post_form(client, "/", f"/requests/{request_id}/act/submit")
    assert response.status_code == 404
    assert "Early sepsis detection" not in response.text


def file_request_as_user(client, actors, record) -> int:
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    return file_request(client)


def test_the_request_form_says_its_errors_in_french(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    page = client.get("/requests/new?dataset=registre-test", headers=FR)
    bad = client.post("/requests/new", headers=FR,
                      data={**REQUEST, "project_title": "ab", "duration_months": "500", "purpose": "fun",
                            "datasets": "registre-test", "csrf_token": csrf_of(page.text)})
    assert bad.status_code == 422
    text = html.unescape(bad.text)
    assert "Texte trop court (au moins 3 caractères)." in text and "La valeur doit être au plus 120." in text
    assert "Choisissez une des valeurs proposées." in text
    assert "String should" not in text and "Input should" not in text and 'value="ab"' in bad.text


def test_an_empty_reply_keeps_the_thread_and_says_what_to_do(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    sent = post_form(client, "/datasets/registre-test/ask", "/datasets/registre-test/ask",
                     {"subject": "Ages available?", "topic": "variables", "message": "Do you hold birth years?"})
    thread = sent.headers["location"]
    empty = post_form(client, thread, thread, {"body": "   "}, headers=FR)
    assert empty.status_code == 422
    text = html.unescape(empty.text)
    assert "Ages available?" in text and "Do you hold birth years?" in text  # the thread, not an error page
    assert 'id="body-error"' in empty.text and "Ce champ est obligatoire." in text
    long = post_form(client, thread, thread, {"body": "é" * 10_001}, headers=EN)
    assert long.status_code == 422 and "Text too long (at most 10000 characters)." in html.unescape(long.text)
    assert "é" * 10_001 in long.text  # what was typed is kept


def test_a_refused_document_keeps_the_producer_on_the_description(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "editor")
    here = "/workspace/datasets/registre-test"
    exe = post_form(client, here, f"{here}/documents", {"kind": "protocol", "title": "Data dictionary v3"},
                    files={"file": ("dict.exe", b"MZ\x90\x00binary", "application/x-msdownload")}, headers=FR)
    assert exe.status_code == 415
    shown = _on_its_page(exe, "Documents")
    assert "Ce type de fichier n'est pas accepté. Formats acceptés : PDF" in shown
    assert 'value="Data dictionary v3"' in exe.text and "application/" not in shown
    untitled = post_form(client, here, f"{here}/documents", {"kind": "nonsense", "title": ""},
                         files={"file": ("d.txt", b"text", "text/plain")}, headers=EN)
    assert untitled.status_code == 422
    shown = _on_its_page(untitled, "Documents")
    assert "<li>Document title: <span>1 to 300 characters.</span></li>" in shown
    assert "Choose a kind offered." in shown and "must be one of" not in shown
    none = post_form(client, here, f"{here}/documents", {"kind": "protocol", "title": "x"}, headers=EN)
    assert none.status_code == 422 and "Choose a file to upload." in html.unescape(none.text)
    assert "dict.exe" not in client.get(here).text  # nothing kept of a refused file


def _only_ok(value: str) -> str:
    if value != "ok":
        raise ValueError("bad code")
    return value


def test_the_leftovers_keep_the_domains_words_marked_english():
    class Form(BaseModel):
        code: Annotated[str, AfterValidator(_only_ok)]

    with pytest.raises(ValidationError) as caught:
        Form.model_validate({"code": "ko"})
    assert {k: (m.text, m.english) for k, m in refusals.field_messages(caught.value, FR_T).items()} == {
        "code": ("bad code", True)}
    mixed = domain.ValidationFailed("x", details=[
        {"field": "reason", "message": "a written reason is required"},
        {"field": "reason.extra", "message": "and something else"},
        {"field": "", "message": "the whole form"}], params={"case": "reason_required", "field": "reason"})
    shown = refusals.field_messages(mixed, EN_T)
    assert {k: (m.text, m.english) for k, m in shown.items()} == {
        "reason": (f"{EN_T('refusal.field.reason_required')} and something else", True),
        "form": ("the whole form", True)}
    assert refusals._words(EN_T, {"other": 5, "action": "approve"}) == {"other": "5", "action": "Approve"}


def test_what_was_typed_is_kept_but_never_the_token_or_a_file():
    from starlette.datastructures import FormData, UploadFile

    form = FormData([("csrf_token", "secret"), ("reason", "Sound."), ("file", UploadFile(file=None, filename="x")),
                     ("reason", "twice")])
    assert refusals.typed(form) == {"reason": "twice"}
    shown = refusals.refusal(domain.StaleVersion("x"), EN_T, "act-approve", refusals.typed(form))
    assert (shown.form, shown.status, shown.message, shown.values) == (
        "act-approve", 409, EN_T("refusal.stale_version"), {"reason": "twice"})


def test_two_characters_is_too_short_not_missing_and_a_whole_form_error_is_the_forms():
    from pydantic import model_validator

    class Form(BaseModel):
        code: str = Field(min_length=2)
        low: int = 0
        high: int = 0

        @model_validator(mode="after")
        def ordered(self):
            if self.low > self.high:
                raise ValueError("low must not exceed high")
            return self

    with pytest.raises(ValidationError) as short:
        Form.model_validate({"code": "a"})
    assert refusals.field_messages(short.value, EN_T)["code"].text == "Text too short (at least 2 characters)."
    with pytest.raises(ValidationError) as whole:
        Form.model_validate({"code": "ab", "low": 2, "high": 1})
    assert {k: (m.text, m.english) for k, m in refusals.field_messages(whole.value, EN_T).items()} == {
        "form": ("low must not exceed high", True)}


def test_a_case_without_words_for_its_input_keeps_the_domains_words():
    exc = domain.ValidationFailed("x", details=[{"field": "action", "message": "unknown action 'x'"}],
                                  params={"case": "unknown_action", "field": "action"})
    assert {k: (m.text, m.english) for k, m in refusals.field_messages(exc, FR_T).items()} == {
        "action": ("unknown action 'x'", True)}


def test_a_forged_version_is_checked_never_skipped():
    from starlette.datastructures import FormData

    from api.web.deps import expected_version

    assert [expected_version(FormData([("version", v)])) for v in ("7", "9" * 30, "", "abc", "²", "-1")] == [
        7, int("9" * 30), None, None, None, None]
    assert expected_version(FormData()) is None
