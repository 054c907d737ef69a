"""Shared checks and columns for the analyses: every step takes the store's event frame."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from veille.errors import InvalidValue
from veille.model import Month, MonthRange
from veille.taxonomy import POLITICAL_VIOLENCE_EVENT_TYPES


def require(events: pd.DataFrame, columns: tuple[str, ...], step: str) -> None:
    """Fail with the missing column names, not a KeyError deep inside a groupby."""
    missing = [c for c in columns if c not in events.columns]
    if missing:
        raise InvalidValue(f"{step} needs event column(s) {', '.join(missing)}; "
                           f"the frame has {', '.join(map(str, events.columns)) or 'none'}")


def political_violence(events: pd.DataFrame) -> pd.DataFrame:
    """Battles, explosions/remote violence and violence against civilians only."""
    require(events, ("event_type",), "political_violence")
    return events[events["event_type"].isin(POLITICAL_VIOLENCE_EVENT_TYPES)]


def month_index(dates: pd.Series) -> np.ndarray:
    """Months since year 0 (``Month.index``) for each date."""
    dates = pd.to_datetime(dates)
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype="int64")


def month_label(index) -> list[str]:
    return [str(Month.from_index(int(i))) for i in np.atleast_1d(index)]


def months_of(events: pd.DataFrame, months: MonthRange | None) -> MonthRange:
    """The range asked for, or the events' own first to last month."""
    if months is not None:
        return months
    if events.empty:
        raise InvalidValue("no events to analyse and no month range given")
    dates = pd.to_datetime(events["event_date"])
    return MonthRange(Month.of(dates.min().date()), Month.of(dates.max().date()))


def within(events: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    dates = pd.to_datetime(events["event_date"])
    start = pd.Timestamp(months.start.first_day)
    end = pd.Timestamp(months.end.last_day)
    return events[(dates >= start) & (dates <= end)]


def as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
