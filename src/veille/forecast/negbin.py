"""The LightGBM negative-binomial model: a mean from a Poisson booster, a spread fitted by likelihood.

- a LightGBM regressor with the Poisson objective predicts log μ *relative to the unit's
  recent level*: its starting score (LightGBM's ``init_score``, an offset as in a count
  regression) is log(mean monthly count over the last ``offset_months`` + ``offset_floor``),
  so that, as with the quantile model, a unit whose violence doubled carries its doubled
  level into the forecast — trees cannot extrapolate beyond the leaves they learnt;
- the counts are negative binomial around μ, variance μ + α μ², with one dispersion α per
  horizon fitted by maximum likelihood on the training rows (a pooled model knows each
  row's horizon; spread grows with it);
- ``p_gt0`` is exact: 1 − (1 + α μ)^(−1/α).

Draws are negative-binomial, capped at ``cap_factor`` × the largest training count.
Horizons are pooled (the horizon a feature), as in the default quantile model, and
``conflictology_weight`` replaces that share of the draws by the unit's own last 12
months (``run.mix_conflictology``). Everything is seeded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

from veille.errors import InvalidValue
from veille.forecast.quantile import recency_weights, recent_level

MODEL_NAME = "lgbm-negbin"
ALPHA_BOUNDS = (1e-4, 50.0)


@dataclass(frozen=True)
class NegBinParams:
    n_estimators: int = 150
    learning_rate: float = 0.05
    num_leaves: int = 15
    min_child_samples: int = 20
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    reg_lambda: float = 1.0
    offset_months: int = 12
    offset_floor: float = 0.1  # added to the recent mean before its log: a quiet unit's offset is log(0.1)
    cap_factor: float = 3.0
    pool_horizons: bool = True
    conflictology_weight: float = 0.2
    recency_halflife: float | None = None
    threads: int = 1

    def __post_init__(self) -> None:
        if self.offset_months not in (3, 6, 12, 36):
            raise InvalidValue(f"offset_months must be 3, 6, 12 or 36 (a feature window), got {self.offset_months}")
        if not self.offset_floor > 0:
            raise InvalidValue(f"offset_floor must be positive, got {self.offset_floor}")
        if not 0 <= self.conflictology_weight < 1:
            raise InvalidValue(f"conflictology_weight must be in [0, 1), got {self.conflictology_weight}")
        if not self.pool_horizons:
            raise InvalidValue("the negative-binomial model pools horizons (pool_horizons=True)")

    @property
    def name(self) -> str:
        return MODEL_NAME

    def as_dict(self) -> dict:
        return {**asdict(self), "model": MODEL_NAME}

    def fit(self, features: pd.DataFrame, outcome: np.ndarray, target_month: np.ndarray, target: str,
            seed: int = 0) -> NegBinModel:
        return fit_negbin(features, outcome, target_month, target, self, seed)


def offset(features: pd.DataFrame, target: str, params: NegBinParams) -> np.ndarray:
    """log(recent mean monthly count + floor): the booster's starting score."""
    return np.log(np.expm1(recent_level(features, target, params.offset_months)) + params.offset_floor)


def negbin_loglik(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """Sum of the negative-binomial log-likelihood (variance μ + α μ²)."""
    r = 1.0 / alpha
    return float(np.sum(gammaln(y + r) - gammaln(r) - gammaln(y + 1)
                        + r * np.log(r / (r + mu)) + y * np.log(np.maximum(mu, 1e-12) / (r + mu))))


def fit_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """The maximum-likelihood dispersion α for counts ``y`` around means ``mu``."""
    if len(y) == 0:
        return 1.0
    result = minimize_scalar(lambda a: -negbin_loglik(y, mu, float(np.exp(a))),
                             bounds=tuple(np.log(ALPHA_BOUNDS)), method="bounded", options={"xatol": 1e-3})
    return float(np.exp(result.x))


@dataclass
class NegBinModel:
    booster: lgb.Booster | None
    constant: float  # log of the training mean relative to the offset, when no booster could be fitted
    alphas: dict[int, float]  # per horizon (0: all rows, for a model without a horizon feature)
    target: str
    params: NegBinParams
    cap: float

    def mean(self, features: pd.DataFrame) -> np.ndarray:
        base = offset(features, self.target, self.params)
        raw = self.booster.predict(features, raw_score=True) if self.booster is not None else self.constant
        return np.exp(base + raw)

    def alpha(self, features: pd.DataFrame) -> np.ndarray:
        if "horizon" in features.columns and len(self.alphas) > 1:
            fallback = self.alphas.get(0, float(np.median(list(self.alphas.values()))))
            return np.array([self.alphas.get(int(h), fallback) for h in features["horizon"]])
        return np.full(len(features), self.alphas.get(0, next(iter(self.alphas.values()))))

    def draws(self, features: pd.DataFrame, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(draws: rows × samples non-negative ints, p: P(count > 0) per row)."""
        mu = self.mean(features)
        alpha = self.alpha(features)
        r = 1.0 / alpha
        p_success = r / (r + mu)
        counts = rng.negative_binomial(np.repeat(r[:, None], samples, axis=1),
                                       np.repeat(p_success[:, None], samples, axis=1))
        counts = np.minimum(counts, self.cap).astype("int64")
        return counts, 1.0 - p_success ** r


def fit_negbin(features: pd.DataFrame, outcome: np.ndarray, target_month: np.ndarray, target: str,
               params: NegBinParams = NegBinParams(), seed: int = 0) -> NegBinModel:
    """The Poisson booster on the offset, then α per horizon by maximum likelihood."""
    y = np.asarray(outcome, dtype="float64")
    base = offset(features, target, params)
    weight = None
    if params.recency_halflife is not None:
        weight = recency_weights(target_month, params.recency_halflife)
    booster = None
    constant = float(np.log(max(y.mean(), 1e-6)) - np.log(np.mean(np.exp(base)))) if len(y) else 0.0
    if len(y) >= 2 * params.min_child_samples:
        data = lgb.Dataset(features, label=y, weight=weight, init_score=base, free_raw_data=False,
                           params={"verbose": -1, "min_data_in_leaf": params.min_child_samples})
        options = {
            "objective": "poisson", "learning_rate": params.learning_rate, "num_leaves": params.num_leaves,
            "min_data_in_leaf": params.min_child_samples, "bagging_fraction": params.subsample, "bagging_freq": 1,
            "feature_fraction": params.colsample_bytree, "lambda_l2": params.reg_lambda,
            "bagging_seed": seed * 31 + 5, "feature_fraction_seed": seed * 31 + 5, "num_threads": params.threads,
            "deterministic": True, "force_col_wise": True, "verbose": -1}
        booster = lgb.train(options, data, num_boost_round=params.n_estimators)
    cap = params.cap_factor * max(float(y.max()) if len(y) else 1.0, 1.0)
    model = NegBinModel(booster, constant, {0: 1.0}, target, params, cap)
    mu = model.mean(features) if len(y) else np.array([])
    alphas = {0: fit_alpha(y, mu)}
    if "horizon" in features.columns:
        horizon = features["horizon"].to_numpy()
        for h in np.unique(horizon):
            rows = horizon == h
            alphas[int(h)] = fit_alpha(y[rows], mu[rows])
    model.alphas = alphas
    return model


__all__ = ["MODEL_NAME", "NegBinModel", "NegBinParams", "fit_alpha", "fit_negbin", "negbin_loglik"]
