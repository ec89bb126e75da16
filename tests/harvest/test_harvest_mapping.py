"""Harvest edge cases on CKAN-shaped packages (organisation-less, contact-less, fluent and ckanext-dcat
fields, custom extras, local homonyms), in-process on every engine: counted, reported, kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from catalogue.datasets import repository as datasets_repo
from catalogue.harvest import repository as repo
from catalogue.harvest.runner import run_harvest
from catalogue.harvest.service import HarvestOptions
from catalogue.principal import SYSTEM

PACKAGES = json.loads((Path(__file__).parent / "fixtures" / "ckan_packages.json").read_text(encoding="utf-8"))


class ListSource:
    """A harvest source serving fixed pages, as CkanSource yields them."""

    kind = "ckan"

    def __init__(self, packages, url="https://portal.example.org", rows=2):
        self.url, self.packages, self.rows = url, packages, rows

    def pages(self):
        for start in range(0, len(self.packages), self.rows):
            yield self.packages[start:start + self.rows]


def harvest(container, packages, **options):
    return run_harvest(container.uow, SYSTEM, ListSource(packages), HarvestOptions(**options))


def test_edge_cases_are_counted_reported_and_kept(container, actors, client, record):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    run = harvest(container, PACKAGES)
    assert (run.status, run.seen, run.created, run.failed) == ("finished", 5, 2, 3)
    errors = {e["package"]: e["message"] for e in run.errors}
    assert "producer" in errors["enquete-sante-sans-organisation"]
    assert "contact" in errors["cohorte-sans-contact"]
    assert "not harvested: left untouched" in errors["registre-test"]
    with container.uow() as uow:
        registry = datasets_repo.get(uow.session, "registre-cancers-rhone")
        # CKAN has no EHDS health category, which publishing needs (HealthDCAT-AP): kept as a draft, and said
        assert registry.status == "draft" and registry.organisation_id == "hcl-registres"
        data = registry.record
        assert data["title"] == {"fr": "Registre des cancers du Rhône", "en": "Rhône cancer registry"}
        assert data["temporal_coverage"] == {"start": "1995-01-01", "end": None}
        assert data["update_frequency"] == "ANNUAL"
        assert data["documents"] == [{"title": "Dictionnaire des variables", "kind": "data_dictionary",
                                      "url": "https://registre-cancers-rhone.example.org/dictionnaire.pdf"}]
        assert data["keywords"] == {"fr": ["cancer", "registre", "épidémiologie"]}
        item = repo.item(uow.session, "https://portal.example.org", "registre_cancers_rhone")
        assert item.unmapped == {"groups": PACKAGES[0]["groups"], "extras": {"qualification_qualite": "RNCE 2021"}}
        assert "access" in item.defaulted and "health_data_hub" in item.defaulted
        hospital = datasets_repo.get(uow.session, "open-data-hospitalisations").record
        assert hospital["contact"]["email"] == "drees-data@example.org" and hospital["licence"].startswith("Licence")
        assert hospital["description"] == hospital["summary"] == hospital["title"]
        local = datasets_repo.get(uow.session, "registre-test")
        assert local.record["title"] == record["title"] and local.status == "draft"
    notes = {n["package"]: n for n in run.notes}
    assert notes["open-data-hospitalisations"]["unmapped"] == ["extras", "version"]
    assert notes["registre_cancers_rhone"]["kept_as_draft"] == ["typology.health_categories"]


def test_a_second_run_changes_nothing_and_a_touched_package_is_a_no_op(container):
    first = harvest(container, PACKAGES[:1])
    assert first.created == 1
    with container.uow() as uow:
        revisions = len(datasets_repo.revisions(uow.session, "registre-cancers-rhone"))
    again = harvest(container, PACKAGES[:1])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    touched = copy.deepcopy(PACKAGES[:1])
    touched[0]["metadata_modified"] = "2025-01-01T00:00:00.000000"  # re-saved upstream, same content
    third = harvest(container, touched)
    assert (third.updated, third.unchanged) == (0, 1)
    touched[0]["title_translated"]["fr"] = "Registre des cancers du Rhône (révisé)"
    touched[0]["metadata_modified"] = "2025-02-01T00:00:00.000000"
    fourth = harvest(container, touched)
    assert (fourth.updated, fourth.unchanged) == (1, 0)
    with container.uow() as uow:
        assert len(datasets_repo.revisions(uow.session, "registre-cancers-rhone")) == revisions + 1
        assert [r.id for r in repo.runs(uow.session, "https://portal.example.org")] == [
            fourth.id, third.id, again.id, first.id]


def test_withdrawn_packages_are_reported_not_deleted(container):
    harvest(container, PACKAGES[:1] + PACKAGES[3:4])
    run = harvest(container, PACKAGES[:1])
    assert run.withdrawn == 1
    with container.uow() as uow:
        assert datasets_repo.get(uow.session, "open-data-hospitalisations") is not None


def test_draft_option_keeps_harvested_descriptions_unpublished(container):
    harvest(container, PACKAGES[:1], publish=False)
    with container.uow() as uow:
        assert datasets_repo.get(uow.session, "registre-cancers-rhone").status == "draft"
