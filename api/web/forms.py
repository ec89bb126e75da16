"""The description form: fields of the exchange format, form data <-> exchange record, errors per field.

The form is filled in steps, one section per step (`SECTIONS`). Validation is the domain's
(`catalogue.datasets.rules`: lenient for a draft, strict to publish); each problem it names is shown
under the input it concerns, by its code, in the visitor's language: never the model's own wording.
Inputs are named by the record's dotted paths (`access.audiences.startup`, `title.fr`…).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from api.web.i18n import Translator
from catalogue.datasets.rules import Problem
from schemas import vocabularies as v
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
        Field("keywords", "ml_list", required=True), Field("contact.name", "text", required=True),
        Field("contact.email", "email", required=True))),
    ("typology", (
        Field("typology.data_types", "checks", "data_type", _codes(v.DataType), required=True),
        Field("typology.health_categories", "checks", "health_category", _codes(v.HealthCategory),
              required=True),
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
STEPS = tuple(name for name, _ in SECTIONS)
SECTION_OF = {f.name: name for name, fields in SECTIONS for f in fields}
# Problems of what the form does not show (the producer block is the organisation's) go to the id.
ELSEWHERE = {"producer": "id", "(root)": "id"}
NUMBERS = ("ge", "le", "max_length", "min_age", "max_age")  # parameters written as numbers
DATES = ("start", "end")  # parameters written as dates


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
    """The form field a problem's path belongs to (`title.fr` -> `title`, `producer.id` -> `id`)."""
    if path.split(".")[0] in ELSEWHERE:
        return ELSEWHERE[path.split(".")[0]]
    while path and path not in FIELDS:
        path = path.rpartition(".")[0]
    return path or "id"


def errors_of(problems: list[Problem]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """{field: [(message code, params)]}: every problem under its input, in the form's order."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for problem in problems:
        name = field_of(problem.field)
        code = problem.code
        if code == "missing" and FIELDS[name].kind == "checks":
            code = "choose_one"
        item = (code, dict(problem.params))
        if item not in found.setdefault(name, []):
            found[name].append(item)
    return {name: found[name] for name in FIELDS if name in found}


def step_of(wanted: object) -> str:
    """The step to show: the one asked for if it is a step, else the first (a crafted name is no error)."""
    return str(wanted) if wanted in STEPS else STEPS[0]


def worded(t: Translator, params: dict[str, Any]) -> dict[str, Any]:
    """A message's parameters in the page's language: numbers and dates as the locale writes them."""
    return {key: t.number(value) if key in NUMBERS and isinstance(value, int) else
            t.date(value) if key in DATES else value for key, value in params.items()}


def first_step_with(errors: dict[str, Any]) -> str:
    return next((SECTION_OF[name] for name in FIELDS if name in errors), STEPS[0])


def progress(errors: dict[str, Any], missing: list[Problem]) -> dict[str, str]:
    """Each step's state for the step indicator: "error", "incomplete" (publishing needs more) or "done"."""
    lacking = {SECTION_OF[field_of(p.field)] for p in missing}
    wrong = {SECTION_OF[name] for name in errors}
    return {step: "error" if step in wrong else "incomplete" if step in lacking else "done" for step in STEPS}
