"""API payloads for organisations, members, users and tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas import vocabularies as v
from schemas.access_vocabularies import RequesterType
from schemas.dataset import Slug
from schemas.iso import CountryCode
from schemas.text import Line


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganisationIn(_In):
    id: Slug
    name: Annotated[Line, Field(min_length=1, max_length=300)]
    type: v.ProducerType
    country: CountryCode = "FR"


class OrganisationPatch(_In):
    name: Annotated[Line, Field(min_length=1, max_length=300)] | None = None
    type: v.ProducerType | None = None
    country: CountryCode | None = None


class OrganisationOut(BaseModel):
    id: str
    name: str
    type: str
    country: str
    published_datasets: int | None = None


class MemberIn(_In):
    email: Annotated[Line, Field(min_length=3, max_length=320)]
    role: v.MemberRole = "editor"


class MemberOut(BaseModel):
    user_id: int
    organisation_id: str
    role: str


class InvitationOut(BaseModel):
    """Membership offered to an address; the verified owner of the address accepts or declines it."""

    id: int
    organisation_id: str
    email: str
    role: str
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime


Language = Literal["fr", "en"]


class UserIn(_In):
    email: Annotated[Line, Field(min_length=3, max_length=320)]
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    password: Annotated[Line, Field(min_length=10, max_length=200)]
    lang: Language | None = Field(default=None, description="the language notifications and e-mails are written "
                                                              "in; not said: French")
    requester_type: RequesterType | None = Field(default=None, description="the type of organisation you request "
                                                                           "for (dataset pages answer 'can I get "
                                                                           "it?' for it)")


class MeIn(_In):
    """Your preferences; a field left out is kept, null clears it."""
    lang: Language | None = None
    requester_type: RequesterType | None = None


class UserAdminIn(UserIn):
    is_platform_admin: bool = False
    is_governance: bool = False


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    is_platform_admin: bool
    is_governance: bool
    is_active: bool
    email_verified: bool = False
    organisations: dict[str, str] = {}
    lang: str | None = None
    requester_type: str | None = None


class TokenRequest(_In):
    email: Annotated[Line, Field(min_length=3, max_length=320)]
    password: Annotated[Line, Field(min_length=1, max_length=200)]
    name: Annotated[Line, Field(max_length=100)] = "api"


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked: bool


class NewToken(TokenOut):
    token: str


class JoinLinkOut(BaseModel):
    """What an invitation link opens (only its holder, who read the address, has it)."""
    invitation_id: int
    kind: Literal["member", "claim"]
    organisation_id: str
    organisation_name: str
    email: str
    role: str
    expires_at: dt.datetime
    account_exists: bool = Field(description="the address has an account: sign in with it to answer")


class JoinIn(_In):
    """Answer a link signed in with its address (empty body), or open an account for the address."""
    name: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    password: Annotated[Line, Field(min_length=10, max_length=200)] | None = None


class JoinOut(BaseModel):
    status: Literal["accepted", "claimed"] = Field(description="claimed: waits for a platform admin")
    organisation_id: str
    role: str
    user_id: int
    account_created: bool


class ClaimOut(BaseModel):
    id: int
    organisation_id: str
    email: str
    status: str
    claimed_by: int | None
    claimed_at: dt.datetime | None
    created_at: dt.datetime


class ClaimRefusal(_In):
    reason: Annotated[Line, Field(min_length=1, max_length=1000)]


class ReachedOut(BaseModel):
    organisation_id: str
    email: str
    invitation_id: int


class ClaimDomains(_In):
    domains: Annotated[list[Annotated[Line, Field(min_length=1, max_length=253)]], Field(max_length=10)]
