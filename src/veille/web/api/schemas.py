"""Request bodies of the JSON API (a pydantic family of their own; the domain values
in ``veille.model`` stay plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportIn(_Body):
    text: str = Field(..., min_length=1, max_length=5000, description="What happened, in the reporter's words.")
    event_date: dt.date | None = Field(None, description="When it happened, YYYY-MM-DD.")
    place: str | None = Field(None, max_length=200, description="Village, town or district.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    contact: str | None = Field(None, max_length=200,
                                description="How to reach the reporter; encrypted at rest, seen by administrators only.")
    lang: Literal["en", "fr"] | None = None


class TriageIn(_Body):
    decision: Literal["link", "verify", "reject"]
    event_id: str | None = Field(None, max_length=40, description="link: the event the report describes.")
    event_type: str | None = Field(None, max_length=60, description="verify: the ACLED event type.")
    sub_event_type: str | None = Field(None, max_length=60)
    fatalities: int | None = Field(None, ge=0, le=100_000)
    tlp: Literal["CLEAR", "GREEN", "AMBER", "RED"] | None = None
    notes: str | None = Field(None, max_length=5000)
    reason: str | None = Field(None, max_length=1000, description="reject: why.")


class AlertStatusIn(_Body):
    status: Literal["open", "acknowledged", "closed"]


class TokenIn(_Body):
    label: str | None = Field(None, max_length=80)
    days: int | None = Field(None, ge=1, le=3650, description="Lifetime in days; none: until revoked.")


class TlpIn(_Body):
    tlp: Literal["CLEAR", "GREEN", "AMBER", "RED"]
    readers: list[str] = Field(default_factory=list, max_length=100, description="RED: user ids who may read it.")


class ResponseStatusIn(_Body):
    status: Literal["proposed", "planned", "in_progress", "done", "cancelled"]
    notes: str | None = Field(None, max_length=2000)


class BriefIn(_Body):
    countries: list[str] = Field(default_factory=list, max_length=16, description="ISO3 codes; or give a region.")
    region: Literal["coastal", "sahel", "front", "west-africa"] | None = None
    month: str | None = Field(None, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM; default the latest complete.")
    lang: Literal["en", "fr"] = "en"
    tlp: Literal["GREEN", "AMBER"] = "GREEN"
