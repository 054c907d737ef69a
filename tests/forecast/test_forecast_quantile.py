"""The quantile model: its quantile function, its offset, and its draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veille.errors import InvalidValue
from veille.forecast import HurdleParams, QuantileParams, backtest_panel, model_params
from veille.forecast.negbin import NegBinParams
from veille.forecast.panel import panel_from_counts
from veille.forecast.quantile import QuantileModel, fit_quantiles, recent_level
from veille.model import Horizon, Month


def _frame(sum12):
    return pd.DataFrame({"events_sum12": np.log1p(np.asarray(sum12, dtype=float))})


def test_recent_level_is_log1p_of_the_monthly_mean():
    assert recent_level(_frame([0, 12, 120]), "events", 12) == pytest.approx(np.log1p([0, 1, 10]))


def test_draws_follow_the_quantile_function_shifted_by_the_recent_level():
    levels = np.array([0.1, 0.5, 0.9])
    z = np.array([-0.5, 0.0, 0.5])  # log1p-scale quantiles relative to the recent level
    model = QuantileModel(levels, [None, None, None], z, "events", 12, cap=1e9)
    features = _frame([0, 12 * 20])  # recent monthly means 0 and 20
    draws, p = model.draws(features, 200_000, np.random.default_rng(0))
    # The median draw is expm1(log1p(mean) + 0): the recent level itself.
    assert np.median(draws[1]) == pytest.approx(20, abs=1)
    # The 10% and 90% levels are read off the same function (rounding aside).
    low, high = np.quantile(draws[1], [0.1, 0.9])
    assert low == pytest.approx(np.expm1(np.log1p(20) - 0.5), abs=1)
    assert high == pytest.approx(np.expm1(np.log1p(20) + 0.5), abs=1)
    # A unit with no recent violence: log1p(count) <= 0 below the median, so at least half are zeros.
    assert (draws[0] == 0).mean() >= 0.5 and p[0] == pytest.approx((draws[0] > 0).mean())
    assert draws.dtype == np.int64 and draws.min() >= 0


def test_crossed_quantiles_are_sorted_not_inverted():
    model = QuantileModel(np.array([0.25, 0.75]), [None, None], np.array([1.0, -1.0]), "events", 12, cap=1e9)
    q = model.quantiles(_frame([12]))
    assert q[0, 0] <= q[0, 1]


def test_fitted_levels_bracket_the_observed_outcomes():
    rng = np.random.default_rng(1)
    level = rng.integers(0, 50, 2000)
    outcome = rng.poisson(level)
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12.0), "noise": rng.random(2000)})
    model = fit_quantiles(features, outcome, "events", QuantileParams(), seed=0)
    q = np.expm1(model.quantiles(features))
    inside = (outcome >= q[:, 0]) & (outcome <= q[:, -1])  # levels 0.02 … 0.98
    assert 0.9 <= inside.mean() <= 1.0
    assert np.mean(outcome <= q[:, 4]) == pytest.approx(0.5, abs=0.08)  # the median level


def test_a_doubled_recent_level_doubles_the_forecast_beyond_anything_seen():
    # Trained on levels up to 10 a month; asked about a unit now at 40.
    rng = np.random.default_rng(2)
    level = rng.integers(1, 11, 3000).astype(float)
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12)})
    model = fit_quantiles(features, rng.poisson(level), "events", QuantileParams(), seed=0)
    draws, _ = model.draws(_frame([40 * 12]), 5000, np.random.default_rng(0))
    assert np.median(draws) > 30  # a tree model of absolute counts could not exceed ~10


def test_bad_quantile_levels_are_refused():
    with pytest.raises(InvalidValue, match="increasing levels"):
        QuantileParams(quantiles=(0.5, 0.1))
    with pytest.raises(InvalidValue, match="model must be one of quantile, hurdle, negbin"):
        model_params("poisson")


def test_both_models_backtest_on_the_same_panel_and_name_themselves():
    rng = np.random.default_rng(3)
    counts = rng.poisson(np.linspace(0.5, 6, 8)[:, None] * np.ones((8, 60)))
    panel = panel_from_counts(counts, first=Month(2015, 1))
    for params, name in ((QuantileParams(), "lgbm-quantile"), (HurdleParams(), "lgbm-hurdle"),
                         (NegBinParams(), "lgbm-negbin")):
        result = backtest_panel(panel, "events", [Month(2018, 6)], Horizon(1, 2), samples=100, params=params)
        assert result.models[:2] == [name, f"{name}+conflictology"]
        assert result.config["model"] == name
        assert result.skill()["coverage90_model"] == pytest.approx(
            result.overall().loc[name, "coverage90"])
        assert result.skill()["coverage90_pit_model"] == pytest.approx(
            result.overall().loc[name, "coverage90_pit"])


def test_with_a_classifier_the_zero_share_is_the_classifiers_and_positive_draws_follow_the_curve():
    levels = np.array([0.1, 0.5, 0.9])
    z = np.array([-0.5, 0.0, 0.5])
    # a constant rate stands in for a fitted classifier: P(any) = 0.3 for every row
    model = QuantileModel(levels, [None, None, None], z, "events", 12, cap=1e9, classifier=0.3)
    draws, p = model.draws(_frame([12 * 20, 0]), 100_000, np.random.default_rng(1))
    assert p == pytest.approx([0.3, 0.3])
    assert (draws > 0).mean(axis=1) == pytest.approx([0.3, 0.3], abs=0.01)
    # unit 0's curve is positive at every level: its positive draws are the whole curve (median 20)
    assert np.median(draws[0][draws[0] > 0]) == pytest.approx(20, abs=1)
    # unit 1's curve barely crosses 1: its positive draws are at least 1 and small
    assert draws[1][draws[1] > 0].min() == 1 and np.median(draws[1][draws[1] > 0]) <= 2


def test_a_fitted_classifier_ranks_violent_rows_above_quiet_ones_and_row_fraction_is_checked():
    rng = np.random.default_rng(2)
    level = rng.integers(0, 30, 600).astype(float)
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12), "noise": rng.random(600)})
    outcome = rng.poisson(level) * (level > 10)
    model = fit_quantiles(features, outcome, "events", QuantileParams(classifier=True, n_estimators=20), seed=0)
    p = model.probability(features)
    assert p[level > 15].mean() > 0.9 and p[level < 5].mean() < 0.1
    half = fit_quantiles(features, outcome, "events", QuantileParams(row_fraction=0.5, n_estimators=5), seed=0)
    assert half.regressors[0].train_set.num_data() == 300
    with pytest.raises(InvalidValue, match=r"row_fraction must be in \(0, 1\], got 0"):
        QuantileParams(row_fraction=0)
