"""Issue 14 (right words for each role): a person's own page separates the requests they filed from those
they review, and the questions they asked from those sent to their organisation."""

from __future__ import annotations

import datetime as dt
import re

from tests.web.helpers import csrf_of, publish
from tests.web.test_requests_flow import EN, as_, file_request, simple, submitted


def section(html: str, heading_id: str) -> str:
    """The text of the page's <section> labelled by `heading_id` ('' when there is none)."""
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def ask(client, subject: str) -> None:
    page = client.get("/datasets/registre-test/ask", headers=EN)
    sent = client.post("/datasets/registre-test/ask", follow_redirects=False,
                       data={"subject": subject, "topic": "variables", "message": "Which years?",
                             "csrf_token": csrf_of(page.text)})
    assert sent.status_code == 303


def test_mine_and_to_review_are_apart(client, actors, record):
    request_id = submitted(client, actors, record, project_title="Projet de la startup")
    ask(client, "Question de la startup")

    me = client.get("/me", headers=EN).text
    assert "Projet de la startup" in section(me, "me-requests") and not section(me, "me-reviewing")
    assert "Question de la startup" in section(me, "me-enquiries") and not section(me, "me-enquiries-to-us")

    as_(client, "editor")  # a member of the producer concerned
    me = client.get("/me", headers=EN).text
    assert "Projet de la startup" not in section(me, "me-requests")
    reviewing = section(me, "me-reviewing")
    assert "Projet de la startup" in reviewing and f'href="/requests/{request_id}"' in reviewing
    assert "Requests I review" in reviewing
    assert "Question de la startup" in section(me, "me-enquiries-to-us")
    assert "Question de la startup" not in section(me, "me-enquiries")

    as_(client, "governance")  # staff who also files a request of their own
    own = file_request(client, project_title="Projet de la gouvernance")
    me = client.get("/me", headers=EN).text
    assert "Projet de la gouvernance" in section(me, "me-requests")
    assert "Projet de la gouvernance" not in section(me, "me-reviewing")
    assert f'href="/governance/requests/{request_id}"' in section(me, "me-reviewing")
    assert f"/requests/{own}" in section(me, "me-requests")

    as_(client, "outsider")  # neither side of anything
    me = client.get("/me", headers=EN).text
    assert not section(me, "me-reviewing") and not section(me, "me-enquiries-to-us")
    assert "Projet de la startup" not in me


def test_the_domain_splits_by_side(container, actors, record, client):
    from catalogue.access_requests import service as requests_service
    from catalogue.enquiries import service as enquiries
    from catalogue.principal import Principal

    request_id = submitted(client, actors, record)
    ask(client, "Une question")
    from catalogue.accounts import service as accounts

    with container.uow() as uow:
        ids = {key: accounts.find_user(uow, f"{key}@example.org").id for key in ("user", "editor", "governance")}
        user = Principal(user_id=ids["user"], roles={})
        editor = Principal(user_id=ids["editor"], roles={"chu-test": "editor"})
        staff = Principal(user_id=ids["governance"], roles={}, is_governance=True)
        assert [r.id for r in requests_service.my_space(uow, user)[0]] == [request_id]
        assert requests_service.my_space(uow, user)[1] == []
        assert requests_service.my_space(uow, editor)[0] == []
        assert [r.id for r in requests_service.my_space(uow, editor)[1]] == [request_id]
        assert [r.id for r in requests_service.my_space(uow, staff)[1]] == [request_id]
        asked, to_us = enquiries.my_space(uow, user)
        assert [e.subject for e in asked] == ["Une question"] and to_us == []
        asked, to_us = enquiries.my_space(uow, editor)
        assert asked == [] and [e.subject for e in to_us] == ["Une question"]


def test_the_audit_trail_reads_in_the_page_language(client, actors, record):
    request_id = submitted(client, actors, record)
    as_(client, "governance")
    fr = client.get(f"/governance/requests/{request_id}", headers={"Accept-Language": "fr"}).text
    audit = section(fr, "h-audit")
    assert "access_request.submit" not in audit and "draft →" not in audit
    assert "Brouillon → Déposée" in audit, audit[-1500:]


