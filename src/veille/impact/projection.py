"""From monthly forecasts to the year ahead: 12-month fatality totals per country, and
what was observed in the 12 months before, in the same source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from veille.errors import InvalidValue
from veille.model import Month
from veille.store import EventFilter, Store
from veille.taxonomy import POLITICAL_VIOLENCE_EVENT_TYPES


def annual_fatalities(forecast: pd.DataFrame, months: int = 12) -> pd.DataFrame:
    """Per country: the forecast's draws summed over its units and horizons 1..``months``.

    ``forecast`` has the columns of ``veille.forecast.forecast`` (target fatalities).
    Draw i of every unit and horizon is added to draw i of the others, which treats units
    and months as independent given the features (the hurdle model draws them so); the
    spread of a country's total is then, if anything, too narrow. Columns: country_iso3,
    draws (list), mean, median, p05, p10, p90, p95, months, first_month, last_month."""
    needed = ("country_iso3", "horizon", "month", "draws")
    missing = [c for c in needed if c not in forecast.columns]
    if missing:
        raise InvalidValue(f"annual_fatalities needs forecast column(s) {', '.join(missing)}")
    target = forecast.attrs.get("target")
    if target not in (None, "fatalities"):
        raise InvalidValue(f"annual_fatalities needs a fatalities forecast, got target {target!r}")
    rows = forecast[forecast["horizon"] <= months]
    have = sorted(rows["horizon"].unique())
    if have != list(range(1, months + 1)):
        raise InvalidValue(f"annual_fatalities needs horizons 1-{months}, the forecast has {have}")
    out = []
    for iso3, group in rows.groupby("country_iso3"):
        totals = np.sum(np.stack([np.asarray(d, dtype="float64") for d in group["draws"]]), axis=0)
        out.append({"country_iso3": iso3, "draws": totals.tolist(), "mean": float(totals.mean()),
                    "median": float(np.median(totals)), "p05": float(np.quantile(totals, 0.05)),
                    "p10": float(np.quantile(totals, 0.1)), "p95": float(np.quantile(totals, 0.95)),
                    "p90": float(np.quantile(totals, 0.9)), "months": months,
                    "first_month": str(group["month"].min()), "last_month": str(group["month"].max())})
    frame = pd.DataFrame(out, columns=["country_iso3", "draws", "mean", "median", "p05", "p10", "p90", "p95", "months",
                                       "first_month", "last_month"])
    frame.attrs.update({k: forecast.attrs[k] for k in ("run_id", "model", "train_end", "data_vintage", "sources")
                        if k in forecast.attrs})
    return frame


def observed_fatalities(store: Store, sources: dict[str, str], end: Month, months: int = 12) -> pd.DataFrame:
    """Political-violence fatalities per country in the ``months`` up to ``end``, counted
    in the source the forecast used for that country. Columns: country_iso3, source,
    fatalities, events, first_day, last_day, ingest_runs (sorted list)."""
    start = end - (months - 1)
    rows = []
    for iso3, source in sorted(sources.items()):
        events = store.events(EventFilter(countries=(iso3,), sources=(source,),
                                          event_types=POLITICAL_VIOLENCE_EVENT_TYPES, date_from=start.first_day,
                                          date_to=end.last_day, columns=("fatalities", "ingest_run_id")))
        rows.append({"country_iso3": iso3, "source": source, "fatalities": int(events["fatalities"].fillna(0).sum()),
                     "events": int(len(events)), "first_day": start.first_day, "last_day": end.last_day,
                     "ingest_runs": sorted(int(r) for r in events["ingest_run_id"].dropna().unique())})
    return pd.DataFrame(rows, columns=["country_iso3", "source", "fatalities", "events", "first_day", "last_day",
                                       "ingest_runs"])


__all__ = ["annual_fatalities", "observed_fatalities"]
