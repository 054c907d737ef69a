"""What violence costs civilians: civilian fatalities and the share of violence aimed at
them, per country or admin-1 and month or year, from the events as stored.

Civilian fatalities are the ``civilian_fatalities`` column as the importers fill it:
UCDP's ``deaths_civilians``; for ACLED, the fatalities of Violence-against-civilians
events (ACLED's own convention). Violence aimed at civilians is ACLED's "danger to
civilians" reading (as ``analysis.indicators``): Violence against civilians, and
Explosions/Remote violence whose second actor is civilians (actor type 7).

Sources are never added together: each country-year is counted in one source, the
first of ACLED, UCDP GED and UCDP Candidate with political violence there that year.
"""

from __future__ import annotations

import pandas as pd

from veille.analysis._frame import month_index, month_label, political_violence, require
from veille.countries import country_name
from veille.errors import InvalidValue
from veille.forecast.panel import SOURCE_PREFERENCE
from veille.taxonomy import REMOTE, VAC

CIVILIANS = 7
CIVILIAN_COLUMNS = ("event_id", "source", "event_date", "event_type", "inter2", "country_iso3", "admin1",
                    "admin1_pcode", "fatalities", "civilian_fatalities")


def one_source_per_country_year(events: pd.DataFrame) -> pd.DataFrame:
    """The events of the preferred curated source in each country and year (ACLED, then
    UCDP GED, then UCDP Candidate); GDELT, text and community reports are left out."""
    require(events, ("source", "event_date", "country_iso3"), "one_source_per_country_year")
    curated = events[events["source"].isin(SOURCE_PREFERENCE)]
    if curated.empty:
        return curated
    year = pd.to_datetime(curated["event_date"]).dt.year.to_numpy()
    rank = curated["source"].map({s: i for i, s in enumerate(SOURCE_PREFERENCE)}).to_numpy()
    key = pd.DataFrame({"country": curated["country_iso3"].fillna("").to_numpy(), "year": year, "rank": rank})
    best = key.groupby(["country", "year"])["rank"].transform("min").to_numpy()
    return curated[rank == best]


def civilian_harm(events: pd.DataFrame, unit: str = "country", period: str = "month") -> pd.DataFrame:
    """Per unit (``country`` or ``admin1``) and period (``month`` or ``year``):
    unit, unit_name, country_iso3, period, source, events (political violence),
    civilian_targeting_events, fatalities, civilian_fatalities, share_events_targeting_civilians,
    share_fatalities_civilian (NaN when no fatalities), event_ids (list)."""
    if unit not in ("country", "admin1"):
        raise InvalidValue(f"unit must be country or admin1, got {unit!r}")
    if period not in ("month", "year"):
        raise InvalidValue(f"period must be month or year, got {period!r}")
    require(events, CIVILIAN_COLUMNS, "civilian_harm")
    pv = political_violence(one_source_per_country_year(events))
    column = "country_iso3" if unit == "country" else "admin1_pcode"
    pv = pv.dropna(subset=[column])
    columns = ["unit", "unit_name", "country_iso3", "period", "source", "events", "civilian_targeting_events",
               "fatalities", "civilian_fatalities", "share_events_targeting_civilians", "share_fatalities_civilian",
               "event_ids"]
    if pv.empty:
        return pd.DataFrame(columns=columns)
    m = month_index(pv["event_date"])
    targeting = (pv["event_type"] == VAC) | ((pv["event_type"] == REMOTE) & (pv["inter2"] == CIVILIANS))
    frame = pd.DataFrame({
        "unit": pv[column].astype(str).to_numpy(),
        "unit_name": (pv["country_iso3"].map(country_name) if unit == "country" else pv["admin1"]).astype(str)
        .to_numpy(),
        "country_iso3": pv["country_iso3"].to_numpy(),
        "period": month_label(m) if period == "month" else [str(i // 12) for i in m],
        "source": pv["source"].to_numpy(),
        "targeting": targeting.to_numpy(),
        "fatalities": pv["fatalities"].fillna(0).to_numpy(dtype="int64"),
        "civilian_fatalities": pv["civilian_fatalities"].fillna(0).to_numpy(dtype="int64"),
        "event_id": pv["event_id"].to_numpy(),
    })
    out = frame.groupby(["unit", "period"], sort=True).agg(
        unit_name=("unit_name", "first"), country_iso3=("country_iso3", "first"),
        source=("source", lambda s: "; ".join(sorted(set(s)))), events=("event_id", "size"),
        civilian_targeting_events=("targeting", "sum"), fatalities=("fatalities", "sum"),
        civilian_fatalities=("civilian_fatalities", "sum"), event_ids=("event_id", list)).reset_index()
    out["civilian_targeting_events"] = out["civilian_targeting_events"].astype("int64")
    out["share_events_targeting_civilians"] = out["civilian_targeting_events"] / out["events"]
    out["share_fatalities_civilian"] = out["civilian_fatalities"] / out["fatalities"].where(out["fatalities"] > 0)
    out.attrs["method"] = ("political violence of one curated source per country-year; civilian fatalities as "
                           "stored (UCDP deaths_civilians, ACLED fatalities of Violence against civilians); "
                           "events targeting civilians: Violence against civilians and Explosions/Remote "
                           "violence against actor type 7")
    return out[columns]


def civilian_totals(table: pd.DataFrame) -> pd.DataFrame:
    """``civilian_harm`` rows added up per unit over their periods (shares recomputed)."""
    grouped = table.groupby(["unit", "unit_name", "country_iso3"], as_index=False).agg(
        events=("events", "sum"), civilian_targeting_events=("civilian_targeting_events", "sum"),
        fatalities=("fatalities", "sum"), civilian_fatalities=("civilian_fatalities", "sum"))
    grouped["share_events_targeting_civilians"] = grouped["civilian_targeting_events"] / grouped["events"]
    grouped["share_fatalities_civilian"] = grouped["civilian_fatalities"] / \
        grouped["fatalities"].where(grouped["fatalities"] > 0)
    return grouped.sort_values("civilian_fatalities", ascending=False, kind="stable").reset_index(drop=True)


__all__ = ["CIVILIAN_COLUMNS", "civilian_harm", "civilian_totals", "one_source_per_country_year"]
