"""The pooled-horizon model, its exact P(any), and its mixture with conflictology."""

from __future__ import annotations

import numpy as np
import pytest

from veille.forecast import QuantileParams
from veille.forecast.features import ewm, feature_cube
from veille.forecast.panel import panel_from_counts
from veille.forecast.quantile import positive_probability
from veille.forecast.run import TrainingWindow, mix_conflictology, model_draws, pooled_model, training_rows
from veille.model import Month


def test_positive_probability_is_read_off_the_quantile_function():
    grid = np.array([0.0, 0.5, 1.0])
    threshold = np.log1p(0.5)  # a draw above it rounds to 1 or more
    knots = np.array([[0.0, 0.0, 2 * threshold],  # crosses the threshold half-way from level 0.5 to 1
                      [0.0, 0.1, 0.3],  # never reaches it
                      [0.5, 1.0, 2.0]])  # always above it
    assert positive_probability(knots, grid).tolist() == pytest.approx([0.25, 0.0, 1.0])


def test_exponentially_weighted_mean_by_hand():
    values = np.array([[4.0, 0.0, 0.0]])
    # half-life 1: weight ½ on the new month, ½ on the running mean
    assert ewm(values, 1).tolist() == [[2.0, 1.0, 0.5]]


def test_mixture_with_conflictology_takes_its_share_of_draws_from_the_units_recent_months():
    draws = np.full((2, 8), 50)
    history = np.array([[0] * 6 + [3] * 6, [0] * 12])
    mixed, p = mix_conflictology(draws, np.array([1.0, 1.0]), history, 0.25, np.random.default_rng(0))
    assert mixed.shape == (2, 8)
    assert (mixed == 50).sum(axis=1).tolist() == [6, 6]
    # two draws are the unit's own months, taken in order from the 12 (here the quiet first ones)
    assert sorted(mixed[0])[:2] == [0, 0] and sorted(mixed[1])[:2] == [0, 0]
    assert p.tolist() == pytest.approx([0.75 + 0.25 * 0.5, 0.75])


def test_the_pooled_model_is_fitted_once_per_origin_on_every_horizons_rows():
    rng = np.random.default_rng(4)
    counts = rng.poisson(np.linspace(0.5, 6, 6)[:, None] * np.ones((6, 70))).astype(float)
    panel = panel_from_counts(counts, first=Month(2010, 1))
    cube = feature_cube(panel)
    params = QuantileParams(pool_horizons=True, n_estimators=10)
    window = TrainingWindow()
    first = pooled_model(panel, cube, "events", 60, 0, params, window)
    assert pooled_model(panel, cube, "events", 60, 0, params, window) is first
    assert pooled_model(panel, cube, "events", 61, 0, params, window) is not first
    # horizon h learns from feature months 11 … 60 − h (12 months of cover first), for 6 units
    rows = [len(training_rows(panel, cube, "events", 60, h, window)[1]) for h in range(1, 13)]
    assert rows == [6 * (50 - h) for h in range(1, 13)]
    one, _ = model_draws(panel, cube, "events", 60, 1, 200, 0, params, window)
    again, _ = model_draws(panel, cube, "events", 60, 1, 200, 0, params, window)
    assert one.shape == (6, 200) and (one == again).all()
