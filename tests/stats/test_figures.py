"""Each figure's numbers on a small crafted set, pinned (medians of odd and even counts included), and
who may read them."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.errors import Forbidden, Unauthenticated
from catalogue.principal import ANONYMOUS, SYSTEM, Principal
from catalogue.stats import figures, recording
from catalogue.stats import service as stats
from catalogue.stats.errors import UnknownFigure
from schemas.search import SearchQuery

STAFF = Principal(user_id=1, is_governance=True)


def searched(container) -> None:
    """Four searches over two ISO weeks (30 Nov 2026 is the Monday of 2026-W49)."""
    themes = "typology.health_categories"
    with container.uow() as uow:
        recording.record(uow, SearchQuery(q="diabète", filters={themes: ["EHRS"]}), 3, dt.date(2026, 11, 23))
        recording.record(uow, SearchQuery(filters={themes: ["EHRS", "DIOH"], "access.rights": ["open"]}), 0,
                         dt.date(2026, 11, 29))
        recording.record(uow, SearchQuery(q="xyzzy", exclude={themes: ["DIOH"]}), 0, dt.date(2026, 11, 30))
        recording.record(uow, SearchQuery(q=" XYZZY ", individuals_min=1000), 0, dt.date(2026, 12, 1))
        uow.commit()


def rows(container, name: str) -> list[tuple]:
    with container.uow() as uow:
        return stats.figure(uow, STAFF, name).rows


def test_searches_per_week_count_failed_searches_with_text_only(container):
    searched(container)
    # W48: a search with text that found 3, a filter-only one that found nothing (not a failed search)
    assert rows(container, "searches_per_week") == [("2026-W48", 2, 1, 0), ("2026-W49", 2, 2, 2)]


def test_found_nothing_lists_the_normalised_texts(container):
    searched(container)
    assert rows(container, "found_nothing") == [("xyzzy", 2, "2026-W49")]


def test_themes_count_the_health_categories_filtered_on_not_excluded(container):
    searched(container)
    assert rows(container, "themes") == [("EHRS", 2), ("DIOH", 1)]


def test_facets_count_the_searches_using_each(container):
    searched(container)
    assert rows(container, "facets") == [("typology.health_categories", 3), ("access.rights", 1),
                                         ("individuals_min", 1)]


def test_funnel_per_producer_and_overall_with_median_days(container, requests_made):
    assert rows(container, "funnel") == [
        # enquiries, filed, decided; medians: enquiry -> filed [2, 4, 1] -> 2.0; filed -> decided [10, 4, 1.5, 6] -> 5.0
        (None, 4, 5, 4, 2.0, 5.0),
        # R1, R2, R4; enquiry -> filed [2, 1] -> 1.5 (even); filed -> decided [10, 4, 1.5] -> 4.0 (odd)
        ("chu-test", 2, 3, 3, 1.5, 4.0),
        # R2, R3, R6; [4] (R3's enquiry came after it was filed); [4, 6] -> 5.0
        ("other-org", 2, 3, 2, 4.0, 5.0),
    ]


def test_outcomes_per_producer_and_overall(container, requests_made):
    # approved, approved_with_conditions, rejected, withdrawn, expired; a draft withdrawn is not counted
    assert rows(container, "outcomes") == [(None, 1, 1, 1, 1, 1), ("chu-test", 1, 1, 1, 0, 0),
                                           ("other-org", 0, 0, 1, 1, 1)]


def test_an_empty_catalogue_has_empty_figures_and_an_all_zero_overall_row(container):
    with container.uow() as uow:
        tables = {t.name: t for t in stats.all_figures(uow, STAFF)}
    assert list(tables) == figures.names()
    assert tables["funnel"].rows == [(None, 0, 0, 0, None, None)]
    assert tables["outcomes"].rows == [(None, 0, 0, 0, 0, 0)]
    assert tables["found_nothing"].rows == [] and tables["searches_per_week"].bars == []


def test_bars_follow_the_rows(container, requests_made):
    with container.uow() as uow:
        funnel = stats.figure(uow, STAFF, "funnel")
    assert [(b.label, b.value) for b in funnel.bars] == [("enquiries", 4), ("requests_filed", 5), ("decisions", 4)]


@pytest.mark.parametrize("actor, refusal", [
    (ANONYMOUS, Unauthenticated), (Principal(user_id=5), Forbidden),
    (Principal(user_id=6, roles={"chu-test": "admin"}), Forbidden)])
def test_only_staff_read_the_figures(container, actor, refusal):
    with container.uow() as uow, pytest.raises(refusal):
        stats.all_figures(uow, actor)
    with container.uow() as uow, pytest.raises(refusal):
        stats.figure(uow, actor, "funnel")


def test_platform_admins_read_them_too(container):
    with container.uow() as uow:
        assert stats.figure(uow, Principal(user_id=2, is_platform_admin=True), "outcomes").name == "outcomes"


def test_an_unknown_figure_is_not_found(container):
    with container.uow() as uow, pytest.raises(UnknownFigure, match="no figure named"):
        stats.figure(uow, STAFF, "sessions")


def test_registering_a_figure_is_one_entry(container, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES", list(figures.FIGURES))
    monkeypatch.setattr(stats, "FIGURES", figures.FIGURES)
    figures.register(figures.Figure("needs", ("theme", "posted"), lambda session: [("EHRS", 3)],
                                    figures.by_row("theme", "posted", "theme")))
    with container.uow() as uow:
        assert stats.figure(uow, STAFF, "needs").records() == [{"theme": "EHRS", "posted": 3}]
    with pytest.raises(ValueError, match="already registered"):
        figures.register(figures.Figure("needs", (), lambda session: [], figures.across(())))


def test_prune_deletes_searches_older_than_the_days_given(container):
    searched(container)
    with container.uow() as uow:
        assert stats.prune(uow, SYSTEM, 2, today=dt.date(2026, 12, 1)) == 1  # before 29 Nov: 23 Nov only
        uow.commit()
    assert rows(container, "searches_per_week") == [("2026-W48", 1, 0, 0), ("2026-W49", 2, 2, 2)]
    with container.uow() as uow:
        assert stats.prune(uow, SYSTEM, 0, today=dt.date(2026, 12, 2)) == 3
        uow.commit()
    assert rows(container, "themes") == [] and rows(container, "facets") == []


@pytest.mark.parametrize("days", [-1, 36501, 10**12])
def test_prune_refuses_a_retention_out_of_range(container, days):
    from catalogue.errors import ValidationFailed

    with container.uow() as uow, pytest.raises(ValidationFailed) as refused:
        stats.prune(uow, SYSTEM, days)
    assert refused.value.details == [{"field": "older_than_days", "message": "between 0 and 36500"}]


def test_only_platform_admins_prune(container):
    with container.uow() as uow, pytest.raises(Forbidden):
        stats.prune(uow, STAFF, 30)
