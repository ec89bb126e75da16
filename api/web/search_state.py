"""The search page's state, all of it in the URL: parse it into a SearchQuery, and build links.

Parameter names are the REST API's (`q`, `filter=field:value`, `individuals_min`, `age_min`,
`covers_from`, `sort`, `page`…), so a page URL and an API URL say the same thing. Bad values are
dropped with a notice rather than refusing the page; every value is checked by SearchQuery's own
rules (bounds, safe text, the result window), so the page never fails on its URL.
"""

from __future__ import annotations

from typing import Any

import datetime as dt
from dataclasses import dataclass, field

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from catalogue.discovery.service import DEFAULT_SORT
from schemas.search import FACETS, MAX_RESULT_WINDOW, SearchQuery, Understood
from schemas.text import check_line

PAGE_SIZE = 20
MAX_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE  # the deepest page the engines serve
# The values each range takes, as a message key (the bounds of SearchQuery's fields).
BOUNDS = {"individuals_min": "search.bounds.individuals", "individuals_max": "search.bounds.individuals",
          "age_min": "search.bounds.age", "age_max": "search.bounds.age",
          "covers_from": "search.bounds.date", "covers_to": "search.bounds.date"}
RANGES = {"individuals_min": int, "individuals_max": int, "age_min": int, "age_max": int,
          "covers_from": dt.date.fromisoformat, "covers_to": dt.date.fromisoformat}
SORTS = ("relevance", "newest", "volume")
# Facets shown in the sidebar, in this order (the others stay available as URL filters).
SIDEBAR = ("typology.data_types", "access.rights", "access.audiences.startup", "health_data_hub.relationship",
           "health_data_hub.snds_linkable", "access.modalities", "producer.type", "typology.health_categories",
           "population.care_settings", "collaboration.seeking", "typology.coding_systems", "producer.id")
# Facets whose values are codes of a vocabulary labelled in the locales (facet -> vocabulary).
VOCABULARY = {
    "typology.data_types": "data_type", "access.rights": "access_rights", "access.modalities": "modality",
    "access.audiences.startup": "audience_answer", "health_data_hub.relationship": "hdh",
    "health_data_hub.snds_linkable": "yesno", "health_data_hub.on_hdh_platform": "yesno",
    "producer.type": "producer_type", "typology.health_categories": "health_category",
    "population.care_settings": "care_setting", "collaboration.seeking": "seeking",
    "update_frequency": "frequency",
}
OPEN_TO_STARTUPS = ("yes", "under_conditions")
# Quick filters above the facets: (message key, facet, values it selects).
QUICK = (("search.open_to_startups", "access.audiences.startup", OPEN_TO_STARTUPS),
         ("search.snds_linkable", "health_data_hub.snds_linkable", ("true",)),
         ("search.on_hdh", "health_data_hub.relationship", ("snds_main_base", "hdh_catalogue", "hdh_partner")))


