"""Forecasts from the store: panel → features → model → draws.

The model is the LightGBM quantile model (``quantile.py``, the default) or the
LightGBM hurdle (``hurdle.py``), chosen by the parameters passed.

Direct forecasting, as in ViEWS: a model for horizon h learns from (features at month
s, outcome at s + h) for every s + h up to the origin, and is applied to the features
of the origin month. The quantile model pools horizons 1 … 12 into one model with the
horizon as a feature (``pooled_model``, fitted once per origin); the hurdle fits one
model per horizon. No forecast made at an origin reads an event dated after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from veille.errors import InvalidValue, NotFound
from veille.forecast.benchmarks import WINDOW, conflictology_draws
from veille.forecast.features import feature_cube, feature_frame
from veille.forecast.hurdle import HurdleParams
from veille.forecast.negbin import NegBinParams
from veille.forecast.panel import TARGETS, UNITS, Panel, build_panel
from veille.forecast.quantile import QuantileParams
from veille.model import Horizon, Month
from veille.store import Store

FORECAST_COLUMNS = ("unit", "unit_name", "country_iso3", "month", "horizon", "mean", "p_gt0", "draws")
MIN_COVERAGE = 12  # months a unit must have been covered before a month counts as a training row
DEFAULT_TRAIN_MONTHS = 120
ModelParams = QuantileParams | HurdleParams | NegBinParams
DEFAULT_PARAMS: ModelParams = QuantileParams()
MODELS = {"quantile": QuantileParams, "hurdle": HurdleParams, "negbin": NegBinParams}
MODEL_NAME = DEFAULT_PARAMS.name


# At the grid level most training rows are cells quiet for three years that stay quiet:
# the quantile model keeps a fifth of them, weighted back (twice as fast, as good on the
# tuning origins; docs/model-card.md).
GRID_QUIET_FRACTION = 0.2


def default_params(unit: str = "admin1") -> ModelParams:
    """The default model's parameters for ``unit`` ('admin1' or 'pgm')."""
    return QuantileParams(quiet_fraction=GRID_QUIET_FRACTION) if unit == "pgm" else DEFAULT_PARAMS


def model_params(name: str, unit: str = "admin1") -> ModelParams:
    """The default parameters of the model called ``name`` ('quantile', 'hurdle' or
    'negbin') for ``unit``."""
    if name not in MODELS:
        raise InvalidValue(f"model must be one of {', '.join(MODELS)}, got {name!r}")
    return default_params(unit) if name == "quantile" else MODELS[name]()


