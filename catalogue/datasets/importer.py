"""Bulk import of exchange-format JSON lines, one savepoint per record.

A bad line is reported with its number and reason; good lines go in; nothing already stored is
lost or half-written (a failing record rolls back to its savepoint). A line the file reader could
not read arrives as `Rejected` and is reported the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from catalogue.datasets import repository as repo
from catalogue.datasets import service
from catalogue.errors import DomainError
from catalogue.organisations import service as organisations
from catalogue.principal import Principal
from catalogue.spreadsheet.problems import Rejected, bad_strings, printable
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription
from schemas.errors import describe, summary

BATCH = 200


@dataclass
class LineError:
    line: int
    id: str | None
    message: str
    fields: list[dict[str, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    organisations_created: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


def parse_line(number: int, text: str | Rejected) -> tuple[DatasetDescription | None, LineError | None]:
    if isinstance(text, Rejected):
        return None, LineError(number, text.id, text.message, list(text.fields))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, LineError(number, None, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except ValueError:  # json.loads refuses integers of thousands of digits
        return None, LineError(number, None, "invalid JSON: a number has too many digits")
    except RecursionError:
        return None, LineError(number, None, "invalid JSON: nested too deep")
    if not isinstance(data, dict):
        return None, LineError(number, None, "a line must hold one JSON object")
    ident = data.get("id") if isinstance(data.get("id"), str) else None
    ident = printable(ident) if ident is not None else None
    problems = [{"field": printable(name), "message": reason} for name, reason in bad_strings(data)]
    if problems:  # no store keeps such text (PostgreSQL refuses NUL; no encoder takes a lone surrogate)
        return None, LineError(number, ident, summary(problems), problems)
    try:
        return DatasetDescription.model_validate(data), None
    except ValidationError as exc:
        items = describe(exc)
        return None, LineError(number, ident, summary(items), items)


def _store(uow: UnitOfWork, actor: Principal, description: DatasetDescription,
           publish: bool) -> tuple[bool, str, bool]:
    """Write one record; returns (organisation created, created|updated|unchanged, published)."""
    _, created_org = organisations.ensure_for_producer(uow, description.producer)
    if repo.get(uow.session, description.id) is None:
        dataset, outcome = service.create(uow, actor, description, action="import"), "created"
    else:
        dataset, changed = service.update(uow, actor, description.id, description, action="import")
        outcome = "updated" if changed else "unchanged"
    published = publish and dataset.status == "draft"
    if published:
        service.transition(uow, actor, dataset.id, "publish")
    return created_org, outcome, published


def import_lines(uow_factory: Callable[[], UnitOfWork], actor: Principal, lines: Iterable[str | Rejected], *,
                 publish: bool = False, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import JSON lines; commits every BATCH records (search follows each commit)."""
    report = ImportReport()
    pending = 0
    uow = uow_factory().__enter__()
    try:
        for number, text in enumerate(lines, start=1):
            if progress:
                progress(number)
            if isinstance(text, str) and not text.strip():
                continue
            description, error = parse_line(number, text)
            if error:
                report.errors.append(error)
                continue
            assert description is not None
            savepoint = uow.session.begin_nested()
            try:
                created_org, outcome, published = _store(uow, actor, description, publish)
                savepoint.commit()
            except DomainError as exc:
                savepoint.rollback()
                fields = list(exc.details) if isinstance(exc.details, list) else []  # {field, message} items, if any
                report.errors.append(LineError(number, description.id, exc.message, fields))
                continue
            if created_org:
                report.organisations_created.append(description.producer.id)
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.published += published
            pending += 1
            if pending >= BATCH:
                uow.commit()
                pending = 0
        uow.commit()
    finally:
        uow.__exit__(None, None, None)
    return report
