"""The description form: fields of the exchange format, form data <-> exchange record, errors per field.

Validation is the API's own: the record built from the form goes through `DatasetDescription`,
and each pydantic error is shown next to the input it concerns, in the visitor's language.
Inputs are named by the record's dotted paths (`access.audiences.startup`, `title.fr`…).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from schemas import vocabularies as v
from schemas.dataset import DatasetDescription
from schemas.errors import field_path
from schemas.paths import value_at

LANGS = ("fr", "en")


@dataclass(frozen=True)
class Field:
    name: str  # dotted path in the record
    kind: str  # text | email | url | int | date | textarea | ml_text | ml_textarea | ml_list | list | checks
    #            | radio | select | bool | variables
    vocabulary: str | None = None  # label prefix in the locales
    options: tuple[str, ...] = ()
    required: bool = False


def _codes(literal: Any) -> tuple[str, ...]:
    return tuple(literal.__args__)


SECTIONS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("identity", (
        Field("id", "text", required=True), Field("title", "ml_text", required=True),
        Field("summary", "ml_textarea", required=True), Field("description", "ml_textarea", required=True),
        Field("keywords", "ml_list"), Field("contact.name", "text", required=True),
        Field("contact.email", "email", required=True))),
    ("typology", (
        Field("typology.data_types", "checks", "data_type", _codes(v.DataType), required=True),
        Field("typology.health_categories", "checks", "health_category", _codes(v.HealthCategory)),
        Field("typology.health_themes", "ml_list"),
        Field("typology.structured", "bool", "yesno", ("true", "false"), required=True),
        Field("typology.coding_systems", "checks", None, _codes(v.CodingSystem)),
        Field("typology.common_data_model", "text"))),
    ("population", (
        Field("population.description", "ml_textarea"), Field("population.min_age", "int"),
        Field("population.max_age", "int"), Field("population.geography", "list", required=True),
        Field("population.care_settings", "checks", "care_setting", _codes(v.CareSetting)),
        Field("temporal_coverage.start", "date", required=True), Field("temporal_coverage.end", "date"),
        Field("update_frequency", "select", "frequency", _codes(v.Frequency)))),
    ("volume", tuple(Field(f"volume.{n}", "int") for n in
                     ("individuals", "records", "variables", "size_bytes", "yearly_growth_individuals"))),
    ("access", (
        Field("access.rights", "radio", "access_rights", _codes(v.AccessRights), required=True),
        Field("access.modalities", "checks", "modality", _codes(v.AccessModality), required=True),
        Field("access.platform", "text"),
        *(Field(f"access.audiences.{a}", "select", "audience_answer", _codes(v.AudienceAnswer), required=True)
          for a in _codes(v.Audience)),
        Field("access.procedure", "ml_textarea", required=True), Field("access.legal_bases", "list"),
        Field("access.typical_delay_days", "int"),
        Field("access.cost.model", "select", "cost", _codes(v.CostModel)),
        Field("access.cost.description", "ml_text"), Field("access.data_use_conditions", "list"),
        Field("access.request_url", "url"))),
    ("hdh", (
        Field("health_data_hub.relationship", "select", "hdh", _codes(v.HdhRelationship), required=True),
        Field("health_data_hub.catalogue_id", "text"),
        Field("health_data_hub.snds_linkable", "bool", "yesno", ("true", "false"), required=True),
        Field("health_data_hub.on_hdh_platform", "bool", "yesno", ("true", "false"), required=True))),
    ("collaboration", (
        Field("collaboration.seeking", "checks", "seeking", _codes(v.CollaborationNeed)),
        Field("collaboration.description", "ml_textarea"))),
    ("more", (
        Field("variables", "variables"), Field("landing_page", "url"), Field("languages", "list"),
        Field("licence", "text"))),
)
FIELDS = {f.name: f for _, fields in SECTIONS for f in fields}
# Errors on a whole block (cross-field rules) are shown at the input that usually needs fixing.
BLOCK_ERRORS = {"population": "population.max_age", "temporal_coverage": "temporal_coverage.end",
                "access.cost": "access.cost.model", "producer": "id", "(root)": "id"}
# Error types with a message of our own (in both languages); others keep the model's message.
MESSAGES = {"missing": "missing", "string_too_short": "missing", "too_short": "choose_one",
            "int_parsing": "integer", "int_type": "integer", "int_from_float": "integer",
            "greater_than_equal": "min", "less_than_equal": "max", "date_parsing": "date",
            "date_from_datetime_parsing": "date", "date_type": "date", "literal_error": "choice",
            "bool_parsing": "choice", "string_too_long": "too_long", "string_pattern_mismatch": "pattern"}


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = record
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


def variables_text(variables: list[dict[str, Any]]) -> str:
    def plain(value: Any) -> str:
        return (value.get("fr") or value.get("en") or "") if isinstance(value, dict) else (value or "")
    return "\n".join(" | ".join([v["name"], v.get("type") or "", plain(v.get("label")), plain(v.get("description"))])
                     .rstrip(" |") for v in variables)


def _variables(text: str, original: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if text.strip() == variables_text(original).strip():
        return original  # unchanged: keep multilingual labels the one-line form cannot show
    out = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        if parts[0]:
            item = {"name": parts[0]}
            for key, value in zip(("type", "label", "description"), parts[1:4], strict=True):
                if value:
                    item[key] = value
            out.append(item)
    return out


def to_record(form: FormData, base: dict[str, Any]) -> dict[str, Any]:
    """The exchange record the form describes; fields the form does not show are kept from `base`."""
    record = {k: v for k, v in base.items() if k not in {"access", "collaboration", "volume", "population",
                                                           "typology", "contact", "health_data_hub"}}
    for name in ("keywords", "landing_page", "languages", "licence", "update_frequency", "variables", "modified"):
        record.pop(name, None)  # `modified` too: the catalogue dates each change
    for field in FIELDS.values():
        raw = [str(x) for x in form.getlist(field.name)]
        text = raw[0].strip() if raw else ""
        if field.kind in ("ml_text", "ml_textarea", "ml_list"):
            value: Any = {}
            for lang in LANGS:
                typed = str(form.get(f"{field.name}.{lang}", "")).strip()
                if typed:
                    value[lang] = _split(typed) if field.kind == "ml_list" else typed
            if value:
                _set(record, field.name, value)
        elif field.kind == "checks":
            if raw:
                _set(record, field.name, raw)
        elif field.kind == "list":
            if _split(text):
                _set(record, field.name, _split(text))
        elif field.kind == "variables":
            if text:
                record["variables"] = _variables(text, base.get("variables", []))
        elif field.name == "volume.individuals":
            _set(record, field.name, text or None)  # required, null means unknown
        elif text:
            _set(record, field.name, text)
    if "cost" in record.get("access", {}) and "model" not in record["access"]["cost"]:
        record["access"]["cost"].setdefault("model", None)
    return record


def to_values(record: dict[str, Any]) -> dict[str, Any]:
    """Input values for a record (to fill the edit form)."""
    values: dict[str, Any] = {}
    for field in FIELDS.values():
        value = value_at(record, field.name)
        if field.kind in ("ml_text", "ml_textarea", "ml_list"):
            if isinstance(value, str):
                value = {"fr": value}
            for lang in LANGS:
                item = (value or {}).get(lang)
                values[f"{field.name}.{lang}"] = ", ".join(item) if isinstance(item, list) else (item or "")
        elif field.kind == "checks":
            values[field.name] = list(value or [])
        elif field.kind == "list":
            values[field.name] = ", ".join(value or [])
        elif field.kind == "variables":
            values[field.name] = variables_text(value or [])
        elif isinstance(value, bool):
            values[field.name] = "true" if value else "false"
        else:
            values[field.name] = "" if value is None else str(value)
    return values


def form_values(form: FormData) -> dict[str, Any]:
    """What was typed, to show the form again with the errors."""
    values: dict[str, Any] = {}
    for field in FIELDS.values():
        if field.kind in ("ml_text", "ml_textarea", "ml_list"):
            for lang in LANGS:
                values[f"{field.name}.{lang}"] = str(form.get(f"{field.name}.{lang}", ""))
        elif field.kind == "checks":
            values[field.name] = [str(x) for x in form.getlist(field.name)]
        else:
            values[field.name] = str(form.get(field.name, ""))
    return values


def field_of(path: str) -> str:
    """The form field an error path belongs to (`variables[2].name` -> `variables`, `title.fr` -> `title`)."""
    path = path.split("[")[0]
    if path in BLOCK_ERRORS:
        return BLOCK_ERRORS[path]
    inside = next((name for name in FIELDS if name.startswith(f"{path}.")), None)
    if path not in FIELDS and inside:
        return inside  # a whole block is missing: point at its first input
    while path and path not in FIELDS:
        path = path.rpartition(".")[0]
    return path or "id"


def errors_of(error: ValidationError) -> dict[str, list[tuple[str, dict[str, Any], str]]]:
    """{field: [(message key or "", params, model message)]} for the form's error display."""
    found: dict[str, list[tuple[str, dict[str, Any], str]]] = {}
    for err in error.errors(include_url=False):
        path = field_path(tuple(err["loc"]))
        key = MESSAGES.get(err["type"], "")
        name = field_of(path)
        if key == "missing" and FIELDS.get(name, FIELDS["id"]).kind == "checks":
            key = "choose_one"
        item = (key, dict(err.get("ctx") or {}), str(err["msg"]).removeprefix("Value error, "))
        bucket = found.setdefault(name, [])
        if item not in bucket:
            bucket.append(item)
    return found


def validate(record: dict[str, Any]) -> DatasetDescription:
    return DatasetDescription.model_validate(record)
