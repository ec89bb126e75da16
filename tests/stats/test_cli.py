"""`catalogue stats show|export|prune` on each SQL store."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from catalogue.cli import context
from catalogue.cli.main import app
from catalogue.stats import recording
from schemas.search import SearchQuery


@pytest.fixture
def cli(settings, monkeypatch):
    """The CLI on the same data directory and database as the test's container."""
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", settings.database_url or "")
    monkeypatch.setattr(context.console, "width", 200)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["stats", *args])


def test_show_one_figure(cli, requests_made):
    result = cli("show", "--figure", "funnel")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").replace("┃", " ").split()) for line in result.output.splitlines()]
    assert "producer enquiries requests_filed decisions median_days_to_request median_days_to_decision" in lines
    assert "— 4 5 4 2.0 5.0" in lines and "chu-test 2 3 3 1.5 4.0" in lines and "other-org 2 3 2 4.0 5.0" in lines


def test_show_every_figure(cli, container):
    result = cli("show")
    assert result.exit_code == 0, result.output
    for name in ("searches_per_week", "found_nothing", "themes", "facets", "funnel", "outcomes"):
        assert name in result.output
    assert result.output.count("nothing to count yet") == 4


def test_export_a_figure(cli, requests_made, tmp_path):
    out = tmp_path / "outcomes.csv"
    result = cli("export", "outcomes", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "outcomes: 3 rows written to" in result.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "\ufeffproducer,approved,approved_with_conditions,rejected,withdrawn,expired",
        ",1,1,1,1,1", "chu-test,1,1,1,0,0", "other-org,0,0,1,1,1"]


def test_an_unknown_figure_is_an_error(cli, container, tmp_path):
    result = cli("export", "sessions", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 1 and "unknown_figure" in result.output
    assert not (tmp_path / "x.csv").exists()
    assert cli("show", "--figure", "sessions").exit_code == 1


def test_prune_keeps_the_recent_searches(cli, container):
    today = dt.datetime.now(dt.UTC).date()
    with container.uow() as uow:
        for age in (0, 10, 40, 400):
            recording.record(uow, SearchQuery(q=f"age {age}"), 1, today - dt.timedelta(days=age))
        uow.commit()
    result = cli("prune", "--older-than", "30")
    assert result.exit_code == 0, result.output
    assert "2 recorded searches deleted (older than 30 days)" in result.output
    assert "1 recorded searches deleted" in cli("prune", "--older-than", "5").output


@pytest.mark.parametrize("days", ["-1", "36501", "many"])
def test_prune_refuses_a_bad_number_of_days(cli, container, days):
    result = cli("prune", "--older-than", days)
    assert result.exit_code == 2 and "--older-than" in result.output
