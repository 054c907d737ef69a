"""Analyses of the event table: spillover, hot spots, trends, indicators, actors.

Every step is a module-level function taking the store's event frame (``Store.events()``)
and returning a DataFrame; each module can also draw its result as a PNG. ``load_events``
reads the columns they need. See docs/analysis.md.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from veille.analysis.actors import actor_pairs, associated_actors, first_appearances, jnim_vs_is_sahel
from veille.analysis.hotspots import emerging_hotspots, hotspot_summary, plot_hotspots, unit_geometries
from veille.analysis.indicators import conflict_indicators, plot_indicators
from veille.analysis.spillover import cross_border_clusters, newly_affected_units, plot_spillover, spillover
from veille.analysis.trends import baseline_change, monthly_counts, surges
from veille.model import MonthRange
from veille.store import EventFilter, Store

ANALYSIS_COLUMNS = (
    "event_id", "source", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actor1",
    "assoc_actor2", "inter1", "inter2", "country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode",
    "latitude", "longitude", "pgm_gid", "border_km", "fatalities", "civilian_fatalities", "tlp")


def load_events(store: Store, countries: tuple[str, ...] = (), months: MonthRange | None = None,
                sources: tuple[str, ...] = (), date_from: dt.date | None = None,
                each_event_once: bool = True) -> pd.DataFrame:
    """The events an analysis needs, from ``store``: the columns above, optionally
    narrowed to countries, a month range (or a start date) and sources.

    With ``each_event_once`` (the default) a news report linked to an event already in
    the store (a curated record, or an earlier report) is left out, so that each real
    event counts once (``store.text.duplicate_event_ids``)."""
    from veille.store.text import duplicate_event_ids

    start = months.start.first_day if months else date_from
    events = store.events(EventFilter(countries=tuple(countries), sources=tuple(sources), date_from=start,
                                      date_to=months.end.last_day if months else None, columns=ANALYSIS_COLUMNS))
    if each_event_once and not events.empty:
        repeats = duplicate_event_ids(store)
        if repeats:
            events = events[~events["event_id"].isin(repeats)].reset_index(drop=True)
    return events


__all__ = ["ANALYSIS_COLUMNS", "actor_pairs", "associated_actors", "baseline_change", "conflict_indicators",
           "cross_border_clusters", "emerging_hotspots", "first_appearances", "hotspot_summary",
           "jnim_vs_is_sahel", "load_events", "monthly_counts", "newly_affected_units", "plot_hotspots",
           "plot_indicators", "plot_spillover", "spillover", "surges", "unit_geometries"]