@dataclass(frozen=True)
class TrainingWindow:
    """Which feature months train the model for one origin and horizon."""

    train_months: int | None = DEFAULT_TRAIN_MONTHS

    def columns(self, origin: int, horizon: int) -> range:
        last = origin - horizon
        first = 0 if self.train_months is None else max(0, last - self.train_months + 1)
        return range(first, last + 1)


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidValue(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def training_rows(panel: Panel, cube: dict[str, np.ndarray], target: str, origin: int, horizon: int,
                  window: TrainingWindow) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(features, outcome, outcome month) for the rows a model may learn from at ``origin``."""
    columns = window.columns(origin, horizon)
    if len(columns) == 0:
        return feature_frame(cube, slice(0, 0)), np.array([]), np.array([])
    covered = np.cumsum(panel.observed, axis=1)
    start, stop = columns.start, columns.stop
    mask = (covered[:, start:stop] >= MIN_COVERAGE) & panel.observed[:, start + horizon:stop + horizon]
    features = feature_frame(cube, slice(start, stop))
    outcome = panel.counts[target][:, start + horizon:stop + horizon]
    months = np.broadcast_to(np.arange(start, stop)[None, :] + horizon, outcome.shape)
    keep = mask.ravel()
    return (features[keep].reset_index(drop=True), outcome.ravel()[keep], months.ravel()[keep])


POOLED_HORIZONS = 12  # a pooled model learns from horizons 1 … 12
_POOLED: OrderedDict = OrderedDict()  # the last few pooled models, so the 12 horizons of an origin fit once


def _panel_key(panel: Panel, target: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for array in (panel.counts[target], panel.observed):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(f"{panel.first}:{panel.last}:{len(panel.units)}".encode())
    return digest.hexdigest()


def pooled_model(panel: Panel, cube: dict[str, np.ndarray], target: str, origin: int, seed: int,
                 params: ModelParams, window: TrainingWindow, longest: int = POOLED_HORIZONS):
    """One model for every horizon 1 … ``longest`` at ``origin``: the rows of every horizon, the
    horizon as a feature. Fitted once per (panel, target, origin, parameters) and kept."""
    key = (_panel_key(panel, target), tuple(sorted(cube)), target, origin, seed, params, window, longest)
    if key in _POOLED:
        _POOLED.move_to_end(key)
        return _POOLED[key]
    parts, outcomes, months = [], [], []
    for horizon in range(1, longest + 1):
        features, outcome, month = training_rows(panel, cube, target, origin, horizon, window)
        features["horizon"] = np.float32(horizon)
        parts.append(features)
        outcomes.append(outcome)
        months.append(month)
    outcome = np.concatenate(outcomes)
    if len(outcome) == 0:
        raise InvalidValue(f"no training data before {panel.month(origin)}")
    model = params.fit(pd.concat(parts, ignore_index=True), outcome, np.concatenate(months), target, seed=seed * 1000)
    _POOLED[key] = model
    while len(_POOLED) > 4:
        _POOLED.popitem(last=False)
    return model


def model_draws(panel: Panel, cube: dict[str, np.ndarray], target: str, origin: int, horizon: int,
                samples: int, seed: int, params: ModelParams, window: TrainingWindow
                ) -> tuple[np.ndarray, np.ndarray]:
    """Draws (units × samples) and P(any) for month ``origin + horizon`` from the origin's features."""
    rng = np.random.default_rng([seed, horizon, origin])
    if getattr(params, "pool_horizons", False):
        model = pooled_model(panel, cube, target, origin, seed, params, window, max(POOLED_HORIZONS, horizon))
        at_origin = feature_frame(cube, [origin])
        at_origin["horizon"] = np.float32(horizon)
        draws, p = model.draws(at_origin, samples, rng)
    else:
        features, outcome, months = training_rows(panel, cube, target, origin, horizon, window)
        if len(outcome) == 0:
            raise InvalidValue(f"no training data before {panel.month(origin)} for horizon {horizon}")
        model = params.fit(features, outcome, months, target, seed=seed * 1000 + horizon)
        draws, p = model.draws(feature_frame(cube, [origin]), samples, rng)
    weight = getattr(params, "conflictology_weight", 0.0)
    if weight > 0:
        draws, p = mix_conflictology(draws, p, panel.counts[target][:, : origin + 1], weight, rng)
    return draws, p


def mix_conflictology(draws: np.ndarray, p: np.ndarray, history: np.ndarray, weight: float,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The mixture (1 − weight) × model + weight × conflictology (each unit's own last
    12 months): a share ``weight`` of the draws is replaced by the unit's recent months,
    then the draws are shuffled so that any leading subset is a fair sample."""
    samples = draws.shape[1]
    own = int(round(weight * samples))
    if own == 0:
        return draws, p
    recent = conflictology_draws(history, own)
    mixed = rng.permuted(np.concatenate([draws[:, : samples - own], recent], axis=1), axis=1)
    positive_recent = (np.clip(np.rint(history[:, -WINDOW:]), 0, None) > 0).mean(axis=1)
    return mixed, (1 - own / samples) * p + own / samples * positive_recent


def forecast(store: Store, unit: str, target: str, train_end: Month, horizons: Horizon = Horizon(1, 12),
             samples: int = 1000, seed: int = 0, countries: tuple[str, ...] = (),
             params: ModelParams | None = None, train_months: int | None = DEFAULT_TRAIN_MONTHS,
             save: bool = False) -> pd.DataFrame:
    """Forecast ``target`` ('events' or 'fatalities': political violence) per ``unit``
    ('admin1' or 'pgm') for months ``train_end + h``, h in ``horizons``, from the events
    up to the end of ``train_end``.

    Columns: unit, unit_name, country_iso3, month (YYYY-MM), horizon, mean, p_gt0,
    draws (``samples`` non-negative ints). ``params`` defaults to ``default_params(unit)``.
    ``df.attrs`` holds the run's description (model, data vintage, sources); with ``save`` the run is stored and
    ``df.attrs['run_id']`` names it."""
    check_choice("unit", unit, UNITS)
    check_choice("target", target, TARGETS)
    params = params or default_params(unit)
    if samples < 1:
        raise InvalidValue(f"samples must be at least 1, got {samples}")
    panel = build_panel(store, unit, end=train_end, countries=tuple(countries))
    # A country whose data stop before the origin cannot be forecast from it: its recent
    # months are unknown, not quiet. It still trains the models on the months it covers.
    stale = {c: m for c, m in panel.vintage.get("coverage_end", {}).items() if Month.parse(m) < train_end}
    current = ~panel.units["country_iso3"].isin(list(stale)).to_numpy()
    if not current.any():
        ends = ", ".join(f"{c} {m}" for c, m in sorted(stale.items()))
        raise NotFound(f"no country's data reach {train_end} (data end: {ends}); forecast from an earlier "
                       f"--train-end or import more recent events")
    cube = feature_cube(panel)
    origin = panel.column(train_end)
    window = TrainingWindow(train_months)
    units = panel.units[current]
    parts = []
    for horizon in horizons.steps():
        draws, p = model_draws(panel, cube, target, origin, horizon, samples, seed, params, window)
        draws, p = draws[current], p[current]
        parts.append(pd.DataFrame({
            "unit": units["unit"].astype(str).to_numpy(),
            "unit_name": units["unit_name"].to_numpy(),
            "country_iso3": units["country_iso3"].to_numpy(),
            "month": str(train_end + horizon),
            "horizon": horizon,
            "mean": draws.mean(axis=1),
            "p_gt0": p,
            "draws": list(draws),
        }))
    frame = pd.concat(parts, ignore_index=True)
    frame["draws"] = [row.tolist() for row in frame["draws"]]
    frame = frame[list(FORECAST_COLUMNS)]
    frame.attrs.update({
        "model": params.name, "unit": unit, "target": target, "train_end": str(train_end),
        "horizons": f"{horizons.first}-{horizons.last}", "samples": samples, "seed": seed,
        "sources": panel.sources, "data_vintage": panel.vintage, "train_months": train_months,
        "params": params.as_dict(), "excluded_countries": stale, "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
    })
    if save:
        from veille.store.forecasts import save_forecast_run

        frame.attrs["run_id"] = save_forecast_run(store, frame, frame.attrs)
    return frame


def write_forecast_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a forecast as Parquet; ``draws`` as a list of int64, the run's description
    in the file's metadata under ``veille``."""
    missing = [c for c in FORECAST_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidValue(f"a forecast needs column(s) {', '.join(missing)}")
    schema = pa.schema([("unit", pa.string()), ("unit_name", pa.string()), ("country_iso3", pa.string()),
                        ("month", pa.string()), ("horizon", pa.int64()), ("mean", pa.float64()),
                        ("p_gt0", pa.float64()), ("draws", pa.list_(pa.int64()))])
    table = pa.Table.from_pandas(frame[list(FORECAST_COLUMNS)], schema=schema, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"veille"] = json.dumps(frame.attrs, default=str).encode()
    table = table.replace_schema_metadata(meta)
    path = Path(path)
    pq.write_table(table, path)
    return path
