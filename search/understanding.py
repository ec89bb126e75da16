"""Constraints written in words, read as filters (access terms, places, ages, periods) or preferences
(kinds of data).

"données ouvertes sur les AVC en Bretagne", "cohorts open to startups", "enfants de moins de 6 ans",
"hospital stays since 2015": what the words constrain becomes a facet filter or a range of the
query, shown back to the user as removable chips (`Understood`), so a wrong guess costs one click.
The words stay in the text (they also say what the data is about); a constraint the user set
explicitly (a filter or range already in the query) is never overridden.

A place means the data covers it: a region is answered by the records of that region and by the
national ones of its country (a national database covers Brittany too).

A kind of data the words name ("a registry", "imaging", "questionnaires": a vocabulary concept with a
`data_type`) is a preference, not a filter: descriptions of that kind rank higher, the others stay (a
cohort may answer "rare disease registry" too).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import ValidationError

from schemas.search import SearchQuery
from search import analysis
from search.analysis import fold
from search.vocabulary import VOCABULARY


@dataclass(frozen=True)
class Understood:
    """One constraint read in the text: a facet (or range) and its values, and the words it came from."""

    facet: str  # a facet path, or one of the ranges: age_min, age_max, covers_from, covers_to
    values: tuple[str, ...]
    from_text: str
    effect: str = "filter"  # "filter": hits must have one of the values; "prefer": they rank higher


ACCESS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # (facet, values, pattern on the folded text)
    ("access.rights", ("PUBLIC",),
     r"open ?data|donnees ouvertes|en libre acces|libre acces|open access|telechargement libre|libre telechargement"
     r"|telechargeables?|freely (?:available|downloadable)|publicly available|sans (?:autorisation|demande)"
     r"(?: (?:de la )?cnil)?|without (?:an? )?(?:cnil )?(?:authori[sz]ation|application|request)"),
    ("access.audiences.startup", ("yes", "under_conditions"),
     r"(?:accessibles?|ouvert(?:e|s|es)?|disponibles?) (?:a|aux|pour) (?:une |des |les )?start ?ups?"
     r"|pour (?:une|des|les|ma|notre) start ?ups?|(?:open|available|accessible) to (?:a |)start ?ups?"
     r"|for (?:a|my|our) start ?up|start ?up access"),
    ("access.audiences.industry", ("yes", "under_conditions"),
     r"(?:accessibles?|ouvert(?:e|s|es)?|disponibles?) (?:a|aux|pour) (?:l |les |des )?industri(?:els?|e)"
     r"|(?:open|available|accessible) to (?:the )?(?:industry|pharma(?:ceutical)? compan(?:y|ies))"
     r"|for (?:the )?industry|usage commercial|commercial use"),
)

# Regions of France (ISO 3166-2 codes of the exchange format) by their names and main cities.
REGIONS: dict[str, tuple[str, ...]] = {
    "FR-IDF": ("ile de france", "paris", "region parisienne", "paris region"),
    "FR-BRE": ("bretagne", "brittany", "rennes", "brest"),
    "FR-NAQ": ("nouvelle aquitaine", "bordeaux", "limoges", "poitiers"),
    "FR-ARA": ("auvergne rhone alpes", "lyon", "grenoble", "clermont ferrand", "saint etienne"),
    "FR-BFC": ("bourgogne franche comte", "dijon", "besancon"),
    "FR-CVL": ("centre val de loire", "tours", "orleans"),
    "FR-GES": ("grand est", "strasbourg", "nancy", "reims", "metz"),
    "FR-HDF": ("hauts de france", "lille", "amiens"),
    "FR-NOR": ("normandie", "normandy", "rouen", "caen"),
    "FR-OCC": ("occitanie", "toulouse", "montpellier"),
    "FR-PDL": ("pays de la loire", "nantes", "angers"),
    "FR-PAC": ("provence alpes cote d azur", "paca", "marseille", "nice"),
    "FR-20R": ("corse", "corsica"),
}
COUNTRIES: dict[str, tuple[str, ...]] = {
    "GB": ("royaume uni", "united kingdom", "angleterre", "england", "uk"),
    "DE": ("allemagne", "germany"),
    "IT": ("italie", "italy"),
    "ES": ("espagne", "spain"),
    "FI": ("finlande", "finland"),
    "DK": ("danemark", "denmark"),
    "EE": ("estonie", "estonia"),
    "NL": ("pays bas", "netherlands"),
    "US": ("etats unis", "united states", "usa"),
}
NATIONAL = "FR"

CHILDREN = r"enfants?|pediatri\w*|paediatri\w*|children|child|kids?"
OLDER = r"personnes? agees?|seniors?|older (?:people|adults?|persons?)|elderly"
_NUMBER = r"(\d{1,3})"
_YEAR = r"((?:19|20)\d\d)"


def _place(text: str) -> list[Understood]:
    found = []
    for code, names in REGIONS.items():
        for name in names:
            if re.search(rf"\b{name}\b", text):
                found.append(Understood("population.geography", (code, NATIONAL), name))
                break
    for code, names in COUNTRIES.items():
        for name in names:
            if re.search(rf"\b{name}\b", text):
                found.append(Understood("population.geography", (code,), name))
                break
    if len(found) > 1:  # several places: their union
        values = tuple(dict.fromkeys(v for u in found for v in u.values))
        return [Understood("population.geography", values, ", ".join(u.from_text for u in found))]
    return found


def _ages(text: str) -> list[Understood]:
    found = []
    if m := re.search(rf"\b(?:moins de|under|younger than|less than|below) {_NUMBER} (?:ans|years?)\b", text):
        found.append(Understood("age_max", (str(max(0, int(m.group(1)) - 1)),), m.group(0)))
    elif m := re.search(rf"\b(?:plus de|over|older than|more than|above|aged) {_NUMBER}(?: ans| years?| \+|\+)?"
                        rf"(?: (?:et plus|and (?:over|older|above)))?\b", text):
        if re.search(r"\b(?:ans|years?|aged|et plus|and over|and older)\b", m.group(0)):
            found.append(Understood("age_min", (m.group(1),), m.group(0)))
    elif m := re.search(rf"\b{_NUMBER} ?(?:ans|years?)? (?:et plus|and (?:over|older|above))\b", text):
        found.append(Understood("age_min", (m.group(1),), m.group(0)))
    elif m := re.search(rf"\b(?:{CHILDREN})\b", text):
        found.append(Understood("age_max", ("17",), m.group(0)))
    elif m := re.search(rf"\b(?:{OLDER})\b", text):
        found.append(Understood("age_min", ("65",), m.group(0)))
    return [u for u in found if 0 <= int(u.values[0]) <= 150]


def _period(text: str) -> list[Understood]:
    if m := re.search(rf"\b(?:de|from|between|entre) {_YEAR} (?:a|to|and|et) {_YEAR}\b|\b{_YEAR} {_YEAR}\b", text):
        first, last = sorted(int(y) for y in m.groups() if y)
        return [Understood("covers_from", (f"{first}-01-01",), m.group(0)),
                Understood("covers_to", (f"{last}-12-31",), m.group(0))]
    if m := re.search(rf"\b(?:depuis|since|after|apres|a partir de|from) {_YEAR}\b", text):
        return [Understood("covers_from", (f"{m.group(1)}-01-01",), m.group(0))]
    if m := re.search(rf"\b(?:avant|before|until|jusqu en|up to) {_YEAR}\b", text):
        return [Understood("covers_to", (f"{int(m.group(1)) - 1}-12-31",), m.group(0))]
    if m := re.search(rf"\b(?:en|in|during|pendant) {_YEAR}\b", text):
        return [Understood("covers_from", (f"{m.group(1)}-01-01",), m.group(0)),
                Understood("covers_to", (f"{m.group(1)}-12-31",), m.group(0))]
    return []


def _kinds(q: str) -> list[Understood]:
    """The kinds of data the query names, as one preference (their union)."""
    found = [(VOCABULARY.concepts[g].data_type, words) for g, words in analysis.named(q)
             if VOCABULARY.concepts[g].data_type]
    if not found:
        return []
    values = tuple(dict.fromkeys(str(kind) for kind, _ in found))
    return [Understood("typology.data_types", values, ", ".join(w for _, w in found), effect="prefer")]


def read(q: str) -> list[Understood]:
    """Every constraint the text of a query states, in a fixed order (access, place, ages, period, kind)."""
    text = re.sub(r"[^a-z0-9+]+", " ", fold(q)).strip()
    if not text:
        return []
    found = [Understood(facet, values, m.group(0)) for facet, values, pattern in ACCESS
             if (m := re.search(rf"\b(?:{pattern})\b", text))]
    return found + _place(text) + _ages(text) + _period(text) + _kinds(q)


RANGES = ("age_min", "age_max", "covers_from", "covers_to")


def apply(query: SearchQuery) -> tuple[SearchQuery, list[Understood]]:
    """The query with what its text constrains added (never over what the user set), and what was added;
    nothing when the query asks to be taken literally (`understand` off)."""
    if not query.q.strip() or not query.understand:
        return query, []
    update: dict[str, object] = {}
    filters = dict(query.filters)
    prefer = dict(query.prefer)
    applied = []
    for item in read(query.q):
        if item.effect == "prefer":
            if item.facet in filters or item.facet in prefer:  # the user chose, or said what to prefer
                continue
            prefer[item.facet] = list(item.values)
        elif item.facet in RANGES:
            if getattr(query, item.facet) is not None or item.facet in update:
                continue
            value = item.values[0]
            update[item.facet] = dt.date.fromisoformat(value) if item.facet.startswith("covers") else int(value)
        else:
            if item.facet in filters:
                continue
            filters[item.facet] = list(item.values)
        applied.append(item)
    if not applied:
        return query, []
    try:
        changed = {**query.model_dump(), **update, "filters": filters, "prefer": prefer}
        return SearchQuery.model_validate(changed), applied
    except ValidationError:  # e.g. a period read in the text that contradicts the one the user set
        return query, []
