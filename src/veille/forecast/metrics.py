"""Scores of forecasts given as draws: proper scores for the distribution (CRPS),
for the probability of any violence (Brier, average precision), the point forecast
(MSLE), calibration (coverage of central intervals, PIT).

Per-row scores come from ``score_rows``; ``summarize`` pools them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scoringrules
from sklearn.metrics import average_precision_score

PIT_BINS = 10


def crps_from_draws(observed, draws, chunk: int = 20_000) -> np.ndarray:
    """CRPS of each row's ensemble: E|X - y| - ½ E|X - X'| (the empirical distribution
    of the draws, not the 'fair' estimator)."""
    observed = np.asarray(observed, dtype="float64")
    draws = np.asarray(draws, dtype="float64")
    out = np.empty(len(observed))
    for start in range(0, len(observed), chunk):
        stop = start + chunk
        out[start:stop] = scoringrules.crps_ensemble(observed[start:stop], draws[start:stop], estimator="qd",
                                                     backend="numpy")
    return out


def brier_score(outcome, probability) -> float:
    outcome = np.asarray(outcome, dtype="float64")
    probability = np.asarray(probability, dtype="float64")
    return float(np.mean((probability - outcome) ** 2))


def average_precision(outcome, score) -> float:
    """Area under the precision-recall curve (sklearn's step-wise average precision);
    NaN when there is no positive outcome to find."""
    outcome = np.asarray(outcome).astype(bool)
    if not outcome.any():
        return float("nan")
    return float(average_precision_score(outcome, np.asarray(score, dtype="float64")))


def msle(observed, predicted) -> float:
    return float(np.mean((np.log1p(np.asarray(predicted, float)) - np.log1p(np.asarray(observed, float))) ** 2))


def interval_covers(observed, draws, level: float = 0.9) -> np.ndarray:
    """Whether each observation lies in the central ``level`` interval of its draws."""
    tail = (1 - level) / 2
    draws = np.asarray(draws, dtype="float64")
    low = np.quantile(draws, tail, axis=1, method="lower")
    high = np.quantile(draws, 1 - tail, axis=1, method="higher")
    observed = np.asarray(observed, dtype="float64")
    return (observed >= low) & (observed <= high)


def randomized_pit(observed, draws, rng: np.random.Generator) -> np.ndarray:
    """Randomised PIT for counts: uniform between F(y-1) and F(y) under the draws."""
    draws = np.asarray(draws)
    observed = np.asarray(observed)[:, None]
    below = (draws < observed).mean(axis=1)
    at_or_below = (draws <= observed).mean(axis=1)
    return below + rng.random(len(below)) * (at_or_below - below)


def pit_coverage(pit, level: float = 0.9) -> float:
    """Share of randomised PIT values inside the central ``level`` band, [0.05, 0.95] for
    90%. For counts the closed interval of the draws' quantiles covers more than its level
    whenever a value carries much probability (a cell all but certain to see 0 is covered
    by [0, 0] 97% of the time, calibrated or not); the randomised PIT spreads each
    observation over its probability step, so a calibrated forecast scores ``level``."""
    pit = np.asarray(pit, dtype="float64")
    if not len(pit):
        return float("nan")
    tail = (1 - level) / 2
    return float(((pit >= tail) & (pit <= 1 - tail)).mean())


def pit_histogram(pit, bins: int = PIT_BINS) -> list[float]:
    """Share of PIT values in each of ``bins`` equal bins (all 1/bins when calibrated)."""
    counts, _ = np.histogram(np.asarray(pit), bins=bins, range=(0.0, 1.0))
    return (counts / max(len(pit), 1)).round(4).tolist()


def score_rows(observed, draws, p_gt0=None, rng: np.random.Generator | None = None) -> pd.DataFrame:
    """Per-row scores: crps, p_gt0, mean, covered90, pit. ``p_gt0`` defaults to the
    share of positive draws (a model may pass its own exact probability)."""
    draws = np.asarray(draws)
    observed = np.asarray(observed, dtype="float64")
    rng = rng or np.random.default_rng(0)
    return pd.DataFrame({
        "observed": observed,
        "crps": crps_from_draws(observed, draws),
        "p_gt0": (draws > 0).mean(axis=1) if p_gt0 is None else np.asarray(p_gt0, dtype="float64"),
        "mean": draws.mean(axis=1),
        "covered90": interval_covers(observed, draws, 0.9),
        "pit": randomized_pit(observed, draws, rng),
    })


def summarize(rows: pd.DataFrame) -> dict[str, float]:
    """Pooled metrics of scored rows; ``onset_risk`` marks the rows of units quiet for
    the 12 months up to the origin (the onset question)."""
    any_violence = rows["observed"] > 0
    onset = rows[rows["onset_risk"]] if "onset_risk" in rows else rows.iloc[:0]
    return {
        "crps": float(rows["crps"].mean()),
        "brier_any": brier_score(any_violence, rows["p_gt0"]),
        "ap_any": average_precision(any_violence, rows["p_gt0"]),
        "brier_onset": brier_score(onset["observed"] > 0, onset["p_gt0"]) if len(onset) else float("nan"),
        "ap_onset": average_precision(onset["observed"] > 0, onset["p_gt0"]) if len(onset) else float("nan"),
        "msle": msle(rows["observed"], rows["mean"]),
        "coverage90": float(rows["covered90"].mean()),
        "coverage90_pit": pit_coverage(rows["pit"], 0.9) if "pit" in rows else float("nan"),
        "n": int(len(rows)),
        "n_onset_risk": int(len(onset)),
        "onsets": int((onset["observed"] > 0).sum()) if len(onset) else 0,
    }
