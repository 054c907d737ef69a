"""Spillover and emerging hot spots (``veille.analysis``), computed over the events the
reader may see — the analysis never sees a record above their TLP — and kept for
``web_cache_seconds`` per reader, filters and data version."""

from __future__ import annotations

import pandas as pd

from veille.analysis import ANALYSIS_COLUMNS, emerging_hotspots, hotspot_summary, spillover
from veille.analysis.spillover import BANDS
from veille.errors import InvalidValue
from veille.model import Month, MonthRange
from veille.store import EventFilter
from veille.taxonomy import POLITICAL_VIOLENCE_EVENT_TYPES
from veille.web.plain import records
from veille.web.views.events import data_version

COASTAL = ("TGO", "BEN", "GHA", "CIV")
HOTSPOT_COUNTRIES = ("BFA", "TGO", "BEN", "NER", "MLI", "CIV")  # those with admin-2 boundaries
DEFAULT_MONTHS = 36


def _events(ctx, countries: tuple[str, ...]) -> pd.DataFrame:
    return ctx.store.events(EventFilter(countries=countries, audience=ctx.audience, columns=ANALYSIS_COLUMNS))


def _cached(ctx, name: str, params: tuple, compute):
    key = (name, ctx.audience, params, data_version(ctx.store))
    return ctx.request.app.state.cache.get(key, compute)


def _months(events: pd.DataFrame, text: str | None, minimum: int = 10) -> MonthRange:
    """The months asked for (``YYYY-MM:YYYY-MM``), else the ``DEFAULT_MONTHS`` ending with
    the last month that saw at least ``minimum`` political-violence events."""
    if text:
        months = MonthRange.parse(text)
        if len(months) > 240:
            raise InvalidValue("months: at most 240 months at once")
        return months
    pv = events[events["event_type"].isin(POLITICAL_VIOLENCE_EVENT_TYPES)]
    if pv.empty:
        raise InvalidValue("no political-violence events are visible for these countries")
    per_month = pd.to_datetime(pv["event_date"]).dt.to_period("M").value_counts()
    busy = per_month[per_month >= minimum]
    last = (busy.index.max() if len(busy) else per_month.index.max())
    end = Month(last.year, last.month)
    return MonthRange(end - (DEFAULT_MONTHS - 1), end)


def _countries(values: list[str], default: tuple[str, ...]) -> tuple[str, ...]:
    parts = [p for v in values if v for p in v.replace(",", " ").split()]
    chosen = tuple(dict.fromkeys(p.upper() for p in parts)) or default
    bad = [c for c in chosen if len(c) != 3 or not c.isalpha()]
    if bad:
        raise InvalidValue(f"country: expected ISO3 codes such as TGO, got {bad[0][:20]!r}")
    return chosen


def spillover_page(ctx, countries: list[str], months: str | None = None) -> dict:
    """Per country and month: political violence by distance from the Sahel front."""
    chosen = _countries(countries, COASTAL)

    def compute() -> dict:
        events = _events(ctx, tuple(sorted(set(chosen) | {"BFA", "MLI", "NER"})))
        window = _months(events[events["country_iso3"].isin(chosen)], months, minimum=1)
        table = spillover(events, countries=chosen, months=window)
        bands = [name for _, _, name in BANDS]
        by_country = []
        for iso3 in chosen:
            rows = table[table["country_iso3"] == iso3] if len(table) else table
            by_country.append({
                "country_iso3": iso3,
                "measured_from": rows["measured_from"].iloc[0] if len(rows) else None,
                "months": rows["month"].tolist() if len(rows) else [],
                "series": [{"name": band, "events": rows[f"events_{band}"].astype(int).tolist() if len(rows) else []}
                           for band in bands],
                "rows": records(rows.drop(columns=["country_iso3"])) if len(rows) else [],
                "totals": {"events": int(rows["events"].sum()) if len(rows) else 0,
                           "fatalities": int(rows["fatalities"].sum()) if len(rows) else 0,
                           "new_admin2": int(rows["new_admin2"].sum()) if len(rows) else 0},
            })
        return {"countries": list(chosen), "months": str(window), "bands": bands, "by_country": by_country,
                "method": "veille.analysis.spillover: events of the three political-violence types by distance "
                          "band from the Burkina Faso/Mali/Niger border (the Sahel front); docs/analysis.md"}

    data = _cached(ctx, "spillover", (chosen, months), compute)
    return {**data, "links": {"json": "/api/spillover?" + "&".join(f"country={c}" for c in chosen)
                              + (f"&months={months}" if months else "")}}


def hotspots_page(ctx, countries: list[str], months: str | None = None) -> dict:
    """Emerging hot spots per admin-2 unit (Getis-Ord Gi* and Mann-Kendall)."""
    chosen = _countries(countries, HOTSPOT_COUNTRIES)

    def compute() -> dict:
        events = _events(ctx, chosen)
        window = _months(events, months)
        if len(window) < 10:
            raise InvalidValue("months: hot spots need at least 10 months")
        table = emerging_hotspots(events, "admin2", countries=chosen, months=window)
        summary = hotspot_summary(table)
        summary = summary.sort_values(["category", "events"], ascending=[True, False])
        named = summary[summary["category"] != ""]
        return {"countries": list(chosen), "months": str(window), "unit": "admin2",
                "counts": named["category"].value_counts().to_dict(),
                "units": records(summary),
                "boundaries": "/api/boundaries/2?" + "&".join(f"country={c}" for c in chosen),
                "method": "veille.analysis.hotspots: Gi* over a space-time cube of monthly political-violence "
                          "counts per admin-2 unit, FDR-corrected, then Mann-Kendall; ESRI's pattern names; "
                          "docs/analysis.md"}

    data = _cached(ctx, "hotspots", (chosen, months), compute)
    return {**data, "links": {"json": "/api/hotspots?" + "&".join(f"country={c}" for c in chosen)
                              + (f"&months={months}" if months else "")}}


__all__ = ["hotspots_page", "spillover_page"]
