"""Frozen domain values that validate themselves.

``EVENT_FIELDS`` is the one description of an event's columns: the store's schema,
the importers' vectorised checks and ``Event`` itself all read it.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from veille.errors import InvalidValue

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12):
            raise InvalidValue(f"month must be 1-12, got {self.month}")
        if not (1800 <= self.year <= 2200):
            raise InvalidValue(f"year must be 1800-2200, got {self.year}")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH_RE.match(str(text).strip())
        if not match:
            raise InvalidValue(f"expected a month as YYYY-MM, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def index(self) -> int:
        """Months since year 0; differences of indexes count months."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + int(months))

    def __sub__(self, other: Month | int) -> Month | int:
        if isinstance(other, Month):
            return self.index - other.index
        return Month.from_index(self.index - int(other))

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class MonthRange:
    """Months ``start`` to ``end``, both included."""

    start: Month
    end: Month

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValue(f"month range ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, text: str) -> MonthRange:
        """``2019-01:2020-06`` or a single month ``2020-06``."""
        parts = str(text).split(":")
        if len(parts) == 1:
            month = Month.parse(parts[0])
            return cls(month, month)
        if len(parts) != 2:
            raise InvalidValue(f"expected a month range as YYYY-MM:YYYY-MM, got {text!r}")
        return cls(Month.parse(parts[0]), Month.parse(parts[1]))

    def __len__(self) -> int:
        return self.end.index - self.start.index + 1

    def __iter__(self) -> Iterator[Month]:
        for index in range(self.start.index, self.end.index + 1):
            yield Month.from_index(index)

    def __contains__(self, month: object) -> bool:
        return isinstance(month, Month) and self.start <= month <= self.end

    def __str__(self) -> str:
        return f"{self.start}:{self.end}"


@dataclass(frozen=True)
class Horizon:
    """Forecast steps ahead, in months: ``first`` to ``last`` (1-12 style)."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not (1 <= self.first <= self.last <= 36):
            raise InvalidValue(f"horizons must satisfy 1 <= first <= last <= 36, got {self.first}-{self.last}")

    @classmethod
    def parse(cls, text: str) -> Horizon:
        parts = str(text).split("-")
        try:
            if len(parts) == 1:
                return cls(int(parts[0]), int(parts[0]))
            if len(parts) == 2:
                return cls(int(parts[0]), int(parts[1]))
        except ValueError:
            pass
        raise InvalidValue(f"expected horizons as N or N-M (e.g. 1-12), got {text!r}")

    def steps(self) -> range:
        return range(self.first, self.last + 1)


class Tlp(str, enum.Enum):
    """Traffic Light Protocol: who may see a record."""

    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"

    @property
    def rank(self) -> int:
        return ["CLEAR", "GREEN", "AMBER", "RED"].index(self.value)


SOURCES = ("ucdp", "ucdp_candidate", "acled", "gdelt", "text", "report")


@dataclass(frozen=True)
class FieldSpec:
    """One event column: its SQL type, whether it may be empty, and its bounds."""

    name: str
    kind: str  # "text", "int", "float", "date", "timestamp"
    nullable: bool = True
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    help: str = ""


EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("event_id", "text", False, help="hash of (source, source_event_id)"),
    FieldSpec("source", "text", False, choices=SOURCES),
    FieldSpec("source_event_id", "text", False, help="the source's own id"),
    FieldSpec("event_date", "date", False),
    FieldSpec("date_end", "date"),
    FieldSpec("date_precision", "int", False, 1, 3, help="1 day, 2 week, 3 month or vaguer"),
    FieldSpec("disorder_type", "text"),
    FieldSpec("event_type", "text", False),
    FieldSpec("sub_event_type", "text", help="null when the source is coarser than ACLED's 25 sub-types"),
    FieldSpec("actor1", "text"), FieldSpec("actor1_raw", "text"),
    FieldSpec("assoc_actor1", "text"), FieldSpec("assoc_actor1_raw", "text"),
    FieldSpec("actor2", "text"), FieldSpec("actor2_raw", "text"),
    FieldSpec("assoc_actor2", "text"), FieldSpec("assoc_actor2_raw", "text"),
    FieldSpec("inter1", "int", True, 0, 8), FieldSpec("inter2", "int", True, 0, 8),
    FieldSpec("interaction", "int", True, 0, 88),
    FieldSpec("country_iso3", "text"), FieldSpec("country_raw", "text"),
    FieldSpec("admin1", "text"), FieldSpec("admin1_pcode", "text"), FieldSpec("admin1_raw", "text"),
    FieldSpec("admin2", "text"), FieldSpec("admin2_pcode", "text"), FieldSpec("admin2_raw", "text"),
    FieldSpec("admin3", "text"), FieldSpec("admin3_pcode", "text"), FieldSpec("admin3_raw", "text"),
    FieldSpec("location", "text"),
    FieldSpec("latitude", "float", True, -90, 90), FieldSpec("longitude", "float", True, -180, 180),
    FieldSpec("geo_precision", "int", True, 1, 3, help="1 exact place, 2 near / district, 3 region"),
    FieldSpec("geo_match", "text", help="inside, snapped, outside or missing: how the point met the boundaries"),
    FieldSpec("pgm_gid", "int", True, 1, 259200),
    FieldSpec("border_km", "float", True, 0, 20000),
    FieldSpec("fatalities", "int", True, 0, 1_000_000),
    FieldSpec("fatalities_low", "int", True, 0, 1_000_000),
    FieldSpec("fatalities_high", "int", True, 0, 1_000_000),
    FieldSpec("civilian_fatalities", "int", True, 0, 1_000_000),
    FieldSpec("notes", "text"),
    FieldSpec("source_refs", "text", help="outlets, headlines, URLs as the source gives them"),
    FieldSpec("confidence", "float", False, 0, 1),
    FieldSpec("tlp", "text", False, choices=tuple(t.value for t in Tlp)),
    FieldSpec("ingest_run_id", "int"),
    FieldSpec("content_hash", "text"),
    FieldSpec("created_at", "timestamp"),
    FieldSpec("updated_at", "timestamp"),
)

EVENT_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in EVENT_FIELDS)
PROVENANCE_COLUMNS = ("ingest_run_id", "content_hash", "created_at", "updated_at")
# What a source says about an event: the columns whose change makes a record "updated".
CONTENT_COLUMNS: tuple[str, ...] = tuple(c for c in EVENT_COLUMNS if c not in PROVENANCE_COLUMNS)


def event_id(source: str, source_event_id: str) -> str:
    """Stable id: the same source record always gets the same id. The first 20 hex
    digits of md5(source, U+001F, source_event_id) — importers compute the same in bulk."""
    return hashlib.md5(f"{source}\x1f{source_event_id}".encode()).hexdigest()[:20]


def _check(spec: FieldSpec, value: Any) -> None:
    if value is None:
        if not spec.nullable:
            raise InvalidValue(f"{spec.name} is required")
        return
    if spec.kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        raise InvalidValue(f"{spec.name} must be a whole number, got {value!r}")
    if spec.kind == "float" and not isinstance(value, (int, float)):
        raise InvalidValue(f"{spec.name} must be a number, got {value!r}")
    if spec.kind == "date" and not isinstance(value, dt.date):
        raise InvalidValue(f"{spec.name} must be a date, got {value!r}")
    if spec.kind == "text" and not isinstance(value, str):
        raise InvalidValue(f"{spec.name} must be text, got {value!r}")
    if spec.low is not None and value < spec.low:
        raise InvalidValue(f"{spec.name} must be >= {spec.low}, got {value!r}")
    if spec.high is not None and value > spec.high:
        raise InvalidValue(f"{spec.name} must be <= {spec.high}, got {value!r}")
    if spec.choices is not None and value not in spec.choices:
        raise InvalidValue(f"{spec.name} must be one of {', '.join(spec.choices)}, got {value!r}")


@dataclass(frozen=True)
class Event:
    """One event as one source reported it. See DESIGN.md, "The event"."""

    source: str
    source_event_id: str
    event_date: dt.date
    event_type: str
    date_precision: int = 1
    event_id: str = ""
    date_end: dt.date | None = None
    disorder_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_raw: str | None = None
    assoc_actor1: str | None = None
    assoc_actor1_raw: str | None = None
    actor2: str | None = None
    actor2_raw: str | None = None
    assoc_actor2: str | None = None
    assoc_actor2_raw: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    country_iso3: str | None = None
    country_raw: str | None = None
    admin1: str | None = None
    admin1_pcode: str | None = None
    admin1_raw: str | None = None
    admin2: str | None = None
    admin2_pcode: str | None = None
    admin2_raw: str | None = None
    admin3: str | None = None
    admin3_pcode: str | None = None
    admin3_raw: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geo_match: str | None = None
    pgm_gid: int | None = None
    border_km: float | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    civilian_fatalities: int | None = None
    notes: str | None = None
    source_refs: str | None = None
    confidence: float = 1.0
    tlp: str = Tlp.CLEAR.value
    ingest_run_id: int | None = None
    content_hash: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if not self.event_id:
            object.__setattr__(self, "event_id", event_id(self.source, self.source_event_id))
        for spec in EVENT_FIELDS:
            _check(spec, getattr(self, spec.name))
        if self.date_end is not None and self.date_end < self.event_date:
            raise InvalidValue(f"date_end {self.date_end} is before event_date {self.event_date}")
        from veille.taxonomy import check_types  # taxonomy sits in the same layer

        check_types(self.event_type, self.sub_event_type)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) }


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    kind: int  # ACLED actor-type code 1-8
    country_iso3: str | None = None
    parent_id: str | None = None

    def __post_init__(self) -> None:
        if not (1 <= self.kind <= 8):
            raise InvalidValue(f"actor kind must be an ACLED actor-type code 1-8, got {self.kind}")


@dataclass(frozen=True)
class AdminUnit:
    pcode: str
    name: str
    level: int
    country_iso3: str
    parent_pcode: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.level <= 3):
            raise InvalidValue(f"admin level must be 0-3, got {self.level}")
