"""The ViEWS prediction challenge benchmarks, each giving draws per unit.

All take ``history``, a (units × months) array of the target up to and including the
origin month (the last column), and return (units × samples) non-negative integers.

- ``zero``: every draw 0.
- ``last``: Poisson noise around the value of the origin month.
- ``conflictology``: each unit's own last 12 months are its draws (repeated in order,
  so that every month weighs the same whatever ``samples`` is).
- ``bootstrap``: draws taken with replacement from all units' last 12 months.
"""

from __future__ import annotations

import numpy as np

from veille.errors import InvalidValue

BENCHMARKS = ("zero", "last", "conflictology", "bootstrap")
WINDOW = 12


def _check(history: np.ndarray, samples: int) -> np.ndarray:
    history = np.asarray(history)
    if history.ndim != 2 or history.shape[1] < 1:
        raise InvalidValue(f"history must be a (units × months) array, got shape {history.shape}")
    if samples < 1:
        raise InvalidValue(f"samples must be at least 1, got {samples}")
    return np.clip(np.rint(history), 0, None).astype("int64")


def zero_draws(history: np.ndarray, samples: int, rng: np.random.Generator | None = None) -> np.ndarray:
    history = _check(history, samples)
    return np.zeros((history.shape[0], samples), dtype="int64")


def last_draws(history: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    history = _check(history, samples)
    return rng.poisson(history[:, -1][:, None], size=(history.shape[0], samples)).astype("int64")


def conflictology_draws(history: np.ndarray, samples: int, rng: np.random.Generator | None = None) -> np.ndarray:
    history = _check(history, samples)
    recent = history[:, -WINDOW:]
    return recent[:, np.arange(samples) % recent.shape[1]]


def bootstrap_draws(history: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    history = _check(history, samples)
    pool = history[:, -WINDOW:].ravel()
    return pool[rng.integers(0, len(pool), size=(history.shape[0], samples))]


_DRAWERS = {"zero": zero_draws, "last": last_draws, "conflictology": conflictology_draws,
            "bootstrap": bootstrap_draws}


def benchmark_draws(name: str, history: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of the benchmark called ``name`` (one of ``BENCHMARKS``)."""
    if name not in _DRAWERS:
        raise InvalidValue(f"unknown benchmark {name!r}; expected one of {', '.join(BENCHMARKS)}")
    return _DRAWERS[name](history, samples, rng)
