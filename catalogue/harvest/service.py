"""Harvest: map each remote package to a description and store it, recording the run. Never commits.

Incremental: a package whose `metadata_modified` is the one already harvested is not mapped again.
Idempotent: a package that maps to the stored content changes nothing (the update is a no-op).
Kept, not dropped: what the mapping cannot place is stored with the harvested item and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from catalogue.ckan.from_package import Options, from_package
from catalogue.datasets import repository as datasets_repo
from catalogue.datasets.store import store_one
from catalogue.db import utcnow
from catalogue.errors import DomainError
from catalogue.harvest import repository as repo
from catalogue.harvest.models import HarvestItem, HarvestRun
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription
from schemas.errors import describe, summary

OUTCOMES = ("created", "updated", "unchanged", "failed")


@dataclass
class HarvestOptions:
    organization: str | None = None
    query: str | None = None
    publish: bool = True      # harvested descriptions are public in their source
    lang: str = "fr"          # language of the source's untranslated text
    country: str = "FR"       # producer country when the source does not say


def start(uow: UnitOfWork, source_url: str, kind: str, options: HarvestOptions) -> HarvestRun:
    run = HarvestRun(source_url=source_url, kind=kind, organization=options.organization, query=options.query,
                     status="running", errors=[], notes=[])
    uow.session.add(run)
    uow.flush()
    return run


def _fail(run: HarvestRun, name: str, message: str, fields: list[dict[str, str]] | None = None) -> str:
    run.failed += 1
    run.errors = [*run.errors, {"package": name, "message": message, "fields": fields or []}]
    return "failed"


def _owner_conflict(uow: UnitOfWork, run: HarvestRun, dataset_id: str) -> str | None:
    """A description of this catalogue that this source did not create is never overwritten."""
    if datasets_repo.get(uow.session, dataset_id) is None:
        return None
    owner = repo.item_for_dataset(uow.session, dataset_id)
    if owner is None:
        return f"'{dataset_id}' is already a description of this catalogue, not harvested: left untouched"
    if owner.source_url != run.source_url:
        return f"'{dataset_id}' was harvested from {owner.source_url}: left untouched"
    return None


def harvest_package(uow: UnitOfWork, actor: Principal, run: HarvestRun, package: dict[str, Any],
                    options: HarvestOptions) -> str:
    """Harvest one package; returns created | updated | unchanged | failed (and counts it on the run)."""
    name = str(package.get("name") or package.get("id") or "")
    run.seen += 1
    if not name:
        return _fail(run, "(no name)", "package without name or id")
    item = repo.item(uow.session, run.source_url, name)
    modified = package.get("metadata_modified")
    if item and modified and item.remote_modified == modified and datasets_repo.get(uow.session, item.dataset_id):
        item.last_run_id = run.id
        run.unchanged += 1
        return "unchanged"
    mapped = from_package(package, Options(lang=options.lang, country=options.country, lenient=True))
    try:
        description = DatasetDescription.model_validate(mapped.record)
    except ValidationError as exc:
        return _fail(run, name, summary(describe(exc)), describe(exc))
    conflict = _owner_conflict(uow, run, description.id)
    if conflict and not (item and item.dataset_id == description.id):
        return _fail(run, name, conflict)
    stored = store_one(uow, actor, description, publish=options.publish, action="harvest")
    if isinstance(stored, DomainError):
        return _fail(run, name, stored.message, list(stored.details or []) if isinstance(stored.details, list) else [])
    outcome = stored.outcome
    if item is None:
        item = HarvestItem(source_url=run.source_url, remote_name=name)
        uow.session.add(item)
    item.remote_id, item.dataset_id, item.remote_modified = package.get("id"), description.id, modified
    item.unmapped, item.defaulted, item.last_run_id, item.harvested_at = (
        mapped.unmapped, mapped.defaulted, run.id, utcnow())
    if mapped.unmapped or mapped.defaulted or stored.held:
        note = {"package": name, "dataset_id": description.id, "defaulted": mapped.defaulted,
                "unmapped": sorted(mapped.unmapped)}
        run.notes = [*run.notes, {**note, "kept_as_draft": list(stored.held)} if stored.held else note]
    setattr(run, outcome, getattr(run, outcome) + 1)
    return outcome


def finish(uow: UnitOfWork, run: HarvestRun, seen: set[str], *, complete_listing: bool,
           error: str | None = None) -> HarvestRun:
    """Close the run; a complete listing also counts what the source no longer lists (kept here, reported)."""
    if complete_listing and error is None:
        run.withdrawn = sum(1 for i in repo.items_of(uow.session, run.source_url) if i.remote_name not in seen)
    run.status, run.message, run.finished_at = ("failed", error[:1000], utcnow()) if error else (
        "finished", None, utcnow())
    return run
