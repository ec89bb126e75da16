"""Searches recorded for the statistics (catalogue/stats/recording.py), through both doors (REST and the web
search page), on both stacks: the text normalised, nothing that says who searched, only the first page
of a search for something, zero-result searches counted per week, and a search answered even when
recording it fails."""

from __future__ import annotations

import copy
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy import select

from catalogue.principal import Principal
from catalogue.stats import recording
from catalogue.stats import service as stats
from catalogue.stats.models import SearchFilter, SearchRecord
from tests.web.helpers import publish

STAFF = Principal(user_id=1, is_governance=True)


def recorded(container) -> list[tuple]:
    with container.uow() as uow:
        rows = uow.session.scalars(select(SearchRecord).order_by(SearchRecord.id)).all()
        return [(r.week, r.lang, r.text, r.results, sorted((f.kind, f.facet, f.value) for f in r.filters))
                for r in rows]


def this_week() -> str:
    return recording.iso_week(dt.datetime.now(dt.UTC).date())


def test_a_search_is_kept_normalised_and_without_anyone_named(client, container, actors, record):
    publish(client, actors["editor"], copy.deepcopy(record))
    page = client.get("/api/v1/search", params={"q": "  Registre   TEST\t", "lang": "en"},
                      headers=actors["user"]).json()
    assert page["total"] >= 1
    assert recorded(container) == [(this_week(), "en", "registre test", page["total"], [])]
    columns = {table: {c["name"] for c in sa.inspect(container.engine).get_columns(table)}
               for table in ("search_records", "search_filters")}
    assert columns == {"search_records": {"id", "searched_on", "week", "lang", "text", "results"},
                       "search_filters": {"search_id", "kind", "facet", "value"}}


def test_filters_exclusions_and_ranges_are_kept_by_name_and_value(client, container):
    body = {"q": "", "filters": {"typology.health_categories": ["EHRS", "EHRS", "DIOH"]},
            "exclude": {"access.rights": ["restricted"]}, "individuals_min": 100, "lang": "fr"}
    assert client.post("/api/v1/search", json=body).status_code == 200
    assert recorded(container) == [(this_week(), "fr", "", 0, [
        ("exclude", "access.rights", "restricted"), ("filter", "typology.health_categories", "DIOH"),
        ("filter", "typology.health_categories", "EHRS"), ("range", "individuals_min", "100")])]


def test_browsing_and_later_pages_are_not_counted(client, container):
    assert client.get("/api/v1/search").status_code == 200  # no text, no filter: browsing
    assert client.get("/api/v1/search", params={"q": "   "}).status_code == 200
    assert client.get("/api/v1/search", params={"q": "cohorte", "page": 2}).status_code == 200
    assert client.get("/search", params={"page": "2", "q": "cohorte"}).status_code == 200
    assert recorded(container) == []


def test_the_web_search_page_records_in_its_language(client, container):
    response = client.get("/search", params={"q": "Nulle Part", "filter": "access.rights:open"},
                          headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert recorded(container) == [(this_week(), "en", "nulle part", 0, [("filter", "access.rights", "open")])]


def test_zero_result_searches_are_counted_per_week_and_filters_alone_are_not_failures(client, container):
    for q in ("Introuvable", "introuvable ", "INTROUVABLE"):
        assert client.get("/api/v1/search", params={"q": q}).json()["total"] == 0
    assert client.get("/api/v1/search", params={"filter": "access.rights:open"}).json()["total"] == 0
    with container.uow() as uow:
        weeks = stats.figure(uow, STAFF, "searches_per_week").rows
        nothing = stats.figure(uow, STAFF, "found_nothing").rows
    assert weeks == [(this_week(), 4, 3, 3)]
    assert nothing == [("introuvable", 3, this_week())]


def test_a_long_text_is_kept_cut(client, container):
    assert client.get("/api/v1/search", params={"q": "Mot " * 125}).status_code == 200
    [(_, _, text, _, _)] = recorded(container)
    assert text == ("mot " * 50).strip()  # the first 200 characters, the space at the cut dropped


def test_a_search_is_answered_when_recording_fails(client, container, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database full")

    monkeypatch.setattr(recording, "record", broken)
    with caplog.at_level(logging.ERROR, logger="api.search_record"):
        assert client.get("/api/v1/search", params={"q": "cohorte"}).status_code == 200
        assert client.get("/search", params={"q": "cohorte"}).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name == "api.search_record"] == [
        "search not recorded for the statistics"] * 2
    assert recorded(container) == []
    with container.uow() as uow:
        assert uow.session.scalar(select(sa.func.count()).select_from(SearchFilter)) == 0
