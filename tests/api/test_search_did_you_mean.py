"""Did you mean and title completion, through REST and the search page (embedded and production)."""

from __future__ import annotations

import copy

from tests.web.helpers import publish


def two_records(client, actors, record):
    """One description named after a rare word, one that only mentions it in its long description."""
    named = copy.deepcopy(record)
    named.update(id="named", title={"fr": "Cohorte hémochromatose", "en": "Haemochromatosis cohort"})
    mentioned = copy.deepcopy(record)
    mentioned.update(id="mentioned", title={"fr": "Base nationale des séjours", "en": "National stays base"})
    mentioned["description"] = {"fr": "Tous les séjours, dont ceux des patients atteints d'hémochromatose.",
                                "en": "Every stay."}
    for item in (named, mentioned):
        publish(client, actors["editor"], item)


def test_a_typo_is_forgiven_and_the_correction_offered_when_it_finds_clearly_more(client, actors, record):
    two_records(client, actors, record)
    typo = client.get("/api/v1/search", params={"q": "hemochromatoes"}).json()
    assert [h["id"] for h in typo["hits"]] == ["named"]  # the typo fallback: the short fields only
    assert typo["did_you_mean"] == "hemochromatose"
    right = client.get("/api/v1/search", params={"q": "hemochromatose"}).json()
    assert {h["id"] for h in right["hits"]} == {"named", "mentioned"} and right["did_you_mean"] is None
    page = client.get("/search", params={"q": "Hemochromatoes"}, headers={"Accept-Language": "fr"}).text
    offer = page.split('class="did-you-mean"')[1].split("</p>")[0]
    assert "Vouliez-vous dire" in offer and 'href="/search?q=hemochromatose"' in offer
    english = client.get("/search", params={"q": "hemochromatoes"}, headers={"Accept-Language": "en"}).text
    assert "Did you mean:" in english


def test_no_offer_when_the_correction_finds_no_more(client, actors, record):
    two_records(client, actors, record)
    body = client.get("/api/v1/search", params={"q": "cohrote"}).json()  # only "named" says cohorte, in its title
    assert [h["id"] for h in body["hits"]] == ["named"] and body["did_you_mean"] is None
    assert client.get("/api/v1/search", params={"q": "hemochromatoes", "page": 2}).json()["did_you_mean"] is None
    nothing = client.get("/api/v1/search", params={"q": "qwxzqwxz"}).json()
    assert nothing["total"] == 0 and nothing["did_you_mean"] is None


def test_titles_complete_the_words_typed_with_and_without_javascript(client, actors, record):
    two_records(client, actors, record)
    page = client.get("/search", params={"q": "hémochro"}, headers={"Accept-Language": "fr"}).text
    datalist = page.split('<datalist id="q-suggestions">')[1].split("</datalist>")[0]
    assert '<option value="Cohorte hémochromatose">' in datalist and 'list="q-suggestions"' in page
    assert 'data-suggest="/api/v1/suggest"' in page
    # Nothing found for half a word: the completing titles are links too.
    section = page.split('class="suggestions"')[1].split("</section>")[0]
    assert 'href="/datasets/named"' in section and "Cohorte hémochromatose" in section
    english = client.get("/search", params={"q": "haemochro"}, headers={"Accept-Language": "en"}).text
    assert '<option value="Haemochromatosis cohort">' in english
    found = client.get("/search", params={"q": "hemochromatose"}).text
    assert 'class="suggestions"' not in found  # results: no list of titles in the page
    api = client.get("/api/v1/suggest", params={"prefix": "hémochro"}).json()
    assert [s["id"] for s in api] == ["named"]