def test_question_lists_are_latest_first_and_bounded(container, actors, record, client):
    """asked_by / sent_to_organisations_of: most recently active first (the id breaks ties), at most
    `limit`."""
    from catalogue.accounts import service as accounts
    from catalogue.enquiries import repository
    from catalogue.enquiries.models import Enquiry
    from catalogue.principal import Principal

    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    for n in (1, 2, 3):
        ask(client, f"Question {n}")
    as_(client, "editor")
    page = client.get("/datasets/registre-test/ask", headers=EN)
    own = client.post("/datasets/registre-test/ask", follow_redirects=False,
                      data={"subject": "Question interne", "topic": "variables", "message": "?",
                            "csrf_token": csrf_of(page.text)})
    with container.uow() as uow:
        ids = {key: accounts.find_user(uow, f"{key}@example.org").id for key in ("user", "editor")}
        user = Principal(user_id=ids["user"])
        editor = Principal(user_id=ids["editor"], roles={"chu-test": "editor"})
        subjects = [e.subject for e in repository.asked_by(uow.session, user)]
        assert subjects == ["Question 3", "Question 2", "Question 1"]
        assert [e.subject for e in repository.asked_by(uow.session, user, limit=2)] == ["Question 3", "Question 2"]
        received = [e.subject for e in repository.sent_to_organisations_of(uow.session, editor)]
        assert received == ["Question 3", "Question 2", "Question 1"]  # not its own question
        assert len(repository.sent_to_organisations_of(uow.session, editor, limit=1)) == 1
        assert own.status_code == 403  # a member does not ask its own organisation
        assert repository.asked_by(uow.session, editor) == []
        same = uow.session.query(Enquiry).filter(Enquiry.asker_id == ids["user"]).all()
        for enquiry in same:
            enquiry.updated_at = same[0].updated_at  # a tie: the latest id first
        uow.commit()
    with container.uow() as uow:
        assert [e.subject for e in repository.asked_by(uow.session, user)] == ["Question 3", "Question 2", "Question 1"]
        assert [e.subject for e in repository.sent_to_organisations_of(uow.session, editor)][:3] == [
            "Question 3", "Question 2", "Question 1"]
        first = uow.session.query(Enquiry).filter(Enquiry.subject == "Question 1").one()
        first.updated_at = first.updated_at + dt.timedelta(hours=1)  # the oldest question, answered last
        uow.commit()
    with container.uow() as uow:
        assert [e.subject for e in repository.asked_by(uow.session, user)][0] == "Question 1"
        assert [e.subject for e in repository.sent_to_organisations_of(uow.session, editor)][0] == "Question 1"


def test_a_producer_workspace_has_its_inbox_awaiting_answers_first(client, actors, record):
    publish(client, actors["editor"], simple(record))
    as_(client, "user")
    threads = []
    for subject in ("First question", "Second question"):
        page = client.get("/datasets/registre-test/ask", headers=EN)
        sent = client.post("/datasets/registre-test/ask", follow_redirects=False,
                           data={"subject": subject, "topic": "variables", "message": "Which years?",
                                 "csrf_token": csrf_of(page.text)})
        threads.append(sent.headers["location"])
    as_(client, "editor")
    page = client.get(threads[1], headers=EN)
    answered = client.post(threads[1], data={"body": "From 2010.", "csrf_token": csrf_of(page.text)},
                           follow_redirects=False)
    assert answered.status_code == 303
    inbox = client.get("/workspace", headers=EN).text
    section = inbox[inbox.index('id="ws-inbox"'):]
    section = section[:section.index("</section>")]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert [("First question" in i, "awaiting your answer" in i) for i in items] == [(True, True), (False, False)]
    as_(client, "outsider")
    assert "First question" not in client.get("/workspace", headers=EN).text
    fr = client.get("/workspace", headers={"Accept-Language": "fr"}).text
    assert "Aucune question reçue pour l&#39;instant" in fr
