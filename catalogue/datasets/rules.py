"""What a description needs: to be kept as a draft (leniently), and to be published (strictly).

A draft may be incomplete: a producer saves what they have and comes back. It still refuses what is
malformed or dangerous (a bad id, a bad URL or address, an out-of-range number, a 10 MB text): only
"nothing given yet" is let through. Publishing needs the whole exchange format, plus what the
standards need for a valid export (`PUBLICATION_NEEDS`: the HealthDCAT-AP R8 shapes make each
dcat:Dataset carry a health category, and the non-public profile a keyword).

Each problem has a stable `code` and its parameters, so every front door words it in its own language.
"""

from __future__ import annotations

import re
import dataclasses
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from catalogue.errors import ValidationFailed
from schemas.dataset import DatasetDescription
from schemas.errors import field_path
from schemas.paths import value_at

# A draft is a row of the catalogue: it needs its id (the key) and a title to be found again.
DRAFT_NEEDS = ("id", "title")
# Beyond the exchange format, for an export that passes the SHACL shapes (tests/rdf/test_shacl.py).
PUBLICATION_NEEDS: dict[str, str] = {
    "typology.health_categories": "HealthDCAT-AP: each dataset has at least one healthdcatap:healthCategory",
    "keywords": "HealthDCAT-AP (non-public): each dataset has at least one dcat:keyword",
}
# pydantic error types -> our codes. "missing" means nothing was given, the only gap a draft may have.
CODES = {"missing": "missing", "too_short": "missing", "int_parsing": "integer", "int_type": "integer",
         "int_from_float": "integer", "greater_than_equal": "min", "less_than_equal": "max",
         "date_parsing": "date", "date_from_datetime_parsing": "date", "date_type": "date",
         "date_from_datetime_inexact": "date", "literal_error": "choice", "bool_parsing": "choice",
         "string_too_long": "too_long", "string_pattern_mismatch": "pattern", "slug": "slug", "email": "email",
         "url": "url", "ages_order": "ages_order", "dates_order": "dates_order", "extra_forbidden": "unknown"}
# The longest text a field holds (the corpus's longest is about 1,200 characters): a pasted file is refused.
MAX_TEXT = 20_000
PARAMS = ("ge", "le", "max_length", "min_age", "max_age", "start", "end")  # the ones messages may quote
_INDEX = re.compile(r"\[\d+\]")


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing to fix: the record's dotted path, a stable code, the values its message quotes."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)
    message: str = dataclasses.field(default="", compare=False)  # the model's English wording, for the API

    def detail(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "params": self.params,
                "message": self.message or self.code.replace("_", " ")}


class DraftRefused(ValidationFailed):
    """A value of the draft is malformed, or the draft lacks what every draft needs."""

    code = "draft_refused"


class NotPublishable(ValidationFailed):
    """The description lacks what publishing needs; details names each field."""

    code = "not_publishable"


def _model_at_field(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    info = model.model_fields.get(name)
    inner = info.annotation if info is not None else None
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _model_at(path: str) -> type[BaseModel] | None:
    """The block model a dotted path names (`access.audiences` -> Audiences), or None for a leaf."""
    model: type[BaseModel] | None = DatasetDescription
    for part in path.split("."):
        model = _model_at_field(model, part) if model else None
    return model


def _required_leaves(path: str, model: type[BaseModel]) -> list[str]:
    """A missing block is each of its required fields missing: every one is shown under its own input
    (a missing coverage was once reported on its end date)."""
    leaves: list[str] = []
    for name, info in model.model_fields.items():
        if info.is_required():
            here = f"{path}.{name}" if path else name
            inner = _model_at(here)
            leaves += _required_leaves(here, inner) if inner else [here]
    return leaves


def required_for_publication() -> list[str]:
    """Every field publishing needs (the producer block is the catalogue's, never typed)."""
    fields = [f for f in _required_leaves("", DatasetDescription) if not f.startswith("producer.")]
    return fields + [f for f in PUBLICATION_NEEDS if f not in fields]


def problems_of(error: ValidationError) -> list[Problem]:
    """The model's errors as problems, once each, a missing block spread over its required fields."""
    found: dict[tuple[str, str], Problem] = {}
    for err in error.errors(include_url=False):
        path = _INDEX.sub("", field_path(tuple(err["loc"])))
        code = CODES.get(err["type"], "invalid")
        if err["type"] == "too_short" and (err.get("ctx") or {}).get("actual_length", 0) > 0:
            code = "invalid"
        params = {k: _plain(v) for k, v in (err.get("ctx") or {}).items() if k in PARAMS}
        block = _model_at(path) if code == "missing" else None
        for where in _required_leaves(path, block) if block else [path]:
            found.setdefault((where, code), Problem(where, code, params, str(err["msg"]).removeprefix("Value error, ")))
    return list(found.values())


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str) else str(value)


def _too_long(value: Any, path: str = "") -> list[Problem]:
    if isinstance(value, str):
        return [Problem(path, "too_long", {"max_length": MAX_TEXT})] if len(value) > MAX_TEXT else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    found: list[Problem] = []
    for key, item in items:
        found += _too_long(item, path if isinstance(key, int) else f"{path}.{key}" if path else str(key))
    return found


def publication_problems(record: dict[str, Any]) -> list[Problem]:
    """Everything that stands between `record` and publication (empty: it may be published)."""
    problems = list(dict.fromkeys(_too_long(record)))
    try:
        DatasetDescription.model_validate(record)
    except ValidationError as exc:
        problems += [p for p in problems_of(exc) if p not in problems]
    for path, why in PUBLICATION_NEEDS.items():
        if value_at(record, path) in (None, "", [], {}) and not any(p.field == path for p in problems):
            problems.append(Problem(path, "missing", {}, why))
    return problems


def is_whole(record: dict[str, Any]) -> bool:
    """Whether the record is a whole exchange record (what pages and exports of a description read);
    only a draft can be otherwise."""
    try:
        DatasetDescription.model_validate(record)
    except ValidationError:
        return False
    return True


def check_draft(record: dict[str, Any]) -> list[Problem]:
    """What the draft still lacks for publication; raises DraftRefused if it cannot be kept at all."""
    problems = publication_problems(record)
    refused = [p for p in problems if p.code != "missing" or p.field.split(".")[0] in DRAFT_NEEDS]
    if refused:
        raise DraftRefused("; ".join(f"{p.field}: {p.detail()['message']}" for p in refused),
                           details=[p.detail() for p in refused])
    return problems


def check_publishable(record: dict[str, Any]) -> None:
    """Raises NotPublishable, naming each field, unless the record may be published."""
    problems = publication_problems(record)
    if problems:
        raise NotPublishable("publishing needs: " + "; ".join(f"{p.field} ({p.code})" for p in problems),
                             details=[p.detail() for p in problems])


@lru_cache(maxsize=256)
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind)


def _kept(value: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, item in value.items():
        if name not in model.model_fields:
            out[name] = item
            continue
        inner = _model_at_field(model, name)
        if inner is not None and isinstance(item, dict):
            out[name] = _kept(item, inner)
        else:
            adapter = _adapter(model, name)
            out[name] = adapter.dump_python(adapter.validate_python(item), mode="json")
    return out


def as_stored(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the exchange format writes it ("true" -> true, "12000" -> 12000), whole or a draft.

    Call after `check_draft` or `check_publishable`: every value given is then valid on its own.
    """
    try:
        return DatasetDescription.model_validate(record).to_record()
    except ValidationError:
        return _kept(record, DatasetDescription)
