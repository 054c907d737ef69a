"""The event filters every page and API route shares, read from the query string.

Values arrive as text (an HTML form sends empty fields as ``""``), are checked here
with messages that say what was expected, and become an ``EventSearch``; the SQL
behind it takes every value as a parameter, never as text to splice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Query

from veille import taxonomy
from veille.errors import InvalidValue
from veille.model import SOURCES
from veille.store.search import EventSearch

_ISO3 = re.compile(r"^[A-Z]{3}$")
_PCODE = re.compile(r"^[A-Z]{2,3}[A-Z0-9_.-]{0,20}$")
_ACTOR = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,79}$")
MAX_VALUES = 50


def _clean(values: list[str] | None, split: bool = False) -> list[str]:
    """Non-empty values; with ``split``, a form field "TG05 TG06" or "a,b" counts as several."""
    if split:
        values = [part for v in (values or []) for part in re.split(r"[\s,]+", v or "")]
    out = [v.strip() for v in (values or []) if v and v.strip()]
    if len(out) > MAX_VALUES:
        raise InvalidValue(f"at most {MAX_VALUES} values per filter")
    return out


def _date(text: str | None, name: str) -> dt.date | None:
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"{name}: expected a date as YYYY-MM-DD, got {text[:40]!r}") from None


def _matching(values: list[str], pattern: re.Pattern, name: str, expected: str, upper: bool = False) -> tuple:
    out = []
    for v in values:
        v = v.upper() if upper else v
        if not pattern.match(v):
            raise InvalidValue(f"{name}: expected {expected}, got {v[:40]!r}")
        out.append(v)
    return tuple(out)


def _among(values: list[str], allowed: tuple[str, ...], name: str) -> tuple:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidValue(f"{name}: {unknown[0][:60]!r} is not one of {', '.join(allowed)}")
    return tuple(values)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text or not text.strip():
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidValue(f"bbox: expected west,south,east,north in degrees, got {text[:60]!r}") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidValue("bbox: expected west <= east within -180..180 and south <= north within -90..90")
    return west, south, east, north


@dataclass(frozen=True)
class EventQuery:
    """The filters as given, for forms and links, and the search they make."""

    search: EventSearch
    params: dict[str, list[str] | str]

    def query_string(self, **extra) -> str:
        pairs = []
        for key, values in {**self.params, **extra}.items():
            for v in values if isinstance(values, (list, tuple)) else [values]:
                if v not in (None, ""):
                    pairs.append((key, v))
        return urlencode(pairs)


def event_query(
    date_from: str | None = Query(None, alias="from", max_length=40, description="First date, YYYY-MM-DD."),
    date_to: str | None = Query(None, alias="to", max_length=40, description="Last date, YYYY-MM-DD."),
    country: list[str] = Query([], description="ISO3 country code; repeat for several."),
    admin: list[str] = Query([], description="Admin-unit P-code of any level (TG05, TG0516); repeat for several."),
    actor: list[str] = Query([], description="Canonical actor id (jnim, military-forces-of-togo); repeat."),
    type: list[str] = Query([], description="ACLED event type; repeat for several."),
    sub_type: list[str] = Query([], description="ACLED sub-event type; repeat for several."),
    source: list[str] = Query([], description="Source (ucdp, acled, gdelt, report, …); repeat for several."),
    bbox: str | None = Query(None, max_length=120, description="west,south,east,north in degrees."),
    q: str | None = Query(None, max_length=100, description="Words in the location or the notes."),
) -> EventQuery:
    country_, admin_, actor_ = _clean(country), _clean(admin, split=True), _clean(actor, split=True)
    type_, sub_, source_ = _clean(type), _clean(sub_type), _clean(source)
    start, end = _date(date_from, "from"), _date(date_to, "to")
    if start and end and end < start:
        raise InvalidValue(f"to ({end}) is before from ({start})")
    search = EventSearch(
        countries=_matching(country_, _ISO3, "country", "an ISO3 code such as TGO", upper=True),
        admin_pcodes=_matching(admin_, _PCODE, "admin", "a P-code such as TG05", upper=True),
        actors=_matching(actor_, _ACTOR, "actor", "a canonical actor id such as jnim"),
        event_types=_among(type_, taxonomy.EVENT_TYPES, "type"),
        sub_event_types=_among(sub_, taxonomy.ALL_SUB_EVENT_TYPES, "sub_type"),
        sources=_among(source_, SOURCES, "source"),
        date_from=start, date_to=end, bbox=_bbox(bbox), text=(q or "").strip() or None)
    params = {"from": date_from or "", "to": date_to or "", "country": list(search.countries),
              "admin": list(search.admin_pcodes), "actor": list(search.actors), "type": list(search.event_types),
              "sub_type": list(search.sub_event_types), "source": list(search.sources), "bbox": bbox or "",
              "q": search.text or ""}
    return EventQuery(search, params)


def paging(limit: int = Query(100, ge=1, le=5000, description="Rows per page (at most 5,000)."),
           offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip.")) -> tuple[int, int]:
    return limit, offset


__all__ = ["EventQuery", "event_query", "paging"]
