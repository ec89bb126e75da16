"""API payloads of collaboration matching: a data user's offer, the suggestions on each side."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas import vocabularies as v
from schemas.text import Line, Text

MAX_SKILLS = 300


class OfferIn(BaseModel):
    """What a data user offers producers. Codes are kept once each, sorted (as the API answers them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    offers: Annotated[list[v.CollaborationNeed], Field(max_length=7, description=(
        "what you offer: codes of the collaboration vocabulary (those producers use in collaboration.seeking)"))] = []
    fields: Annotated[list[v.HealthCategory], Field(max_length=17, description="your fields: health categories")] = []
    skills: Annotated[Line, Field(max_length=MAX_SKILLS, description="your skills, in a line")] = ""
    visible_to_producers: bool = Field(default=False, description=(
        "producers may see your offer (and your name) on their descriptions; off by default"))

    @field_validator("offers", "fields")
    @classmethod
    def _once_each(cls, codes: list[str]) -> list[str]:
        return sorted(set(codes))


class OfferOut(OfferIn):
    pass


class Overlap(BaseModel):
    """Why a suggestion is made: the codes both sides share (the web pages write them as one line)."""

    offers: list[str] = Field(description="collaboration codes the description seeks and the user offers")
    fields: list[str] = Field(description="health categories of the description in the user's fields")


class SuggestionOut(BaseModel):
    dataset_id: str
    organisation_id: str
    title: dict[str, str]
    because: Overlap
    ask: str = Field(description="the page where you start an enquiry about it")


class PartnerOut(BaseModel):
    user_id: int
    name: str
    skills: str
    because: Overlap


class PartnerEnquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    subject: Annotated[Line, Field(min_length=3, max_length=300)]
    message: Annotated[Text, Field(min_length=1, max_length=10000)]
