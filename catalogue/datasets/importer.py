"""Bulk import of exchange-format JSON lines, BATCH records at a time.

A bad line is reported with its number and reason; good lines go in; nothing already stored is
lost or half-written (a failing record rolls back to its savepoint). A line the file reader could
not read arrives as `Rejected` and is reported the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from catalogue.datasets.store import store_many
from catalogue.errors import DomainError
from catalogue.principal import Principal
from catalogue.spreadsheet.problems import Rejected, all_safe, bad_strings, json_text_safe, printable
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription
from schemas.errors import describe, summary

BATCH = 1000


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
    held: dict[str, list[str]] = field(default_factory=dict)  # kept as drafts: id -> what publishing needs
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
    problems = [] if json_text_safe(text) or all_safe(data) else [
        {"field": printable(name), "message": reason} for name, reason in bad_strings(data)]
    if problems:  # no store keeps such text (PostgreSQL refuses NUL; no encoder takes a lone surrogate)
        return None, LineError(number, ident, summary(problems), problems)
    try:
        return DatasetDescription.model_validate(data), None
    except ValidationError as exc:
        items = describe(exc)
        return None, LineError(number, ident, summary(items), items)


def import_lines(uow_factory: Callable[[], UnitOfWork], actor: Principal, lines: Iterable[str | Rejected], *,
                 publish: bool = False, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import JSON lines; stores and commits BATCH records at a time (search follows each commit)."""
    report = ImportReport()
    batch: list[tuple[int, DatasetDescription]] = []

    def store(uow: UnitOfWork) -> None:
        results = store_many(uow, actor, [description for _, description in batch], publish=publish,
                             action="import")
        for (number, description), result in zip(batch, results, strict=True):
            if isinstance(result, DomainError):
                fields = list(result.details) if isinstance(result.details, list) else []  # {field, message} items
                report.errors.append(LineError(number, description.id, result.message, fields))
                continue
            if result.organisation_created:
                report.organisations_created.append(description.producer.id)
            setattr(report, result.outcome, getattr(report, result.outcome) + 1)
            report.published += result.published
            if result.held:
                report.held[description.id] = list(result.held)
        batch.clear()
        uow.commit()

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
            batch.append((number, description))
            if len(batch) >= BATCH:
                store(uow)
        store(uow)
    finally:
        uow.__exit__(None, None, None)
    report.errors.sort(key=lambda error: error.line)
    return report
