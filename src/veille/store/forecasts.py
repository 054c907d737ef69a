"""Forecast runs and their forecasts: saved with the data vintage they saw, read back.

A run is identified by a hash of what made it (unit, target, origin, horizons,
samples, seed, model, parameters and data vintage), so saving the same forecast twice
keeps one copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd

from veille import __version__
from veille.errors import InvalidValue, NotFound
from veille.store.core import Store

_RUN_KEYS = ("unit", "target", "train_end", "horizons", "samples", "seed", "model", "params", "sources",
             "data_vintage", "train_months")
_FORECAST_COLUMNS = ("unit", "unit_name", "country_iso3", "month", "horizon", "mean", "p_gt0", "draws")


def forecast_run_id(run: dict) -> str:
    identity = json.dumps({k: run.get(k) for k in _RUN_KEYS}, sort_keys=True, default=str)
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def save_forecast_run(store: Store, frame: pd.DataFrame, run: dict) -> str:
    """Store a forecast (the columns of ``veille.forecast.forecast``) and the run that
    made it (``frame.attrs`` of that function); return the run id."""
    missing = [c for c in _FORECAST_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidValue(f"a forecast to save lacks column(s): {', '.join(missing)}")
    for key in ("unit", "target", "train_end", "horizons", "samples", "model"):
        if run.get(key) is None:
            raise InvalidValue(f"the forecast run lacks {key!r}")
    run_id = forecast_run_id(run)
    vintage = run.get("data_vintage") or {}
    rows = pd.DataFrame({
        "run_id": run_id,
        "unit": frame["unit"].astype(str),
        "unit_name": frame["unit_name"].astype(str),
        "country_iso3": frame["country_iso3"].astype(str),
        "month": frame["month"].astype(str),
        "horizon": frame["horizon"].astype("int64"),
        "mean": frame["mean"].astype("float64"),
        "p_gt0": frame["p_gt0"].astype("float64"),
        "draws": [json.dumps([int(v) for v in draws]) for draws in frame["draws"]],
    })
    con = store._con
    with store.transaction():
        con.execute("DELETE FROM forecasts WHERE run_id = ?", [run_id])
        con.execute("DELETE FROM forecast_runs WHERE run_id = ?", [run_id])
        max_date = vintage.get("max_event_date")
        con.execute(
            "INSERT INTO forecast_runs (run_id, created_at, unit, target, train_end, horizons, samples, seed, "
            "model, veille_version, max_ingest_run_id, max_event_date, events_read, sources, params) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), run["unit"], run["target"],
             str(run["train_end"]), str(run["horizons"]), int(run["samples"]), run.get("seed"), run["model"],
             __version__, vintage.get("max_ingest_run_id"),
             dt.date.fromisoformat(max_date) if max_date else None, vintage.get("events_read"),
             json.dumps(run.get("sources") or {}, sort_keys=True),
             json.dumps({"params": run.get("params"), "train_months": run.get("train_months")},
                        sort_keys=True, default=str)])
        con.register("incoming_forecasts", rows)
        try:
            con.execute("INSERT INTO forecasts (run_id, unit, unit_name, country_iso3, month, horizon, mean, "
                        "p_gt0, draws) SELECT run_id, unit, unit_name, country_iso3, month, horizon, mean, "
                        "p_gt0, draws FROM incoming_forecasts")
        finally:
            con.unregister("incoming_forecasts")
    return run_id


def forecast_runs(store: Store) -> pd.DataFrame:
    """Every stored run, newest first, with the data vintage it saw."""
    return store._con.execute("SELECT * FROM forecast_runs ORDER BY created_at DESC, run_id").df()


def load_forecast_run(store: Store, run_id: str) -> pd.DataFrame:
    """A stored forecast in the columns ``forecast`` returns; ``attrs`` holds its run."""
    run = store._con.execute("SELECT * FROM forecast_runs WHERE run_id = ?", [run_id]).df()
    if run.empty:
        raise NotFound(f"no forecast run {run_id!r}")
    frame = store._con.execute(
        "SELECT unit, unit_name, country_iso3, month, horizon, mean, p_gt0, draws FROM forecasts "
        "WHERE run_id = ? ORDER BY horizon, unit", [run_id]).df()
    frame["draws"] = [json.loads(text) for text in frame["draws"]]
    frame["horizon"] = frame["horizon"].astype("int64")
    frame.attrs.update({k: (v.item() if hasattr(v, "item") else v) for k, v in run.iloc[0].to_dict().items()})
    return frame
