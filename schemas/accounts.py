"""API payloads of sign-up and e-mail verification (users and tokens are in schemas.organisations)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Accepted(BaseModel):
    """An answer that is the same whatever happened behind it (it reveals no account)."""

    message: str


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=1, max_length=200)]


class VerifiedOut(BaseModel):
    email: str
    email_verified_at: dt.datetime
