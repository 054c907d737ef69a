"""The LightGBM quantile model: the predictive distribution as a set of quantiles.

CRPS is the integral over all levels of the quantile (pinball) loss, so fitting one
LightGBM regressor per level with the quantile objective fits the forecast to the very
score it is judged by. Each regressor predicts, on the log1p scale, the level's quantile
of the count *relative to the unit's recent level*:

    z = log1p(count at s + h) - log1p(mean monthly count over the 12 months to s)

Trees cannot extrapolate: a model of absolute counts never forecasts more than the
largest leaf it learnt, which in an escalation is exactly what is needed. Modelled
relative to the recent level (an offset, as in a count regression), a unit whose
violence doubled carries its doubled level into the forecast. Quantiles are unchanged
by monotone transforms, so the log1p and the offset are undone level by level.

Draws: for each unit the predicted quantiles are sorted (quantile crossing removed),
extended linearly to levels 0 and 1, and read at uniform random levels; back on the
count scale they are rounded, floored at 0 and capped at ``cap_factor`` × the largest
count seen in training. ``p_gt0`` is P(count ≥ 1) read off the same quantile function
(``positive_probability``; with ``exact_p=False`` the share of positive draws).
``pool_horizons`` fits one model for all horizons; ``conflictology_weight`` replaces
that share of the draws by the unit's own last 12 months (``run.mix_conflictology``).
Everything is seeded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd

from veille.errors import InvalidValue

MODEL_NAME = "lgbm-quantile"
QUANTILES = (0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.98)


@dataclass(frozen=True)
class QuantileParams:
    quantiles: tuple[float, ...] = QUANTILES
    n_estimators: int = 60
    learning_rate: float = 0.1
    num_leaves: int = 15
    min_child_samples: int = 20
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    reg_lambda: float = 1.0
    offset_months: int = 12
    cap_factor: float = 3.0
    pool_horizons: bool = True  # one model for all horizons (the horizon a feature) instead of one each
    conflictology_weight: float = 0.2  # share of draws taken from the unit's own last 12 months
    exact_p: bool = True  # p_gt0 read off the quantile function instead of the share of draws
    threads: int = 1  # OpenMP threads spin badly when cores are shared; one is faster in practice
    classifier: bool = False  # P(any) from a LightGBM classifier; the quantiles shape the positive counts
    row_fraction: float = 1.0  # share of the training rows kept (seeded sample): training time is linear in rows
    recency_halflife: float | None = None  # months: weight training rows by 0.5 ** (age of their outcome / this)
    quiet_fraction: float = 1.0  # share kept of the rows quiet for 36 months with a zero outcome, weighted back
    level_weight: float = 0.0  # weight rows by (1 + recent monthly mean) ** this: the log-scale loss towards the count scale

    def __post_init__(self) -> None:
        levels = tuple(self.quantiles)
        if len(levels) < 2 or list(levels) != sorted(set(levels)) or not all(0 < q < 1 for q in levels):
            raise InvalidValue(f"quantiles must be two or more increasing levels inside (0, 1), got {levels}")
        if not 0 <= self.conflictology_weight < 1:
            raise InvalidValue(f"conflictology_weight must be in [0, 1), got {self.conflictology_weight}")
        if self.offset_months not in (3, 6, 12, 36):
            raise InvalidValue(f"offset_months must be 3, 6, 12 or 36 (a feature window), got {self.offset_months}")
        if not 0 < self.row_fraction <= 1:
            raise InvalidValue(f"row_fraction must be in (0, 1], got {self.row_fraction}")
        if not 0 < self.quiet_fraction <= 1:
            raise InvalidValue(f"quiet_fraction must be in (0, 1], got {self.quiet_fraction}")
        if not 0 <= self.level_weight <= 4:
            raise InvalidValue(f"level_weight must be in [0, 4], got {self.level_weight}")
        if self.recency_halflife is not None and not self.recency_halflife > 0:
            raise InvalidValue(f"recency_halflife must be a positive number of months, got {self.recency_halflife}")

    @property
    def name(self) -> str:
        return MODEL_NAME

    def as_dict(self) -> dict:
        out = asdict(self)
        out["quantiles"] = list(self.quantiles)
        out["model"] = MODEL_NAME
        return out

    def fit(self, features: pd.DataFrame, outcome: np.ndarray, target_month: np.ndarray, target: str,
            seed: int = 0) -> QuantileModel:
        return fit_quantiles(features, outcome, target, self, seed, target_month)


def recent_level(features: pd.DataFrame, target: str, months: int) -> np.ndarray:
    """log1p of the mean monthly count over the last ``months`` (from the feature
    ``<target>_sum<months>``, which is log1p of the sum)."""
    column = f"{target}_sum{months}"
    if column not in features.columns:
        raise InvalidValue(f"the quantile model needs the feature {column!r}")
    total = np.expm1(features[column].to_numpy(dtype="float64"))
    return np.log1p(np.maximum(total, 0) / months)


@dataclass
class QuantileModel:
    levels: np.ndarray
    regressors: list[lgb.Booster | None]
    constants: np.ndarray  # the training quantiles of z, used when a level could not be fitted
    target: str
    offset_months: int
    cap: float
    exact_p: bool = False
    classifier: lgb.Booster | float | None = None  # a booster, or a constant rate when one could not be fitted

    def quantiles(self, features: pd.DataFrame) -> np.ndarray:
        """(rows × levels) predicted quantiles on the log1p count scale, sorted per row."""
        z = np.column_stack([
            model.predict(features) if model is not None else np.full(len(features), constant)
            for model, constant in zip(self.regressors, self.constants)])
        return np.sort(z, axis=1) + recent_level(features, self.target, self.offset_months)[:, None]

    def draws(self, features: pd.DataFrame, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(draws: rows × samples non-negative ints, p: P(count > 0) per row)."""
        q = self.quantiles(features)
        levels = self.levels
        below = q[:, :1] - (q[:, 1:2] - q[:, :1]) * levels[0] / (levels[1] - levels[0])
        above = q[:, -1:] + (q[:, -1:] - q[:, -2:-1]) * (1 - levels[-1]) / (levels[-1] - levels[-2])
        grid = np.concatenate([[0.0], levels, [1.0]])
        knots = np.hstack([below, q, above])
        u = rng.random((len(features), samples))
        if self.classifier is not None:
            return self._hurdle_draws(features, knots, grid, u)
        log_count = _read_quantiles(knots, grid, u)
        counts = np.clip(np.rint(np.expm1(np.maximum(log_count, 0.0))), 0, self.cap).astype("int64")
        if not self.exact_p:
            return counts, (counts > 0).mean(axis=1)
        return counts, positive_probability(knots, grid)

    def probability(self, features: pd.DataFrame) -> np.ndarray:
        """P(count ≥ 1) from the classifier (a constant when none could be fitted)."""
        if isinstance(self.classifier, lgb.Booster):
            return self.classifier.predict(features)
        return np.full(len(features), float(self.classifier))

    def _hurdle_draws(self, features: pd.DataFrame, knots: np.ndarray, grid: np.ndarray,
                      u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Zero with probability 1 − p (p from the classifier); otherwise the quantile
        function read on its positive part (levels above where it crosses 1), at least 1."""
        p = np.clip(self.probability(features), 0.0, 1.0)
        p_q = positive_probability(knots, grid)
        positive = u >= (1 - p)[:, None]
        # a positive draw's level, uniform on [1 − p_q, 1]: the quantile curve's positive part
        share = np.where(positive, (u - (1 - p)[:, None]) / np.maximum(p, 1e-12)[:, None], 0.0)
        level = 1 - p_q[:, None] + share * p_q[:, None]
        log_count = _read_quantiles(knots, grid, level)
        size = np.clip(np.rint(np.expm1(np.maximum(log_count, 0.0))), 1, self.cap)
        return np.where(positive, size, 0).astype("int64"), p


def _read_quantiles(knots: np.ndarray, grid: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Each row's piecewise-linear quantile function (``knots`` at ``grid``) read at that
    row's ``levels``, vectorised over rows."""
    step = np.clip(np.searchsorted(grid, levels, side="right") - 1, 0, len(grid) - 2)
    left, right = np.take_along_axis(knots, step, axis=1), np.take_along_axis(knots, step + 1, axis=1)
    weight = (levels - grid[step]) / (grid[step + 1] - grid[step])
    return left + weight * (right - left)


POSITIVE_THRESHOLD = float(np.log1p(0.5))  # a draw rounds to ≥ 1 above it


def positive_probability(knots: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """P(count ≥ 1) under each row's piecewise-linear quantile function (log1p scale,
    ``knots`` at levels ``grid``): 1 − the level at which it crosses log1p(0.5), the
    point above which a draw rounds to a positive count. Exact, not a share of draws,
    so quiet units whose upper tail differs are ranked apart."""
    out = np.empty(len(knots))
    for row, values in enumerate(knots):
        if values[-1] <= POSITIVE_THRESHOLD:
            out[row] = 0.0
        elif values[0] > POSITIVE_THRESHOLD:
            out[row] = 1.0
        else:
            # the largest level whose knot is at or below the threshold, then linear between knots
            k = int(np.searchsorted(values, POSITIVE_THRESHOLD, side="right")) - 1
            span = values[k + 1] - values[k]
            level = grid[k] + (grid[k + 1] - grid[k]) * ((POSITIVE_THRESHOLD - values[k]) / span if span > 0 else 0)
            out[row] = 1.0 - level
    return out


def _sample_quiet(features: pd.DataFrame, outcome: np.ndarray, weight: np.ndarray | None, target: str,
                  fraction: float, seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Keep every row but a seeded ``fraction`` of those with no event in the 36 months
    to the feature month and a zero outcome; the kept quiet rows weigh 1 / ``fraction``,
    so the weighted loss estimates the full one (case-control sampling: at the grid level
    these rows are most of the training set and carry little information each)."""
    column = f"{target}_sum36"
    if column not in features.columns:
        raise InvalidValue(f"quiet_fraction needs the feature {column!r}")
    quiet = (features[column].to_numpy() <= 0) & (outcome == 0)
    drawn = np.random.default_rng([seed, 11]).random(len(outcome)) < fraction
    keep = ~quiet | drawn
    base = np.ones(len(outcome)) if weight is None else weight
    weight = np.where(quiet, base / fraction, base)[keep]
    return features[keep].reset_index(drop=True), outcome[keep], weight


def recency_weights(target_month: np.ndarray, halflife: float) -> np.ndarray:
    """0.5 ** (months between a row's outcome and the latest outcome / ``halflife``)."""
    months = np.asarray(target_month, dtype="float64")
    return 0.5 ** ((months.max() - months) / halflife) if len(months) else months


def fit_quantiles(features: pd.DataFrame, outcome: np.ndarray, target: str,
                  params: QuantileParams = QuantileParams(), seed: int = 0,
                  target_month: np.ndarray | None = None) -> QuantileModel:
    """One LightGBM quantile regressor per level on z = log1p(count) − recent level.
    With ``params.recency_halflife`` the rows are weighted by the age of their outcome
    month (``target_month``, panel columns); with ``params.level_weight`` by
    (1 + recent monthly mean) ** level_weight, so a unit's rows count as its errors do on
    the count scale."""
    outcome = np.asarray(outcome, dtype="float64")
    weight = None
    if params.recency_halflife is not None:
        if target_month is None or len(target_month) != len(outcome):
            raise InvalidValue("recency_halflife needs the outcome month of every training row")
        weight = recency_weights(target_month, params.recency_halflife)
    if params.row_fraction < 1 and len(outcome):
        keep = np.sort(np.random.default_rng([seed, 7]).choice(
            len(outcome), size=max(1, int(round(params.row_fraction * len(outcome)))), replace=False))
        features, outcome = features.iloc[keep].reset_index(drop=True), outcome[keep]
        weight = None if weight is None else weight[keep]
    if params.quiet_fraction < 1 and len(outcome):
        features, outcome, weight = _sample_quiet(features, outcome, weight, target, params.quiet_fraction, seed)
    level = recent_level(features, target, params.offset_months)
    if params.level_weight > 0:
        # (1 + L) ** power, L the recent monthly mean: an error of the log-scale quantile
        # costs about (1 + L) times as much on the count scale CRPS is scored on.
        scale = np.exp(params.level_weight * level)
        weight = scale if weight is None else weight * scale
    z = np.log1p(outcome) - level
    levels = np.asarray(params.quantiles, dtype="float64")
    # The fallback constants answer the same (weighted) loss as the boosters.
    constants = (np.quantile(z, levels) if weight is None else np.quantile(z, levels, weights=weight, method="inverted_cdf")) \
        if len(z) else np.zeros(len(levels))
    regressors: list[lgb.Booster | None] = []
    # One binned dataset serves every level: the features and z are the same, only the
    # objective's alpha differs.
    data = None
    if len(z) >= 2 * params.min_child_samples:
        data = lgb.Dataset(features, label=z, weight=weight, free_raw_data=False,
                           params={"verbose": -1, "min_data_in_leaf": params.min_child_samples})
    for k, level in enumerate(levels):
        if data is None:
            regressors.append(None)
            continue
        options = {
            "objective": "quantile", "alpha": float(level), "learning_rate": params.learning_rate,
            "num_leaves": params.num_leaves, "min_data_in_leaf": params.min_child_samples,
            "bagging_fraction": params.subsample, "bagging_freq": 1, "feature_fraction": params.colsample_bytree,
            "lambda_l2": params.reg_lambda, "bagging_seed": seed * 31 + k, "feature_fraction_seed": seed * 31 + k,
            "num_threads": params.threads, "deterministic": True, "force_col_wise": True, "verbose": -1}
        regressors.append(lgb.train(options, data, num_boost_round=params.n_estimators, keep_training_booster=True))
    cap = params.cap_factor * max(float(outcome.max()) if len(outcome) else 1.0, 1.0)
    classifier = _fit_classifier(data, outcome, params, seed) if params.classifier else None
    return QuantileModel(levels, regressors, constants, target, params.offset_months, cap, params.exact_p, classifier)


def _fit_classifier(data: lgb.Dataset | None, outcome: np.ndarray, params: QuantileParams,
                    seed: int) -> lgb.Booster | float:
    """A LightGBM classifier of any violence on the quantiles' own binned rows."""
    positive = outcome > 0
    if data is None or positive.all() or not positive.any():
        return float(positive.mean()) if len(outcome) else 0.0
    binary = lgb.Dataset(data.get_data(), label=positive.astype("float64"), weight=data.get_weight(),
                         reference=data, free_raw_data=False,
                         params={"verbose": -1, "min_data_in_leaf": params.min_child_samples})
    options = {
        "objective": "binary", "learning_rate": params.learning_rate, "num_leaves": params.num_leaves,
        "min_data_in_leaf": params.min_child_samples, "bagging_fraction": params.subsample, "bagging_freq": 1,
        "feature_fraction": params.colsample_bytree, "lambda_l2": params.reg_lambda, "bagging_seed": seed * 31 + 97,
        "feature_fraction_seed": seed * 31 + 97, "num_threads": params.threads, "deterministic": True,
        "force_col_wise": True, "verbose": -1}
    return lgb.train(options, binary, num_boost_round=params.n_estimators)


__all__ = ["MODEL_NAME", "QUANTILES", "QuantileModel", "QuantileParams", "fit_quantiles", "recent_level"]
