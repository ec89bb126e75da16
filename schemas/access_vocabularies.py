"""Closed vocabularies of access requests (codes only; labels belong to the interface)."""

from typing import Literal

RequesterType = Literal[
    "academic", "hospital", "public_agency", "startup", "industry", "company", "patient_association", "other",
]
Purpose = Literal["research", "public_health", "commercial", "care_quality", "teaching", "other"]
LegalRoute = Literal[
    "CNIL-authorisation", "CNIL-MR-001", "CNIL-MR-002", "CNIL-MR-003", "CNIL-MR-004", "CNIL-MR-005",
    "CNIL-MR-006", "consent", "anonymised",
]
AttachmentKind = Literal[
    "protocol", "ethics_opinion", "dpia", "cesrees_opinion", "cnil_authorisation", "mr_declaration", "other",
]
MilestoneKind = Literal["cesrees_opinion", "cnil_authorisation", "mr_declaration", "ethics_opinion", "other"]
OpinionValue = Literal["favourable", "favourable_with_conditions", "unfavourable"]
RequestStatus = Literal[
    "draft", "submitted", "under_review", "changes_requested", "approved", "approved_with_conditions",
    "rejected", "withdrawn", "expired",
]
# Every action of the workflow's transition table (a test keeps the two equal).
RequestAction = Literal[
    "submit", "start_review", "request_changes", "resubmit", "approve", "approve_with_conditions", "reject",
    "withdraw", "expire",
]
