"""The LightGBM hurdle model: P(any) × the size of a positive month.

- a classifier gives p = P(count > 0);
- a regressor, trained on the positive months only, gives the mean of log(count) —
  log, not log1p, so that a positive month is never below 1;
- the spread of log(count) around that mean is the standard deviation of the
  regressor's errors on the last ``calibration_months`` of the training window,
  predicted by a model fitted without them (honest, not in-sample, residuals).

A draw is 0 with probability 1 - p, else round(exp(N(mu, sigma))), at least 1 and
at most ``cap_factor`` × the largest count seen in training. Everything is seeded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd

MODEL_NAME = "lgbm-hurdle"


@dataclass(frozen=True)
class HurdleParams:
    n_estimators: int = 150
    learning_rate: float = 0.05
    num_leaves: int = 15
    min_child_samples: int = 20
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    reg_lambda: float = 1.0
    calibration_months: int = 12
    min_sigma: float = 0.3
    cap_factor: float = 2.0
    threads: int = 1  # OpenMP threads spin badly when cores are shared; one is faster in practice

    @property
    def name(self) -> str:
        return MODEL_NAME

    def as_dict(self) -> dict:
        return {**asdict(self), "model": MODEL_NAME}

    def fit(self, features: pd.DataFrame, outcome: np.ndarray, target_month: np.ndarray, target: str,
            seed: int = 0) -> HurdleModel:
        return fit_hurdle(features, outcome, target_month, self, seed)


@dataclass
class HurdleModel:
    classifier: lgb.LGBMClassifier | None
    base_rate: float
    regressor: lgb.LGBMRegressor | None
    positive_log_mean: float
    sigma: float
    cap: float

    def probability(self, features: pd.DataFrame) -> np.ndarray:
        if self.classifier is None:
            return np.full(len(features), self.base_rate)
        return self.classifier.predict_proba(features)[:, 1]

    def log_mean(self, features: pd.DataFrame) -> np.ndarray:
        if self.regressor is None:
            return np.full(len(features), self.positive_log_mean)
        return self.regressor.predict(features)

    def draws(self, features: pd.DataFrame, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(draws: rows × samples non-negative ints, p: P(count > 0) per row)."""
        p = self.probability(features)
        mu = self.log_mean(features)
        n = len(features)
        positive = rng.random((n, samples)) < p[:, None]
        size = np.exp(mu[:, None] + self.sigma * rng.standard_normal((n, samples)))
        size = np.clip(np.rint(size), 1, self.cap)
        return np.where(positive, size, 0).astype("int64"), p


def _lgb_options(params: HurdleParams, seed: int) -> dict:
    return dict(n_estimators=params.n_estimators, learning_rate=params.learning_rate,
                num_leaves=params.num_leaves, min_child_samples=params.min_child_samples,
                subsample=params.subsample, subsample_freq=1, colsample_bytree=params.colsample_bytree,
                reg_lambda=params.reg_lambda, random_state=seed, n_jobs=params.threads,
                deterministic=True, force_col_wise=True, verbose=-1)


def _fit_regressor(features: pd.DataFrame, log_count: np.ndarray, params: HurdleParams,
                   seed: int) -> lgb.LGBMRegressor | None:
    if len(log_count) < 2 * params.min_child_samples:
        return None
    return lgb.LGBMRegressor(**_lgb_options(params, seed)).fit(features, log_count)


def fit_hurdle(features: pd.DataFrame, outcome: np.ndarray, target_month: np.ndarray,
               params: HurdleParams = HurdleParams(), seed: int = 0) -> HurdleModel:
    """Fit on rows (features, outcome); ``target_month`` (the month index of each
    outcome) picks the calibration months for the spread."""
    outcome = np.asarray(outcome, dtype="float64")
    any_violence = outcome > 0
    base_rate = float(any_violence.mean()) if len(outcome) else 0.0
    classifier = None
    if 0 < any_violence.sum() < len(outcome):
        classifier = lgb.LGBMClassifier(**_lgb_options(params, seed)).fit(features, any_violence.astype(int))
    positive = features[any_violence]
    log_count = np.log(outcome[any_violence])
    months = np.asarray(target_month)[any_violence]
    regressor = _fit_regressor(positive, log_count, params, seed)
    mean_log = float(log_count.mean()) if len(log_count) else 0.0
    sigma = params.min_sigma
    if len(log_count) > 1:
        cut = months.max() - params.calibration_months
        early, late = months <= cut, months > cut
        early_model = _fit_regressor(positive[early], log_count[early], params, seed)
        if early_model is not None and late.sum() >= 5:
            errors = log_count[late] - early_model.predict(positive[late])
        else:
            errors = log_count - log_count.mean()
        sigma = max(float(np.sqrt(np.mean(errors ** 2))), params.min_sigma)
    cap = params.cap_factor * max(float(outcome.max()) if len(outcome) else 1.0, 1.0)
    return HurdleModel(classifier, base_rate, regressor, mean_log, sigma, cap)
