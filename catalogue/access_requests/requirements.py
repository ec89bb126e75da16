"""What an access request needs, derived from the access terms of the descriptions it names.

Every rule is here, in the order it is applied to each dataset (`record` is its exchange
format; docs: README "Access requests"):

1. Audience. The requester's organisation type picks a key of `access.audiences`
   (AUDIENCE_OF); `no` refuses the request, naming the dataset; `under_conditions` is allowed but
   flagged for the producer's opinion; a type with no key (patient association, other) is flagged.
2. Legal route. The route codes found in `access.legal_bases` (CNIL-MR-00x, MR-00x,
   CNIL-authorisation, consent) are the routes the dataset admits; the claimed route must be one
   of them, except a CNIL authorisation, the general regime, which is always admissible. A
   dataset that lists no route admits any (GDPR-… codes are legal bases, not routes).
3. Milestones, from the claimed route: CNIL-authorisation -> a CESREES opinion and the CNIL
   authorisation; CNIL-MR-00x -> the declaration of conformity to that reference methodology.
   A final approval is refused until each is recorded (reference, date, document).
4. Attachments at submission: an `ethics_opinion` when a procedure mentions an ethics committee
   (comité d'éthique, CPP, ethics, IRB); a `protocol` when a procedure mentions a protocol or the
   route is a CNIL authorisation; a `dpia` (AIPD) for a CNIL authorisation.
5. Flags (shown to reviewers, never blocking): conditional audiences, SNDS main base (filed
   through the Health Data Hub single entry point), datasets stating no legal route.

Each refusal, reason and flag has a stable `code` (CODES) and `params` (the facts: dataset id and
title, audience, routes…) beside its English `message`: the REST API and the logs keep the words,
an interface words the code in its own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from schemas.dataset import text_in

AUDIENCE_OF = {
    "startup": "startup", "academic": "academic", "industry": "industry", "company": "industry",
    "hospital": "hospital", "public_agency": "public_agency",
}
AUTHORISATION = "CNIL-authorisation"
_MR = re.compile(r"^(?:CNIL-)?MR-?0*([1-9])$", re.IGNORECASE)
_ETHICS = re.compile(r"[ée]thique|ethic|\bCPP\b|protection des personnes|\bIRB\b", re.IGNORECASE)
_PROTOCOL = re.compile(r"\bprotocole?s?\b", re.IGNORECASE)
MILESTONE_LABELS = {
    "cesrees_opinion": "CESREES opinion", "cnil_authorisation": "CNIL authorisation",
    "mr_declaration": "declaration of conformity to a CNIL reference methodology",
    "ethics_opinion": "ethics committee opinion",
}


# The stable codes of what `derive`, `missing` and the checks say (pinned by tests/web/test_codes.py).
CODES: tuple[str, ...] = (
    "audience_closed", "route_not_admitted",  # refusals
    "audience_conditional", "audience_unstated", "no_route", "snds_main_base",  # flags
    "ethics_in_procedure", "protocol_in_procedure", "authorisation_route", "authorisation_protocol",
    "authorisation_dpia", "mr_route",  # why an attachment or a milestone is needed
    "required", "unpublished", "choose", "no_dataset",  # what blocks a submission
)


def coded(code: str, message: str, **params: Any) -> dict[str, Any]:
    """One item the request pages list: its code and facts, and its English words (API, logs)."""
    return {"code": code, "params": params, "message": message}


def route_of(legal_basis: str) -> str | None:
    """The procedural route a legal-basis code names, or None (e.g. GDPR articles)."""
    code = legal_basis.strip()
    if match := _MR.match(code):
        return f"CNIL-MR-00{match.group(1)}"
    if code.lower() in ("cnil-authorisation", "cnil-autorisation", "cnil-authorization"):
        return AUTHORISATION
    if code.lower() in ("consent", "consentement"):
        return "consent"
    return None


def audience_answer(record: dict[str, Any], requester_type: str) -> str | None:
    """Rule 1: `yes`, `under_conditions` or `no` for this requester type, None when the record has no key for it."""
    audience = AUDIENCE_OF.get(requester_type)
    return record.get("access", {}).get("audiences", {}).get(audience) if audience else None


def routes_of(record: dict[str, Any]) -> list[str]:
    """Rule 2: the routes a record admits (sorted; empty when it names none, i.e. it admits any)."""
    return sorted({r for r in map(route_of, record.get("access", {}).get("legal_bases", [])) if r})


@dataclass
class Requirements:
    """What the request needs. The English lists (milestones, attachments, flags) are the API's; `reasons`
    holds the same items as {code, params}, in the same order, for interfaces that word them."""

    refusals: list[dict[str, Any]] = field(default_factory=list)  # {field, message, code, params}: cannot go
    milestones: dict[str, list[str]] = field(default_factory=dict)  # kind -> why
    attachments: dict[str, list[str]] = field(default_factory=dict)  # kind -> why
    flags: list[str] = field(default_factory=list)
    reasons: dict[str, Any] = field(default_factory=lambda: {"milestones": {}, "attachments": {}, "flags": []})

    def need(self, bucket: str, kind: str, why: str, code: str, **params: Any) -> None:
        """`bucket` ("milestones" or "attachments") needs `kind`, for this reason (once)."""
        reasons = getattr(self, bucket).setdefault(kind, [])
        if why not in reasons:
            reasons.append(why)
            self.reasons[bucket].setdefault(kind, []).append({"code": code, "params": params})

    def flag(self, message: str, code: str, **params: Any) -> None:
        self.flags.append(message)
        self.reasons["flags"].append({"code": code, "params": params})

    def as_dict(self) -> dict[str, Any]:
        return {"milestones": self.milestones, "attachments": self.attachments, "flags": self.flags,
                "reasons": self.reasons}


def _procedure_text(record: dict[str, Any]) -> str:
    procedure = record.get("access", {}).get("procedure") or {}
    return " ".join(procedure.values()) if isinstance(procedure, dict) else str(procedure)


def derive(datasets: list[dict[str, Any]], requester_type: str, legal_route: str) -> Requirements:
    """Apply the rules to each description (exchange-format records) of a request."""
    out = Requirements()
    audience = AUDIENCE_OF.get(requester_type)
    for record in datasets:
        name = f"'{record['id']}' ({text_in(record.get('title'), 'en')})"
        about: dict[str, Any] = {"dataset": record["id"], "title": record.get("title")}
        # 1. audience
        answer = audience_answer(record, requester_type)
        if answer == "no":
            out.refusals.append({"field": "requester_organisation_type", **coded(
                "audience_closed", f"dataset {name} is not open to {audience} requesters "
                f"(access.audiences.{audience} = no)", **about, audience=audience)})
        elif answer == "under_conditions":
            out.flag(f"dataset {name} is open to {audience} requesters under conditions", "audience_conditional",
                     **about, audience=audience)
        elif audience is None:
            out.flag(f"dataset {name} states no terms for '{requester_type}' requesters", "audience_unstated",
                     **about, requester_type=requester_type)
        # 2. legal route
        routes = routes_of(record)
        if not routes:
            out.flag(f"dataset {name} states no legal route: its producer checks '{legal_route}'", "no_route",
                     **about, route=legal_route)
        elif legal_route != AUTHORISATION and legal_route not in routes:
            out.refusals.append({"field": "legal_route", **coded(
                "route_not_admitted", f"dataset {name} admits {', '.join(routes)} (or a CNIL authorisation), "
                f"not '{legal_route}'", **about, routes=routes, route=legal_route)})
        # 4. attachments the procedure asks for
        procedure = _procedure_text(record)
        if _ETHICS.search(procedure):
            out.need("attachments", "ethics_opinion",
                     f"the procedure of dataset {name} requires an ethics committee opinion", "ethics_in_procedure",
                     **about)
        if _PROTOCOL.search(procedure):
            out.need("attachments", "protocol", f"the procedure of dataset {name} asks for a protocol",
                     "protocol_in_procedure", **about)
        # 5. flags
        if record.get("health_data_hub", {}).get("relationship") == "snds_main_base":
            out.flag(f"dataset {name} is an SNDS main base: filed through the Health Data Hub", "snds_main_base",
                     **about)
    # 3. milestones and the attachments of the route itself
    if legal_route == AUTHORISATION:
        why = "the CNIL authorisation route (CESREES opinion, then CNIL authorisation)"
        out.need("milestones", "cesrees_opinion", why, "authorisation_route")
        out.need("milestones", "cnil_authorisation", why, "authorisation_route")
        out.need("attachments", "protocol", "a CNIL authorisation dossier includes the protocol",
                 "authorisation_protocol")
        out.need("attachments", "dpia", "a CNIL authorisation dossier includes the DPIA (AIPD)", "authorisation_dpia")
    elif legal_route.startswith("CNIL-MR-"):
        out.need("milestones", "mr_declaration", f"the {legal_route} reference methodology route", "mr_route",
                 route=legal_route)
    return out


def missing(required: dict[str, list[str]], present: set[str], prefix: str) -> list[dict[str, Any]]:
    """{field, message, code, params} for each required kind not in `present`."""
    return [{"field": f"{prefix}.{kind}", **coded("required", f"required: {'; '.join(why)}", kind=kind)}
            for kind, why in required.items() if kind not in present]
