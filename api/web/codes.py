"""The domain's coded words in the page's language: a request's checklist, its audit trail, and why
separation of duties keeps someone from acting on it.

The domain gives each item a stable `code` and its facts (`params`) beside English words kept for the
REST API and the logs (catalogue/access_requests/requirements.py CODES, policies.SEPARATION, the audit
actions). Pages word them here from the catalogues (`codes.check.<code>`, `codes.audit.<action>`,
`codes.separation.<case>`); an item without a code (a request filed before the codes) keeps its
English words, marked as such so the page sets their `lang`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api.web.i18n import Translator


@dataclass(frozen=True)
class Message:
    """A message of the page; `english` when it is the domain's own words (no catalogue entry for it)."""

    text: str
    english: bool = False

    def __str__(self) -> str:
        return self.text


# How each parameter of a checklist item is written (pinned by tests/web/test_codes.py).
PARAMS: dict[str, Callable[[Translator, Any], str]] = {
    "title": lambda t, v: t.text(v),
    "audience": lambda t, v: t.label("requester_type", v),
    "requester_type": lambda t, v: t.label("requester_type", v),
    "route": lambda t, v: t.label("legal_route", v),
    "routes": lambda t, v: t.labels("legal_route", list(v)),
}

# The audit actions of a request worded as sentences (the rest: `codes.audit.other`).
AUDIT = ("create", "update", "submit", "resubmit", "withdraw", "start_review", "request_changes", "approve",
         "approve_with_conditions", "reject", "expire", "opinion", "opinion_on_behalf", "opinions_superseded",
         "milestone",
         "attachment_upload", "attachment_download", "team_accept", "team_decline")


def _words(t: Translator, item: Mapping[str, Any]) -> dict[str, str]:
    params = dict(item.get("params") or {})
    words = {name: PARAMS[name](t, value) if name in PARAMS else str(value) for name, value in params.items()}
    if "dataset" in params:
        words["title"] = words.get("title") or str(params["dataset"])
    if "kind" in params:  # a missing attachment or milestone: its vocabulary is in the field's name
        vocabulary = "milestone_kind" if str(item.get("field", "")).startswith("milestones.") else "attachment_kind"
        words["kind"] = t.label(vocabulary, params["kind"])
    return words


def word(t: Translator, item: Mapping[str, Any]) -> Message:
    """One checklist item (a refusal, a missing piece, a flag, a reason) in the page's language."""
    key = f"codes.check.{item.get('code')}"
    if item.get("code") and t.has(key):
        return Message(t(key, **_words(t, item)))
    return Message(str(item.get("message", "")), english=True)


def _paired(t: Translator, coded: list[Any] | None, english: list[str]) -> list[Message]:
    """Coded items worded, in the order of their English words; the English words alone when the
    report has no codes for them (a request filed before the codes)."""
    if coded and len(coded) == len(english):
        return [word(t, {**item, "message": text}) for item, text in zip(coded, english, strict=True)]
    return [Message(text, english=True) for text in english]


def reasons(t: Translator, report: Mapping[str, Any], bucket: str, kind: str) -> list[Message]:
    """Why the request needs this attachment or milestone (`bucket`: "attachments" or "milestones")."""
    coded = (report.get("reasons") or {}).get(bucket, {}).get(kind)
    return _paired(t, coded, list((report.get(bucket) or {}).get(kind, [])))


def flags(t: Translator, report: Mapping[str, Any]) -> list[Message]:
    """What reviewers should know about the request (never blocking)."""
    return _paired(t, (report.get("reasons") or {}).get("flags"), list(report.get("flags") or []))


def actor_name(t: Translator, entry: Any, names: Mapping[int, str]) -> str:
    """Who did it: their name, the platform for the scheduled jobs, else the address the trail kept."""
    if entry.actor == "system":
        return t("codes.audit.system")
    return names.get(entry.actor_id) or entry.actor


def sentence(t: Translator, entry: Any, names: Mapping[int, str]) -> str:
    """One audit entry of a request as a sentence: what, by whom, when (its reason is quoted apart)."""
    action = str(entry.action).rsplit(".", 1)[-1]
    details = entry.details or {}
    words = {"actor": actor_name(t, entry, names), "date": t.date(entry.at),
             "from": t.label("request_status", entry.from_state) if entry.from_state else "—",
             "to": t.label("request_status", entry.to_state) if entry.to_state else "—",
             "opinion": t.label("opinion", entry.to_state), "dataset": str(details.get("dataset_id", "")),
             "kind": t.label("milestone_kind", details.get("kind", ""))}
    key = f"codes.audit.{action}" if action in AUDIT else "codes.audit.other"
    return t(key, **words)


def separation(t: Translator, cases: list[Mapping[str, Any]]) -> list[str]:
    """Why separation of duties forbids acting, one sentence per case (policies.SEPARATION)."""
    return [t(f"codes.separation.{case['case']}", organisation=str(case.get("organisation", "")))
            for case in cases]
