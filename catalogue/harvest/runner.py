"""One harvest run from start to end: the boundary that commits (after each page of the source)."""

from __future__ import annotations

from collections.abc import Callable

from catalogue.harvest import service
from catalogue.harvest.ckan_source import CkanSource, SourceUnavailable
from catalogue.harvest.models import HarvestRun
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork


def run_harvest(uow_factory: Callable[[], UnitOfWork], actor: Principal, source: CkanSource,
                options: service.HarvestOptions,
                progress: Callable[[str, str], None] | None = None) -> HarvestRun:
    """Harvest every package of `source`; a source failure ends the run as failed, keeping what was done."""
    with uow_factory() as uow:
        run = service.start(uow, source.url, source.kind, options)
        uow.commit()
        seen: set[str] = set()
        error = None
        try:
            for page in source.pages():
                for package in page:
                    seen.add(str(package.get("name") or package.get("id") or ""))
                    outcome = service.harvest_package(uow, actor, run, package, options)
                    if progress:
                        progress(str(package.get("name")), outcome)
                uow.commit()
        except SourceUnavailable as exc:
            error = str(exc)
        service.finish(uow, run, seen, complete_listing=not (options.organization or options.query), error=error)
        uow.commit()
    return run
