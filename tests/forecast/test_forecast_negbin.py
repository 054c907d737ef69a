"""The negative-binomial model (offset, dispersion, draws); recency and level weights, quiet-row sampling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veille.errors import InvalidValue
from veille.forecast import model_params
from veille.forecast.negbin import NegBinModel, NegBinParams, fit_alpha, fit_negbin, negbin_loglik
from veille.forecast.quantile import QuantileParams, fit_quantiles, recency_weights


def test_loglik_matches_the_poisson_limit_and_scipy():
    from scipy.stats import nbinom, poisson

    y = np.array([0.0, 1.0, 4.0, 9.0])
    mu = np.array([0.5, 1.0, 3.0, 6.0])
    alpha = 0.4
    r = 1 / alpha
    assert negbin_loglik(y, mu, alpha) == pytest.approx(nbinom.logpmf(y, r, r / (r + mu)).sum())
    assert negbin_loglik(y, mu, 1e-7) == pytest.approx(poisson.logpmf(y, mu).sum(), rel=1e-5)


def test_fit_alpha_recovers_the_dispersion_of_simulated_counts():
    rng = np.random.default_rng(0)
    mu = rng.uniform(1, 20, 20_000)
    alpha = 0.5
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
    assert fit_alpha(y.astype(float), mu) == pytest.approx(alpha, rel=0.05)
    # Poisson counts: the dispersion goes to its lower bound
    assert fit_alpha(rng.poisson(mu).astype(float), mu) < 0.01


def _features(sum12, horizon=None):
    frame = pd.DataFrame({"events_sum12": np.log1p(np.asarray(sum12, dtype=float))})
    if horizon is not None:
        frame["horizon"] = np.asarray(horizon, dtype="float32")
    return frame


def test_draws_have_the_model_mean_and_exact_probability_of_any():
    params = NegBinParams()
    model = NegBinModel(None, 0.0, {0: 0.25}, "events", params, cap=1e9)
    features = _features([0, 12 * 20])  # recent means 0 and 20 a month
    draws, p = model.draws(features, 200_000, np.random.default_rng(1))
    # no booster: the mean is the offset, recent mean + the floor
    assert draws[1].mean() == pytest.approx(20.1, rel=0.01)
    assert draws[1].var() == pytest.approx(20.1 + 0.25 * 20.1 ** 2, rel=0.03)
    assert p[0] == pytest.approx(1 - (1 + 0.25 * 0.1) ** -4)
    assert p[0] == pytest.approx((draws[0] > 0).mean(), abs=0.003)
    assert draws.dtype == np.int64 and draws.min() >= 0


def test_fitted_model_follows_the_recent_level_and_spreads_more_at_longer_horizons():
    rng = np.random.default_rng(2)
    n = 6000
    level = rng.integers(0, 30, n).astype(float)
    horizon = rng.integers(1, 13, n)
    alpha = np.where(horizon <= 6, 0.1, 0.8)
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * (level + 0.1)))
    features = _features(level * 12, horizon)
    model = fit_negbin(features, y, np.zeros(n), "events", NegBinParams(n_estimators=30), seed=0)
    assert model.alphas[1] < 0.3 and model.alphas[12] > 0.5
    mu = model.mean(_features([12 * 5, 12 * 25], [1, 1]))
    assert mu == pytest.approx([5.1, 25.1], rel=0.2)
    draws, p = model.draws(_features([12 * 25], [12]), 5000, np.random.default_rng(3))
    assert draws.std() > 10 and 0.8 < p[0] <= 1


def test_negbin_is_a_model_choice_and_checks_its_parameters():
    assert isinstance(model_params("negbin"), NegBinParams)
    assert model_params("negbin").name == "lgbm-negbin"
    with pytest.raises(InvalidValue, match="offset_floor must be positive"):
        NegBinParams(offset_floor=0)
    with pytest.raises(InvalidValue, match="pools horizons"):
        NegBinParams(pool_horizons=False)


def test_recency_weights_halve_every_halflife_and_reach_the_quantile_fit():
    assert recency_weights(np.array([100, 112, 124]), 12.0).tolist() == pytest.approx([0.25, 0.5, 1.0])
    with pytest.raises(InvalidValue, match="recency_halflife must be a positive"):
        QuantileParams(recency_halflife=0)
    rng = np.random.default_rng(5)
    n = 4000
    month = np.repeat(np.arange(40), n // 40)
    # the outcome's relation to the level changes in the last months: weighted rows follow it
    level = rng.integers(1, 20, n).astype(float)
    y = np.where(month >= 34, 3 * level, level)
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12), "noise": rng.random(n)})
    plain = fit_quantiles(features, y, "events", QuantileParams(n_estimators=40), seed=0)
    recent = fit_quantiles(features, y, "events", QuantileParams(n_estimators=40, recency_halflife=2.0), seed=0,
                           target_month=month)
    ask = pd.DataFrame({"events_sum12": [np.log1p(10 * 12)], "noise": [0.5]})
    median = list(QuantileParams().quantiles).index(0.5)
    assert np.expm1(plain.quantiles(ask)[0, median]) == pytest.approx(10, rel=0.15)
    assert np.expm1(recent.quantiles(ask)[0, median]) == pytest.approx(30, rel=0.15)
    with pytest.raises(InvalidValue, match="needs the outcome month"):
        fit_quantiles(features, y, "events", QuantileParams(recency_halflife=2.0))


def test_level_weights_move_a_shared_quantile_towards_the_busy_units():
    # 2,500 quiet rows (level 0, outcome 0) and 500 busy ones (10 a month for a year, then
    # 30): with 1,000 rows a leaf at least the trees cannot split them, so each level's
    # answer is one weighted quantile of z = log1p(y) - log1p(10 or 0) for both groups.
    n_quiet, n_busy = 2500, 500
    level = np.r_[np.zeros(n_quiet), np.full(n_busy, 10.0)]
    y = np.r_[np.zeros(n_quiet), np.full(n_busy, 30.0)]
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12)})
    ask = pd.DataFrame({"events_sum12": [0.0, np.log1p(120)]})
    median = list(QuantileParams().quantiles).index(0.5)
    for min_rows in (1000, 2000):  # boosters that cannot split; too few rows: the fallback constants
        base = dict(n_estimators=5, min_child_samples=min_rows, subsample=1.0)
        plain = fit_quantiles(features, y, "events", QuantileParams(**base), seed=0)
        weighted = fit_quantiles(features, y, "events", QuantileParams(**base, level_weight=1.0), seed=0)
        assert (plain.regressors[median] is None) == (min_rows == 2000)
        # unweighted, 5/6 of the rows have z = 0: the median keeps each unit at its level
        assert np.expm1(plain.quantiles(ask)[:, median]) == pytest.approx([0.0, 10.0], abs=1e-6)
        # weighted, each busy row counts 11 times (5,500 against 2,500): the median is theirs,
        # z = log(31/11), which lifts the quiet units to 31/11 - 1 and the busy ones to 30
        assert np.expm1(weighted.quantiles(ask)[:, median]) == pytest.approx([20 / 11, 30.0], rel=1e-6)
    with pytest.raises(InvalidValue, match=r"level_weight must be in \[0, 4\], got -1"):
        QuantileParams(level_weight=-1)


def test_quiet_rows_are_sampled_and_weighted_back_so_the_fit_is_unchanged():
    from veille.forecast.quantile import _sample_quiet

    rng = np.random.default_rng(6)
    n = 40_000
    active = rng.random(n) < 0.2
    level = np.where(active, rng.integers(1, 20, n), 0).astype(float)
    # quiet rows (nothing in 36 months) still see an event 5% of the time
    y = np.where(active, rng.poisson(level), (rng.random(n) < 0.05).astype(int)).astype(float)
    features = pd.DataFrame({"events_sum12": np.log1p(level * 12), "events_sum36": np.log1p(level * 36)})
    kept, outcome, weight = _sample_quiet(features, y, None, "events", 0.1, seed=0)
    quiet_zero = (level == 0) & (y == 0)
    assert len(kept) == pytest.approx((~quiet_zero).sum() + 0.1 * quiet_zero.sum(), rel=0.02)
    assert outcome[weight == 1].size == (~quiet_zero).sum()  # every active or positive row kept, weight 1
    assert set(np.unique(weight)) == {1.0, 10.0} and (outcome[weight == 10.0] == 0).all()
    assert weight.sum() == pytest.approx(n, rel=0.02)  # the weights restore the quiet rows' share
    full = fit_quantiles(features, y, "events", QuantileParams(n_estimators=30), seed=0)
    sampled = fit_quantiles(features, y, "events", QuantileParams(n_estimators=30, quiet_fraction=0.1), seed=0)
    ask = pd.DataFrame({"events_sum12": [0.0, np.log1p(120)], "events_sum36": [0.0, np.log1p(360)]})
    assert np.expm1(sampled.quantiles(ask)) == pytest.approx(np.expm1(full.quantiles(ask)), abs=1.0)
    with pytest.raises(InvalidValue, match=r"quiet_fraction must be in \(0, 1\]"):
        QuantileParams(quiet_fraction=1.5)


def test_the_grid_default_samples_quiet_rows_and_the_admin1_default_does_not():
    from veille.forecast import backtest_panel, default_params
    from veille.forecast.panel import panel_from_counts
    from veille.model import Horizon, Month

    assert default_params("admin1") == QuantileParams()
    assert default_params("pgm") == QuantileParams(quiet_fraction=0.2)
    assert model_params("quantile", "pgm").quiet_fraction == 0.2
    assert model_params("hurdle", "pgm") == model_params("hurdle")
    rng = np.random.default_rng(7)
    counts = rng.poisson(np.r_[np.zeros(4), np.linspace(0.5, 4, 4)][:, None] * np.ones((8, 60)))
    for unit, fraction in (("admin1", 1.0), ("pgm", 0.2)):
        panel = panel_from_counts(counts, first=Month(2015, 1), unit=unit)
        result = backtest_panel(panel, "events", [Month(2018, 6)], Horizon(1, 1), samples=50)
        assert result.config["params"]["quiet_fraction"] == fraction
        assert result.config["params"]["level_weight"] == 0.0  # level weights: an option, not a default
