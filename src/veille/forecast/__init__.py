"""Forecasts of political violence per admin-1 unit or PRIO-GRID cell and month, as
draws, with backtests against the ViEWS benchmarks. See docs/model-card.md.

panel (store → unit × month counts) → features (no look-ahead) → quantile model (LightGBM, one
model for all horizons), negative binomial or hurdle (one per horizon) → draws; benchmarks and metrics score them in backtests.
"""

from veille.forecast.backtest import BacktestResult, backtest, backtest_panel
from veille.forecast.benchmarks import BENCHMARKS, benchmark_draws
from veille.forecast.hurdle import HurdleParams
from veille.forecast.metrics import crps_from_draws
from veille.forecast.negbin import NegBinParams
from veille.forecast.panel import SOURCE_PREFERENCE, TARGETS, UNITS, Panel, build_panel
from veille.forecast.quantile import QuantileParams
from veille.forecast.run import (
    DEFAULT_PARAMS,
    FORECAST_COLUMNS,
    MODEL_NAME,
    MODELS,
    default_params,
    forecast,
    model_params,
    write_forecast_parquet,
)

__all__ = [
    "BENCHMARKS", "DEFAULT_PARAMS", "FORECAST_COLUMNS", "MODELS", "MODEL_NAME", "QuantileParams", "model_params", "SOURCE_PREFERENCE", "TARGETS", "UNITS",
    "BacktestResult", "HurdleParams", "NegBinParams", "Panel", "default_params", "backtest", "backtest_panel", "benchmark_draws",
    "build_panel", "crps_from_draws", "forecast", "write_forecast_parquet",
]
