"""The current search results as a CSV file (`/search.csv`, linked from the search page): one row per
description, in the ranking's order, the texts and labels in the page's language, cells that a
spreadsheet could read as a formula neutralised (catalogue/spreadsheet/csvsafe.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from api.web.i18n import Translator
from catalogue.datasets.models import Dataset
from catalogue.spreadsheet import csvsafe

ROWS = 1000  # at most this many results in one file (the link says so)


LIST = "; "  # between the values of one cell (the cells themselves are separated by commas)


# (message key of the column's name, the cell for a record)
Column = tuple[str, Callable[[Translator, dict[str, Any], str], Any]]
COLUMNS: tuple[Column, ...] = (
    ("csv.title", lambda t, r, url: t.text(r.get("title"))),
    ("csv.producer", lambda t, r, url: (r.get("producer") or {}).get("name", "")),
    ("csv.summary", lambda t, r, url: t.text(r.get("summary"))),
    ("csv.data_types", lambda t, r, url: t.labels("data_type", (r.get("typology") or {}).get("data_types"), sep=LIST)),
    ("csv.individuals", lambda t, r, url: (r.get("volume") or {}).get("individuals")),
    ("csv.start", lambda t, r, url: (r.get("temporal_coverage") or {}).get("start") or ""),
    ("csv.end", lambda t, r, url: (r.get("temporal_coverage") or {}).get("end") or t("csv.ongoing")),
    ("csv.geography", lambda t, r, url: t.places((r.get("population") or {}).get("geography"), sep=LIST)),
    ("csv.access_rights", lambda t, r, url: t.label("access_rights", (r.get("access") or {}).get("rights", ""))),
    ("csv.startups", lambda t, r, url: t.label(
        "audience_answer", ((r.get("access") or {}).get("audiences") or {}).get("startup", ""))),
    ("csv.hdh", lambda t, r, url: t.label("hdh", (r.get("health_data_hub") or {}).get("relationship", ""))),
    ("csv.page", lambda t, r, url: url),
    ("csv.id", lambda t, r, url: r.get("id", "")),
)


def results_csv(t: Translator, descriptions: list[Dataset], page_url: Callable[[str], str]) -> str:
    """The CSV text: a header row, then one row per description (UTF-8 with a BOM, for spreadsheets)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow(t(key) for key, _ in COLUMNS)
    for description in descriptions:
        record, url = description.record, page_url(description.id)
        writer.writerow(cell(t, record, url) for _, cell in COLUMNS)
    return out.getvalue()
