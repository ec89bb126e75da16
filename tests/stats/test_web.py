"""/governance/stats: staff only, every figure in both languages with its chart's text alternatives
(title, description, a data table), numbers and weeks in the page's locale, CSV downloads with a session,
and the link from the governance queue."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from catalogue.stats import recording
from schemas.search import SearchQuery
from tests.web.helpers import sign_in


def searched(container) -> None:
    with container.uow() as uow:
        for _ in range(1234):  # a count written with a thousands separator
            recording.record(uow, SearchQuery(q="introuvable", filters={"typology.health_categories": ["EHRS"]}), 0,
                             dt.date(2026, 11, 30))
        uow.commit()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/governance/stats", "/governance/stats/funnel.csv"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/signin?next=")


@pytest.mark.parametrize("who", ["user", "editor", "orgadmin"])
def test_data_users_and_producers_are_refused(client, actors, who):
    sign_in(client, who)
    assert client.get("/governance/stats").status_code == 403
    assert client.get("/governance/stats/funnel.csv").status_code == 403


def test_the_page_in_french(client, actors, container, requests_made):
    searched(container)
    sign_in(client, "governance")
    html = client.get("/governance/stats", headers={"Accept-Language": "fr"}).text
    assert "<h1>Statistiques du catalogue</h1>" in html
    assert html.count('<svg class="chart"') == 6  # every figure has something to draw
    assert "<title id=\"st-funnel\">Des questions aux décisions</title>" in html
    assert '<desc id="sd-funnel">Questions posées : 4 ; Demandes déposées : 5 ; Décisions : 4</desc>' in html
    assert '<desc id="sd-searches_per_week">semaine 49 de 2026 : 1\u202f234</desc>' in html
    assert "<th scope=\"row\">Tous les producteurs</th>" in html and "<th scope=\"row\">CHU Test</th>" in html
    assert '<td data-label="Jours médians de la première question à la demande" class="num">1,5</td>' in html
    assert "<th scope=\"row\">introuvable</th>" in html
    assert 'href="/governance/stats/funnel.csv"' in html


def test_the_page_in_english(client, actors, container, requests_made):
    searched(container)
    sign_in(client, "admin")
    html = client.get("/governance/stats", headers={"Accept-Language": "en"}).text
    assert "<h1>Catalogue statistics</h1>" in html
    assert '<desc id="sd-outcomes">Approved: 1; Approved with conditions: 1; Rejected: 1; Withdrawn: 1; ' \
           'Expired: 1</desc>' in html
    assert '<desc id="sd-searches_per_week">week 49 of 2026: 1,234</desc>' in html
    assert '<td data-label="Median days from first enquiry to request" class="num">1.5</td>' in html
    assert "Download “From enquiries to decisions” as CSV" in html
    # every chart is named by its title and its description, which a table follows
    for name in re.findall(r'<svg class="chart"[^>]*aria-labelledby="st-([a-z_]+) sd-\1"', html):
        assert f'<desc id="sd-{name}">' in html and f'<title id="st-{name}">' in html
    assert len(re.findall(r'aria-labelledby="st-', html)) == 6 == html.count('<table class="list stacked">')


def test_an_empty_catalogue_says_so_without_charts(client, actors):
    sign_in(client, "governance")
    html = client.get("/governance/stats", headers={"Accept-Language": "en"}).text
    assert html.count("Nothing to count yet.") == 4  # the funnel and the outcomes keep their all-zero row
    assert '<svg class="chart"' not in html


def test_csv_download_with_a_session(client, actors, requests_made):
    sign_in(client, "governance")
    response = client.get("/governance/stats/outcomes.csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.splitlines()[:2] == ["\ufeffproducer,approved,approved_with_conditions,rejected,"
                                              "withdrawn,expired", ",1,1,1,1,1"]
    assert client.get("/governance/stats/nothing.csv").status_code == 404
    assert client.get("/governance/stats/NOT!.csv").status_code == 422


def test_the_governance_queue_links_to_the_statistics(client, actors):
    sign_in(client, "governance")
    assert '<a href="/governance/stats">Statistics: searches, requests, delays</a>' in client.get(
        "/governance", headers={"Accept-Language": "en"}).text


def test_a_long_name_is_cut_in_the_chart_but_whole_in_its_description_and_table(client, actors, container):
    text = "une recherche vraiment très longue qui ne trouve rien du tout"
    with container.uow() as uow:
        recording.record(uow, SearchQuery(q=text), 0, dt.date(2026, 11, 30))
        uow.commit()
    sign_in(client, "governance")
    html = client.get("/governance/stats", headers={"Accept-Language": "fr"}).text
    assert '<text class="bar-label" x="12" y="16">une recherche vraiment très longue… : 1</text>' in html
    assert f'<desc id="sd-found_nothing">{text} : 1</desc>' in html
    assert f'<th scope="row">{text}</th>' in html
