"""Where a description's documents may point: a path of this catalogue, or an absolute https URL.

A document URL becomes a link on the public page. A path must be ours: one '/' then a name, because
browsers read `//evil.example/x` (and `/\\evil.example/x`) as "another site, same scheme". Other
addresses must be https: a document reached over plain http can be swapped on the way, and every
other scheme (`javascript:`, `data:`, `file:`) is refused.
"""

from __future__ import annotations

import re

from schemas.urls import check_path, url_problem

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]{0,30}):")

PROBLEM_PREFIX = "must be a path of this catalogue (/api/v1/...) or an absolute https URL"


def document_url_problem(value: str) -> str | None:
    """Why `value` may not be a document's URL (None when it may)."""
    if value.startswith("/"):
        if value[1:2] in ("/", "\\"):
            return f"{PROBLEM_PREFIX}: '{value[:2]}' at the start points to another site"
        try:
            check_path(value)
        except ValueError as exc:
            return str(exc).replace("must be a path of this catalogue or an absolute http(s) URL", PROBLEM_PREFIX)
        return None
    if not value[:6].lower() == "https:":
        scheme = _SCHEME.match(value)
        return PROBLEM_PREFIX + (f", not {scheme.group().lower()}" if scheme else "")
    problem = url_problem(value)
    return f"{PROBLEM_PREFIX}: {problem}" if problem else None


def check_document_url(value: str) -> str:
    """A document URL (a path of ours or https), else ValueError saying why."""
    problem = document_url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def is_document_url(value: object) -> bool:
    """True when `value` may be shown as a link to a document (for data stored before this check)."""
    return isinstance(value, str) and document_url_problem(value) is None
