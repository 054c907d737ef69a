"""Change against a unit's own past, and ACLED's Surge rule.

``baseline_change`` compares each unit's month with the mean of its previous
``baseline`` months. ``surges`` applies the rule of ACLED's Conflict Alert System: a
unit surges in the week ending on a day when that week's political-violence events are
at least double the weekly average of the month (four weeks) before it, with at least
``min_events`` events in the week so that one event after a quiet month is not a surge.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from veille.analysis._frame import as_date, month_index, month_label, months_of, political_violence, require
from veille.errors import InvalidValue
from veille.model import MonthRange

UNIT_COLUMNS = {"country": "country_iso3", "admin1": "admin1_pcode", "admin2": "admin2_pcode", "pgm": "pgm_gid"}


def unit_column(unit: str) -> str:
    if unit not in UNIT_COLUMNS:
        raise InvalidValue(f"unit must be one of {', '.join(UNIT_COLUMNS)}, got {unit!r}")
    return UNIT_COLUMNS[unit]


def monthly_counts(events: pd.DataFrame, unit: str = "admin1", months: MonthRange | None = None) -> pd.DataFrame:
    """Political-violence events and fatalities per unit and month, every month present
    (zeros included). Columns: unit, country_iso3, month, events, fatalities."""
    column = unit_column(unit)
    require(events, ("event_date", "event_type", "country_iso3", "fatalities", column), "monthly_counts")
    pv = political_violence(events).dropna(subset=[column])
    months = months_of(pv, months)
    m = month_index(pv["event_date"])
    inside = (m >= months.start.index) & (m <= months.end.index)
    frame = pd.DataFrame({"unit": pv[column].astype(str).to_numpy()[inside], "m": m[inside],
                          "country_iso3": pv["country_iso3"].to_numpy()[inside],
                          "fatalities": pv["fatalities"].fillna(0).to_numpy()[inside]})
    counts = frame.groupby(["unit", "m"]).agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
    country = frame.groupby("unit")["country_iso3"].first()
    units = sorted(country.index)
    full = pd.MultiIndex.from_product([units, range(months.start.index, months.end.index + 1)], names=["unit", "m"])
    counts = counts.reindex(full, fill_value=0).reset_index()
    counts.insert(1, "country_iso3", country.reindex(counts["unit"]).to_numpy())
    counts.insert(2, "month", month_label(counts["m"]) if len(counts) else [])
    return counts.drop(columns="m").astype({"events": "int64", "fatalities": "int64"})


def baseline_change(events: pd.DataFrame, unit: str = "admin1", months: MonthRange | None = None,
                    baseline: int = 12) -> pd.DataFrame:
    """Each unit-month against the mean of the unit's ``baseline`` previous months.

    Adds baseline_events, change (events − baseline), ratio (events / baseline; NaN when the
    baseline is 0) and z (change over the baseline's standard deviation, floored at 1 so
    that a quiet unit's first event does not read as infinite)."""
    counts = monthly_counts(events, unit, months)
    grouped = counts.groupby("unit")["events"]
    history = grouped.transform(lambda s: s.shift(1).rolling(baseline, min_periods=1).mean())
    spread = grouped.transform(lambda s: s.shift(1).rolling(baseline, min_periods=2).std())
    counts["baseline_events"] = history
    counts["change"] = counts["events"] - history
    counts["ratio"] = counts["events"] / history.where(history > 0)
    counts["z"] = counts["change"] / np.maximum(spread.fillna(1.0), 1.0)
    return counts


def surges(events: pd.DataFrame, unit: str = "country", as_of: dt.date | str | None = None,
           weeks: int | None = None, min_events: int = 3) -> pd.DataFrame:
    """Weekly Surge flags per unit. Weeks end on ``as_of`` (default: the last event's
    date) and step back seven days at a time; ``weeks`` limits how many (all by default).

    Columns: unit, country_iso3, week_end, week_events, previous_weekly_average,
    surge (bool), event_ids (the week's events, the alert's evidence)."""
    column = unit_column(unit)
    require(events, ("event_id", "event_date", "event_type", "country_iso3", column), "surges")
    pv = political_violence(events).dropna(subset=[column])
    columns = ["unit", "country_iso3", "week_end", "week_events", "previous_weekly_average", "surge", "event_ids"]
    if pv.empty:
        return pd.DataFrame(columns=columns)
    dates = pd.to_datetime(pv["event_date"]).to_numpy().astype("datetime64[D]")
    end = np.datetime64(as_date(as_of) or dates.max(), "D")
    # week k covers (end - 7(k+1), end - 7k]; week -1 … are the four before it (the "previous month")
    week = ((end - dates).astype("int64")) // 7
    keep = (dates <= end) & (week < (weeks + 4 if weeks else np.inf))
    frame = pd.DataFrame({"unit": pv[column].astype(str).to_numpy()[keep], "week": week[keep],
                          "country_iso3": pv["country_iso3"].to_numpy()[keep],
                          "event_id": pv["event_id"].to_numpy()[keep]})
    counts = frame.groupby(["unit", "week"]).agg(n=("event_id", "size"), event_ids=("event_id", list))
    country = frame.groupby("unit")["country_iso3"].first()
    last_week = int(weeks - 1 if weeks else frame["week"].max())
    rows = []
    for name, group in counts.groupby(level="unit"):
        n = group["n"].droplevel("unit").reindex(range(last_week + 5), fill_value=0).to_numpy()
        ids = group["event_ids"].droplevel("unit")
        for k in range(last_week + 1):
            previous = n[k + 1: k + 5].mean()
            if n[k] == 0:
                continue
            rows.append((name, country[name], (end - np.timedelta64(7 * k, "D")).astype(object),
                         int(n[k]), float(previous), bool(n[k] >= max(min_events, 2 * previous)),
                         list(ids.get(k, []))))
    return pd.DataFrame(rows, columns=columns).sort_values(["week_end", "unit"]).reset_index(drop=True)


def plot_trend(table: pd.DataFrame, path, units=None, title: str | None = None):
    """Monthly events per unit against their baseline (from ``baseline_change``); PNG."""
    from veille.analysis._plot import pyplot

    plt = pyplot()
    units = list(units) if units is not None else \
        list(table.groupby("unit")["events"].sum().sort_values(ascending=False).index[:6])
    fig, ax = plt.subplots(figsize=(10, 4))
    for name in units:
        rows = table[table["unit"] == name]
        when = pd.to_datetime(rows["month"] + "-01")
        line = ax.plot(when, rows["events"], lw=1, label=str(name))[0]
        ax.plot(when, rows["baseline_events"], lw=1, ls=":", color=line.get_color())
    ax.set_ylabel("political-violence events / month (dotted: baseline)")
    ax.legend(fontsize=7)
    ax.set_title(title or "Events against each unit's own baseline", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["UNIT_COLUMNS", "baseline_change", "monthly_counts", "plot_trend", "surges", "unit_column"]