@dataclass
class SearchState:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    prefer: dict[str, list[str]] = field(default_factory=dict)  # kept from a removed chip: ranked higher, not required
    ranges: dict[str, str] = field(default_factory=dict)
    sort: str = DEFAULT_SORT  # left open: the search service decides what it means without text
    page: int = 1
    understand: bool = True  # off once the user removed a constraint read in the words (a chip)
    problems: list[str] = field(default_factory=list)  # what was ignored, as sent (for logs and tests)
    notices: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # the same, as (message key, params)

    def refuse(self, problem: str, key: str, **params: str) -> None:
        self.problems.append(problem)
        self.notices.append((key, params))

    def notices_in(self, t: Any) -> list[str]:
        """What was ignored and what is shown instead, one sentence each in the page's language: a range
        names its filter and the values it takes (never the raw parameter)."""
        words = []
        for key, params in self.notices:
            shown = {name: t(value) if name in ("field", "low", "high", "bounds") else value
                     for name, value in params.items()}
            words.append(t(key, **shown))
        return words

    def query(self, lang: str) -> SearchQuery:
        values = {name: RANGES[name](value) for name, value in self.ranges.items()}
        return SearchQuery(q=self.q, lang=lang, filters=self.filters, prefer=self.prefer, sort=self.sort,
                           page=self.page,
                           page_size=PAGE_SIZE, understand=self.understand, **values)

    def params(self, *, page: int | None = None, drop: tuple[str, str] | None = None,
               add: tuple[str, str] | None = None, drop_range: str | None = None) -> list[tuple[str, str]]:
        """This state as URL parameters, with one change (a filter toggled, a page chosen...)."""
        out = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            out += [("filter", f"{name}:{v}") for v in values if (name, v) != drop]
        if add and add[1] not in self.filters.get(add[0], []):
            out.append(("filter", f"{add[0]}:{add[1]}"))
        out += [("prefer", f"{name}:{v}") for name, values in self.prefer.items() for v in values]
        out += [(name, value) for name, value in self.ranges.items() if name != drop_range]
        if self.sort != DEFAULT_SORT:
            out.append(("sort", self.sort))
        if not self.understand:
            out.append(("understand", "0"))
        if page and page > 1:
            out.append(("page", str(page)))
        return out

    def with_q(self, q: str) -> list[tuple[str, str]]:
        """This state with other words (the "did you mean" link): the first page, the rest kept."""
        return [("q", q)] + [p for p in self.params() if p[0] != "q"]

    def without_understood(self, understood: list[Understood], index: int) -> list[tuple[str, str]]:
        """The link of an "understood" chip: the words taken literally, the other constraints kept as
        explicit filters and ranges (a wrong guess costs one click)."""
        out = [p for p in self.params() if p[0] != "understand"] + [("understand", "0")]
        for n, item in enumerate(understood):
            if n == index:
                continue
            if item.facet in RANGES:
                out.append((item.facet, item.value))
            else:
                out += [(item.effect, f"{item.facet}:{v}") for v in item.value.split(",")]
        return out

    def toggle(self, name: str, value: str) -> list[tuple[str, str]]:
        if value in self.filters.get(name, []):
            return self.params(drop=(name, value))
        return self.params(add=(name, value))

    def active(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, [])

    def has_all(self, name: str, values: tuple[str, ...]) -> bool:
        return set(values) <= set(self.filters.get(name, []))

    def toggle_all(self, name: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
        """Links of the quick filters: add all these values of a facet, or remove them all."""
        wanted = {("filter", f"{name}:{v}") for v in values}
        kept = [p for p in self.params() if p not in wanted]
        if self.has_all(name, values):
            return kept
        return kept + [("filter", f"{name}:{v}") for v in values]

    @property
    def empty(self) -> bool:
        return not (self.q or self.filters or self.ranges)


def _valid(name: str, value: object) -> bool:
    """`value` passes SearchQuery's rules for the field `name`."""
    try:
        SearchQuery.model_validate({name: value})
    except ValidationError:
        return False
    return True


def _safe_line(value: str) -> bool:
    try:
        check_line(value)
    except ValueError:
        return False
    return True


def parse(params: QueryParams) -> SearchState:
    q = params.get("q", "")
    # Invisible characters (controls, lone surrogates) only separate words: searched as spaces.
    state = SearchState(q="".join(ch if ch.isprintable() else " " for ch in q).strip()[:500])
    for kind, chosen in (("filter", state.filters), ("prefer", state.prefer)):
        for item in params.getlist(kind):
            name, sep, value = item.partition(":")
            if sep and value and name in FACETS and len(value) <= 100 and _safe_line(value):
                values = chosen.setdefault(name, [])
                if value not in values and len(values) < 100:
                    values.append(value)
            else:
                state.refuse(f"{kind}={item}", "search.problem.filter", value=_visible(item)[:80])
    if params.get("startups") == "1":
        state.filters["access.audiences.startup"] = list(OPEN_TO_STARTUPS)
    if params.get("snds") == "1":
        state.filters["health_data_hub.snds_linkable"] = ["true"]
    for name, convert in RANGES.items():
        raw = params.get(name, "").strip()
        if not raw:
            continue
        try:
            value = convert(raw)
        except ValueError:
            value = None
        if value is not None and _valid(name, value):
            state.ranges[name] = raw
        else:
            state.refuse(f"{name}={raw}", "search.problem.range", field=f"range.{name}", value=_visible(raw)[:40],
                         bounds=BOUNDS[name])
    for low, high in (("individuals_min", "individuals_max"), ("age_min", "age_max"), ("covers_from", "covers_to")):
        if low in state.ranges and high in state.ranges and \
                RANGES[low](state.ranges[low]) > RANGES[high](state.ranges[high]):
            state.refuse(f"{low} > {high}", "search.problem.order", low=f"range.{low}", high=f"range.{high}")
            del state.ranges[high]
    state.understand = params.get("understand", "1") not in ("0", "false")
    sort = params.get("sort", DEFAULT_SORT)
    state.sort = sort if sort in SORTS else DEFAULT_SORT
    if sort not in SORTS:
        state.refuse(f"sort={sort}", "search.problem.sort")
    if "cursor" in params:  # the API's cursors page the API; this page goes by page number
        state.refuse("cursor", "search.problem.cursor")
    raw_page = params.get("page", "").strip() or "1"
    if not raw_page.isdecimal() or not raw_page.lstrip("0"):
        state.page = 1
        state.refuse(f"page={raw_page}", "search.problem.page", value=_visible(raw_page)[:40], page="1")
    else:  # a number of any length: past the deepest page is the deepest page
        state.page = max(int(raw_page[:12]) if len(raw_page) <= 12 else MAX_PAGE + 1, 1)
    if state.page > MAX_PAGE:
        state.page = MAX_PAGE
        state.refuse(f"page={raw_page}", "search.problem.page", value=_visible(raw_page)[:40], page=str(MAX_PAGE))
    # Shown in the notice: invisible characters (NUL, controls) as their code, so the notice names them.
    state.problems = [_visible(problem)[:120] for problem in state.problems]
    return state


def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
