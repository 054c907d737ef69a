"""Forecasts (``veille.store.forecasts``): the stored runs, and one run's forecasts for a
horizon as a map and a table with 90% intervals from the draws.

Forecasts are aggregates per admin-1 unit or grid cell, made from the curated sources;
veille treats them as GREEN: any logged-in user sees them, anonymous visitors do not."""

from __future__ import annotations

import numpy as np

from veille.errors import InvalidValue, NotFound
from veille.store.forecasts import forecast_runs, load_forecast_run
from veille.web.auth import require
from veille.web.plain import records, value

RUN_COLUMNS = ("run_id", "created_at", "unit", "target", "train_end", "horizons", "samples", "model",
               "max_event_date", "events_read")


def forecasts_page(ctx, run_id: str | None = None, horizon: int | None = None, country: str | None = None) -> dict:
    require(ctx.caller, "viewer")
    runs = forecast_runs(ctx.store)
    listed = records(runs, RUN_COLUMNS)
    if runs.empty:
        return {"runs": [], "run": None, "horizon": None, "horizons": [], "rows": [], "links": {}}
    run_id = run_id or runs["run_id"].iloc[0]
    if run_id not in set(runs["run_id"]):
        raise NotFound(f"no forecast run {run_id!r}")
    frame = load_forecast_run(ctx.store, run_id)
    horizons = sorted(int(h) for h in frame["horizon"].unique())
    horizon = horizon or horizons[0]
    if horizon not in horizons:
        raise InvalidValue(f"horizon: this run forecasts horizons {horizons[0]}-{horizons[-1]}, not {horizon}")
    rows = frame[frame["horizon"] == horizon]
    if country:
        rows = rows[rows["country_iso3"] == country.upper()]
    draws = np.array([np.asarray(d, dtype=float) for d in rows["draws"]]) if len(rows) else np.empty((0, 0))
    low = np.quantile(draws, 0.05, axis=1) if draws.size else []
    high = np.quantile(draws, 0.95, axis=1) if draws.size else []
    table = rows.drop(columns=["draws"]).assign(low90=low, high90=high).sort_values("mean", ascending=False)
    run = {k: value(v) for k, v in frame.attrs.items() if k in RUN_COLUMNS}
    if run.get("unit") == "pgm" and len(table):
        from veille.geo.grid import pgm_cell_center

        lat, lon = pgm_cell_center(table["unit"].astype("int64").to_numpy())
        table = table.assign(latitude=lat, longitude=lon)
    return {
        "runs": listed, "run": run, "horizon": horizon, "horizons": horizons, "country": country,
        "month": str(rows["month"].iloc[0]) if len(rows) else None,
        "rows": records(table),
        "boundaries": "/api/boundaries/1" if run.get("unit") == "admin1" else None,
        "method": "veille.forecast: LightGBM hurdle model per horizon, draws summarised as mean, P(>0) and "
                  "the 5-95% quantiles; docs/model-card.md",
        "links": {"json": f"/api/forecasts?run_id={run_id}&horizon={horizon}"},
    }


__all__ = ["forecasts_page"]
