"""The coverage timeline and the volume figure of a description page: geometry, text alternative, both languages."""

from __future__ import annotations

import datetime as dt
import re

from api.web import figures
from tests.web.helpers import publish

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
TODAY = dt.date(2026, 12, 2)


def test_an_ongoing_coverage_runs_to_today_on_an_axis_of_round_years():
    drawn = figures.timeline({"start": "2006-01-01", "end": None}, TODAY)
    assert drawn is not None
    assert (drawn.x0, drawn.x1, drawn.today_x) == (12.0, 386.5, 386.5)
    assert [(tick.x, tick.label) for tick in drawn.ticks] == [
        (83.6, 2010), (173.1, 2015), (262.7, 2020), (352.2, 2025)]


def test_a_short_closed_coverage_is_drawn_on_five_years_at_least_up_to_now():
    drawn = figures.timeline({"start": "2019-01-01", "end": "2019-12-31"}, TODAY)
    assert drawn is not None and drawn.end == dt.date(2019, 12, 31)
    assert (drawn.x0, drawn.x1, drawn.today_x) == (12.0, 58.8, 384.1)
    assert [(tick.x, tick.label) for tick in drawn.ticks] == [(59.0, 2020), (153.0, 2022), (247.0, 2024), (341.0, 2026)]


def test_a_coverage_ending_in_the_future_extends_the_axis():
    drawn = figures.timeline({"start": "2025-06-01", "end": "2031-12-31"}, TODAY)
    assert drawn is not None and (drawn.x0, drawn.x1, drawn.today_x) == (34.2, 387.9, 115.0)
    assert [tick.label for tick in drawn.ticks] == [2026, 2028, 2030, 2032]


def test_no_timeline_without_a_readable_start():
    assert figures.timeline(None, TODAY) is None
    assert figures.timeline({"start": "not a date"}, TODAY) is None


def test_volume_bars_on_a_log_scale_from_one_to_ten_billion():
    drawn = figures.volume({"individuals": 69_000_000, "records": None})
    assert drawn is not None and drawn.span == 376
    assert [(bar.key, bar.value, bar.width) for bar in drawn.bars] == [("individuals", 69_000_000, 294.7)]
    assert [(tick.x, tick.label) for tick in drawn.ticks] == [(12.0, 0), (124.8, 3), (237.6, 6), (350.4, 9)]
    both = figures.volume({"individuals": 0, "records": 10**12})
    assert both is not None
    assert [(bar.key, bar.width) for bar in both.bars] == [("individuals", 0.0), ("records", 376.0)]


def test_no_volume_figure_without_counts():
    assert figures.volume({"individuals": None, "records": None}) is None
    assert figures.volume({"individuals": True}) is None  # a flag is not a count
    assert figures.volume(None) is None


def section(html: str) -> str:
    start = html.index('<section id="figures"')
    return html[start:html.index("</section>", start)]


def test_the_dataset_page_draws_both_figures_with_their_text_in_french(client, actors, record):
    publish(client, actors["editor"], record)  # since 2006, ongoing; 69 million individuals
    html = section(client.get("/datasets/registre-test", headers=FR).text)
    assert '<h2 id="h-figures">Période et volume en un coup d&#39;œil</h2>' in html
    assert re.search(r'<svg class="chart timeline-chart" viewBox="0 0 400 66" role="img" '
                     r'aria-labelledby="fig-coverage-title"', html)
    assert ('<title id="fig-coverage-title">Frise de la période couverte : '
            "depuis le 1er janvier 2006 (en cours).</title>") in html
    assert "<figcaption>Période couverte : depuis le 1er janvier 2006 (en cours).</figcaption>" in html
    assert 'class="span ongoing"' in html and ">aujourd&#39;hui</text>" in html
    assert ('<title id="fig-volume-title">Barres du volume sur une échelle logarithmique de 1 à 10 milliards : '
            "Nombre d&#39;individus : 69\u202f000\u202f000.</title>") in html
    assert '<rect class="bar" x="12" y="21" width="294.7" height="12"/>' in html
    assert [label for label in re.findall(r'<text class="tick-label"[^>]*>([^<]+)</text>', html)][-4:] == [
        "1", "1\u202f000", "1 million", "1 milliard"]
    assert "style=" not in html  # the Content-Security-Policy refuses inline styles


def test_the_same_figures_in_english_for_a_closed_coverage(client, actors, record):
    record["temporal_coverage"] = {"start": "2015-03-01", "end": "2019-12-31"}
    record["volume"] = {**record["volume"], "individuals": 12000, "records": 1234567}
    publish(client, actors["editor"], record)
    html = section(client.get("/datasets/registre-test", headers=EN).text)
    assert "<figcaption>Period covered: from 1 March 2015 to 31 December 2019.</figcaption>" in html
    assert "ongoing" not in html
    assert ("<figcaption>Volume (log scale): Number of individuals: 12,000; "
            "Number of records: 1,234,567.</figcaption>") in html
    assert 'viewBox="0 0 400 98"' in html  # two bars
    assert ">1 billion</text>" in html and "milliard" not in html


def test_no_volume_figure_when_the_description_gives_no_count(client, actors, record):
    record["volume"] = {**record["volume"], "individuals": None, "records": None}
    publish(client, actors["editor"], record)
    html = section(client.get("/datasets/registre-test", headers=EN).text)
    assert "timeline-chart" in html and "volume-chart" not in html
