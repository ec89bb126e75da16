"""Issue 10, finding 20: the index version includes the text analysis (the Snowball stemmer's version,
the synonym and stop-word tables), so an upgrade that changes stems makes the index stale, and the
catalogue rebuilds it at start-up."""

from __future__ import annotations

import copy

import pytest

from catalogue.bootstrap import bootstrap
from schemas.search import SearchQuery
from search import analysis, index_version
from search.tantivy_engine import TantivyEngine
from tests.contracts.search_contract import doc, ids_of


@pytest.fixture
def other_analysis(monkeypatch: pytest.MonkeyPatch):
    """What an upgraded stemmer or a changed table does to the fingerprint."""
    def upgrade() -> None:
        monkeypatch.setattr(index_version, "analysis_fingerprint", lambda: "0badf00d")
    return upgrade


def test_the_fingerprint_follows_the_stemmer_version_and_the_tables(monkeypatch):
    compute = index_version.analysis_fingerprint.__wrapped__
    today = compute()
    assert today == index_version.analysis_fingerprint() and len(today) == 8
    monkeypatch.setattr(index_version, "version", lambda name: "2.2.0")
    assert compute() != today
    monkeypatch.undo()
    monkeypatch.setattr(analysis, "STOP_WORDS", analysis.STOP_WORDS | {"cohorte"})
    assert compute() != today
    monkeypatch.undo()
    monkeypatch.setattr(index_version, "SYNONYMS", (*index_version.SYNONYMS, ("AVC", "attaque")))
    assert compute() != today
    monkeypatch.undo()
    assert compute() == today
    assert index_version.index_version(1) == f"1-{today}"


def test_an_index_of_another_analysis_is_stale_until_rebuilt(tmp_path, other_analysis):
    TantivyEngine(tmp_path / "s").index([doc("a", "Cohorte")])
    assert not TantivyEngine(tmp_path / "s").stale()
    other_analysis()
    upgraded = TantivyEngine(tmp_path / "s")
    assert upgraded.stale()
    assert upgraded.rebuild([doc("a", "Cohorte"), doc("b", "Cohorte")]) == 2
    assert not upgraded.stale() and sorted(ids_of(upgraded, q="cohorte")) == ["a", "b"]  # equal scores
    assert "0badf00d" in (tmp_path / "s" / "current").read_text()


def test_start_up_rebuilds_a_stale_index_from_the_database(settings, other_analysis, record):
    from catalogue.datasets import service as datasets
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from schemas.dataset import DatasetDescription
    from schemas.organisations import OrganisationIn

    first = bootstrap(settings)
    with first.uow() as uow:
        organisations.create(uow, SYSTEM, OrganisationIn(id="chu-test", name="CHU Test", type="university_hospital"))
        for name in ("premier", "second"):
            item = copy.deepcopy(record)
            item["id"] = name
            datasets.create(uow, SYSTEM, DatasetDescription.model_validate(item))
            datasets.transition(uow, SYSTEM, name, "publish")
        uow.commit()
    assert first.search.ids() == {"premier", "second"}
    first.close()

    other_analysis()  # the same data directory / cluster, after an upgrade of the analysis
    second = bootstrap(settings)
    try:
        assert not second.search.stale()
        assert second.search.ids() == {"premier", "second"}
        assert second.search.search(SearchQuery(q="datamart")).total == 2
        if settings.search_engine == "elasticsearch":
            assert "-v1-0badf00d-" in second.search.health()["index"]
        else:
            assert "-v1-0badf00d-" in second.search.health()["generation"]
    finally:
        if settings.search_engine == "elasticsearch":
            second.search.drop()
        second.close()
