"""Features of each unit-month, computed only from that month and the ones before it.

Every feature of month ``s`` is a function of the counts of months ``<= s`` (a test
checks that changing later months changes nothing), so a model trained on
(features at ``s``, outcome at ``s + h``) and applied at the origin never looks ahead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from veille.forecast.panel import Panel

DECAY_HALF_LIVES = (1, 6, 24)  # months
EWM_HALF_LIVES = (3, 12)  # months
SINCE_CAP = 120  # months since the last event, for units never (or not recently) hit


def rolling_sum(values: np.ndarray, window: int) -> np.ndarray:
    """Sum over months ``s - window + 1 … s`` (fewer at the start), along axis 1."""
    cumulative = np.cumsum(values, axis=1)
    shifted = np.zeros_like(cumulative)
    if window < values.shape[1]:
        shifted[:, window:] = cumulative[:, :-window]
    return cumulative - shifted


def lag(values: np.ndarray, months: int) -> np.ndarray:
    out = np.zeros_like(values)
    out[:, months:] = values[:, :-months]
    return out


def months_since(values: np.ndarray) -> np.ndarray:
    """Months since the last month with a positive count (0 in such a month), capped."""
    out = np.empty_like(values, dtype="float64")
    current = np.full(values.shape[0], float(SINCE_CAP))
    for column in range(values.shape[1]):
        current = np.where(values[:, column] > 0, 0.0, np.minimum(current + 1, SINCE_CAP))
        out[:, column] = current
    return out


def onsets(values: np.ndarray, quiet: int = 12) -> np.ndarray:
    """1 where a month has an event after ``quiet`` or more months without one."""
    before = rolling_sum(lag(values, 1), quiet)
    started = np.arange(values.shape[1])[None, :] >= quiet
    return ((values > 0) & (before == 0) & started).astype("float64")


def ewm(values: np.ndarray, half_life: float) -> np.ndarray:
    """Exponentially weighted mean of months ``<= s`` (weight 0.5 per ``half_life`` months back)."""
    decay = 0.5 ** (1 / half_life)
    out = np.empty_like(values, dtype="float64")
    current = np.zeros(values.shape[0])
    for column in range(values.shape[1]):
        current = decay * current + (1 - decay) * values[:, column]
        out[:, column] = current
    return out


def spatial_lag(neighbours: sparse.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Mean over each unit's neighbours (0 for a unit without neighbours)."""
    degree = np.asarray(neighbours.sum(axis=1)).ravel()
    return (neighbours @ values) / np.maximum(degree, 1)[:, None]


def _country_mean(units: pd.DataFrame, values: np.ndarray) -> np.ndarray:
    codes, country = np.unique(units["country_iso3"].to_numpy(), return_inverse=True)
    member = sparse.csr_matrix((np.ones(len(country)), (np.arange(len(country)), country)),
                               shape=(len(country), len(codes)))
    sizes = np.asarray(member.sum(axis=0)).ravel()
    return member @ ((member.T @ values) / sizes[:, None])


def _country_size(units: pd.DataFrame) -> np.ndarray:
    """(units × 1) number of units in each unit's country."""
    country = units["country_iso3"].to_numpy()
    sizes = pd.Series(country).map(pd.Series(country).value_counts()).to_numpy(dtype="float64")
    return sizes[:, None]


def feature_cube(panel: Panel) -> dict[str, np.ndarray]:
    """Named (units × months) feature arrays."""
    c = panel.counts
    w = panel.neighbours
    out: dict[str, np.ndarray] = {}
    log = np.log1p
    for name in ("events", "fatalities"):
        y = c[name]
        out[f"{name}_0"] = log(y)
        out[f"{name}_lag1"] = log(lag(y, 1))
        out[f"{name}_lag2"] = log(lag(y, 2))
        for window in (3, 6, 12, 36):
            out[f"{name}_sum{window}"] = log(rolling_sum(y, window))
        out[f"{name}_trend"] = log(rolling_sum(y, 3) / 3) - log(rolling_sum(y, 12) / 12)
        out[f"{name}_yoy"] = log(rolling_sum(y, 12)) - log(lag(rolling_sum(y, 12), 12))
        out[f"{name}_w0"] = log(spatial_lag(w, y))
        out[f"{name}_w3"] = log(spatial_lag(w, rolling_sum(y, 3)))
        out[f"{name}_w12"] = log(spatial_lag(w, rolling_sum(y, 12)))
        out[f"{name}_country3"] = log(_country_mean(panel.units, rolling_sum(y, 3)))
        out[f"{name}_country12"] = log(_country_mean(panel.units, rolling_sum(y, 12)))
        # Added 2026-12-01 (chosen on origins before 2017-07, see the model card).
        for half_life in EWM_HALF_LIVES:
            out[f"{name}_ewm{half_life}"] = log(ewm(y, half_life))
        country12 = _country_mean(panel.units, rolling_sum(y, 12))
        out[f"{name}_country_trend"] = log(_country_mean(panel.units, rolling_sum(y, 3)) / 3) - log(country12 / 12)
        out[f"{name}_w_trend"] = log(spatial_lag(w, rolling_sum(y, 3)) / 3) - log(spatial_lag(w, rolling_sum(y, 12)) / 12)
        out[f"{name}_share_country12"] = rolling_sum(y, 12) / np.maximum(country12 * _country_size(panel.units), 1)
    events = c["events"]
    since = months_since(events)
    out["since_event"] = since
    for half_life in DECAY_HALF_LIVES:
        out[f"decay_{half_life}"] = 0.5 ** (since / half_life)
    since_w = months_since(spatial_lag(w, events))
    out["since_event_neighbours"] = since_w
    out["decay_neighbours_6"] = 0.5 ** (since_w / 6)
    # The unit's long-run propensity: mean monthly events over everything seen so far.
    seen = np.cumsum(panel.observed, axis=1)
    out["events_history_mean"] = log(np.cumsum(events * panel.observed, axis=1) / np.maximum(seen, 1))
    onset = onsets(events)
    out["onsets_neighbours_6"] = spatial_lag(w, rolling_sum(onset, 6)) * np.maximum(
        np.asarray(w.sum(axis=1)).ravel(), 1)[:, None]
    out["onsets_country_6"] = _country_mean(panel.units, rolling_sum(onset, 6))
    events12 = rolling_sum(events, 12)
    out["fatalities_per_event12"] = log(rolling_sum(c["fatalities"], 12) / np.maximum(events12, 1))
    for layer in ("battles", "remote", "vac", "jnim", "is_sahel", "state"):
        out[f"share12_{layer}"] = rolling_sum(c[layer], 12) / np.maximum(events12, 1)
    jihadist = c["jnim"] + c["is_sahel"]
    out["jihadist_w12"] = log(spatial_lag(w, rolling_sum(jihadist, 12)))
    out["jihadist_country12"] = log(_country_mean(panel.units, rolling_sum(jihadist, 12)))
    n_months = panel.n_months
    out["border_km"] = np.repeat(panel.units["border_km"].to_numpy(dtype="float64")[:, None], n_months, axis=1)
    out["calendar_month"] = np.tile(((panel.first.index + np.arange(n_months)) % 12 + 1)[None, :].astype(float),
                                    (len(panel.units), 1))
    return out


def feature_frame(cube: dict[str, np.ndarray], columns: np.ndarray | slice) -> pd.DataFrame:
    """The features of the months at ``columns`` for every unit, as rows ordered
    unit-major (unit 0's months, then unit 1's …)."""
    return pd.DataFrame({name: values[:, columns].ravel().astype("float32") for name, values in cube.items()})
