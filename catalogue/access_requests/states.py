"""The states of an access request (the schema's vocabulary) and the groups the workflow names.

Kept apart from workflow.py so that modules the workflow's effects use (the register, the notices)
can name the groups without importing the workflow.
"""

from __future__ import annotations

from typing import get_args

from catalogue.workflow import states_of
from schemas.access_vocabularies import RequestStatus

State = states_of(get_args(RequestStatus), "RequestState")  # the tables' states must be these
STATES = tuple(str(s) for s in State)
OPEN = ("submitted", "under_review", "changes_requested")  # filed, not yet decided
EDITABLE = ("draft", "changes_requested")
BEFORE_DECISION = ("draft", *OPEN)
IN_REVIEW = ("submitted", "under_review")
APPROVED = ("approved", "approved_with_conditions")
