"""Backtests: forecasts from rolling origins scored against what happened, beside the
four benchmarks scored the same way.

For each origin o and horizon h with o + h inside the data, every model and
benchmark forecasts month o + h for every unit from the months up to o only. The
panel is built once up to the end of the data; since every feature of month s reads
months <= s and training rows stop at o, nothing after the origin is used.

Onset rows are the unit-months whose unit had no event (no positive target) in the
12 months up to the origin: "will violence start here?" as it can be asked at o.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from veille.errors import InvalidValue
from veille.forecast.benchmarks import BENCHMARKS, WINDOW, benchmark_draws, conflictology_draws
from veille.forecast.features import feature_cube
from veille.forecast.metrics import pit_histogram, score_rows, summarize
from veille.forecast.panel import TARGETS, UNITS, Panel, build_panel
from veille.forecast.run import (
    DEFAULT_TRAIN_MONTHS,
    MODEL_NAME,
    ModelParams,
    TrainingWindow,
    check_choice,
    default_params,
    model_draws,
)
from veille.model import Horizon, Month, MonthRange
from veille.store import Store

ENSEMBLE_SUFFIX = "+conflictology"
ENSEMBLE_NAME = MODEL_NAME + ENSEMBLE_SUFFIX
METRICS = ("crps", "brier_any", "ap_any", "brier_onset", "ap_onset", "msle", "coverage90", "coverage90_pit")


@dataclass
class BacktestResult:
    """``table``: one row per model (or benchmark) and horizon ('all' pools them),
    one column per metric; ``rows``: the per-forecast scores behind it."""

    table: pd.DataFrame
    rows: pd.DataFrame
    config: dict = field(default_factory=dict)

    @property
    def models(self) -> list[str]:
        return list(dict.fromkeys(self.table["model"]))

    def pit(self) -> dict[str, list[float]]:
        return {name: pit_histogram(group["pit"]) for name, group in self.rows.groupby("model", sort=False)}

    def overall(self) -> pd.DataFrame:
        return self.table[self.table["horizon"] == "all"].set_index("model")

    def skill(self, model: str | None = None) -> dict[str, float]:
        """The model (default: the one backtested) against the best benchmark on each
        metric (lower CRPS, Brier, MSLE are better; higher AP is better): the benchmark's
        value, the model's, the ratio."""
        model = model or self.config.get("model", MODEL_NAME)
        overall = self.overall()
        bench = overall[overall.index.isin(BENCHMARKS)]
        out: dict[str, float] = {}
        if model not in overall.index or bench.empty:
            return out
        per_horizon = self.table[self.table["horizon"] != "all"]
        crps_by_h = per_horizon.pivot(index="horizon", columns="model", values="crps")
        best_bench_crps = crps_by_h[[b for b in BENCHMARKS if b in crps_by_h]].min(axis=1)
        out["crps_reduction_mean_over_horizons"] = float((1 - crps_by_h[model] / best_bench_crps).mean())
        for metric in ("crps", "brier_any", "brier_onset", "msle"):
            best = bench[metric].min()
            out[f"{metric}_best_benchmark"] = float(best)
            out[f"{metric}_model"] = float(overall.loc[model, metric])
        for metric in ("ap_any", "ap_onset"):
            best = bench[metric].max()
            out[f"{metric}_best_benchmark"] = float(best)
            out[f"{metric}_model"] = float(overall.loc[model, metric])
            out[f"{metric}_ratio"] = float(overall.loc[model, metric] / best) if best > 0 else float("nan")
        out["coverage90_model"] = float(overall.loc[model, "coverage90"])
        if "coverage90_pit" in overall:
            out["coverage90_pit_model"] = float(overall.loc[model, "coverage90_pit"])
        return out

    def as_dict(self) -> dict:
        table = self.table.astype({"horizon": str}).replace({np.nan: None})
        return {"config": self.config, "table": table.to_dict(orient="records"), "skill": self.skill(),
                "pit": self.pit()}

    def to_json(self, path: str | Path | None = None) -> str:
        text = json.dumps(self.as_dict(), indent=2, default=str)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def plot(self, path: str | Path) -> Path:
        """CRPS by horizon for each model and benchmark, and the model's PIT histogram."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        per_horizon = self.table[self.table["horizon"] != "all"]
        figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
        for name, group in per_horizon.groupby("model", sort=False):
            style = "-o" if name not in BENCHMARKS else "--"
            left.plot(group["horizon"].astype(int), group["crps"], style, label=name, linewidth=2 if
                      name not in BENCHMARKS else 1)
        left.set_xlabel("horizon (months)")
        left.set_ylabel("mean CRPS (lower is better)")
        left.set_title(f"{self.config.get('unit', '')} × month, {self.config.get('target', '')}")
        left.legend()
        pit = self.pit()
        model = next((m for m in self.models if m not in BENCHMARKS), self.models[0])
        bins = np.arange(len(pit[model])) / len(pit[model])
        right.bar(bins, pit[model], width=1 / len(pit[model]), align="edge", edgecolor="white")
        right.axhline(1 / len(pit[model]), color="grey", linestyle=":")
        right.set_title(f"PIT histogram, {model}")
        right.set_xlabel("randomised PIT")
        figure.tight_layout()
        path = Path(path)
        figure.savefig(path, dpi=110)
        plt.close(figure)
        return path


def ensemble_draws(draws: np.ndarray, p: np.ndarray, history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An equal mixture of the model's draws and the conflictology benchmark's."""
    samples = draws.shape[1]
    half = samples // 2
    own = conflictology_draws(history, samples - half)
    mixed = np.concatenate([draws[:, :half], own], axis=1)
    return mixed, 0.5 * p + 0.5 * (own > 0).mean(axis=1)


def _origins(origins: MonthRange | list[Month] | tuple[Month, ...]) -> list[Month]:
    months = list(origins)
    if not months or not all(isinstance(m, Month) for m in months):
        raise InvalidValue("origins must be a MonthRange or a non-empty list of Month")
    return sorted(set(months))


def _table(rows: pd.DataFrame, models: list[str]) -> pd.DataFrame:
    records = []
    for model in models:
        mine = rows[rows["model"] == model]
        for horizon, group in mine.groupby("horizon"):
            records.append({"model": model, "horizon": int(horizon), **summarize(group)})
        records.append({"model": model, "horizon": "all", **summarize(mine)})
    return pd.DataFrame.from_records(records)


@dataclass(frozen=True)
class _PairJob:
    """What scoring one origin × horizon needs besides the panel and its features."""

    target: str
    samples: int
    seed: int
    params: ModelParams
    window: TrainingWindow
    benchmarks: tuple[str, ...]
    with_model: bool
    ensemble: bool


def score_pair(pair: tuple[Month, int], panel: Panel, cube: dict[str, np.ndarray], job: _PairJob) -> pd.DataFrame:
    """Every model's and benchmark's scored forecasts for one (origin, horizon): a
    function of its inputs alone (every draw is seeded by seed, origin and horizon), so
    pairs can be scored in any order, anywhere, and give the same rows."""
    origin_month, horizon = pair
    y = panel.counts[job.target]
    covered = np.cumsum(panel.observed, axis=1)
    units = panel.units["unit"].astype(str).to_numpy()
    origin = panel.column(origin_month)
    target_column = origin + horizon
    keep = panel.observed[:, target_column] & (covered[:, origin] >= WINDOW)
    observed = y[keep, target_column]
    history = y[keep, : origin + 1]
    onset_risk = history[:, -WINDOW:].sum(axis=1) == 0
    forecasts: list[tuple[str, np.ndarray, np.ndarray | None]] = []
    if job.with_model:
        draws, p = model_draws(panel, cube, job.target, origin, horizon, job.samples, job.seed, job.params,
                               job.window)
        forecasts.append((job.params.name, draws[keep], p[keep]))
        if job.ensemble:
            forecasts.append((job.params.name + ENSEMBLE_SUFFIX, *ensemble_draws(draws[keep], p[keep], history)))
    for name in job.benchmarks:
        rng = np.random.default_rng([job.seed, horizon, origin, BENCHMARKS.index(name)])
        forecasts.append((name, benchmark_draws(name, history, job.samples, rng), None))
    parts = []
    for name, draws, p in forecasts:
        scored = score_rows(observed, draws, p, rng=np.random.default_rng([job.seed, origin, horizon]))
        scored.insert(0, "model", name)
        scored.insert(1, "origin", str(origin_month))
        scored.insert(2, "horizon", horizon)
        scored.insert(3, "unit", units[keep])
        scored["onset_risk"] = onset_risk
        parts.append(scored)
    return pd.concat(parts, ignore_index=True)


_SHARED: dict = {}  # what a worker process reads: the panel, its features and the job, sent once


def _init_worker(panel: Panel, cube: dict[str, np.ndarray], job: _PairJob) -> None:
    _SHARED.update(panel=panel, cube=cube, job=job)


def _score_origin(pairs: list[tuple[Month, int]]) -> list[pd.DataFrame]:
    return [score_pair(pair, _SHARED["panel"], _SHARED["cube"], _SHARED["job"]) for pair in pairs]


def score_pairs_local(pairs: list[tuple[Month, int]], panel: Panel, cube: dict[str, np.ndarray], job: _PairJob,
                      jobs: int) -> list[pd.DataFrame]:
    """``[score_pair(p, …) for p in pairs]`` in ``jobs`` processes of this machine.

    Pairs are grouped by origin, so each origin's pooled model is fitted once, in one
    process. The processes are spawned, not forked (LightGBM's OpenMP runtime does not
    survive a fork once it has run), and each receives the panel and its features once.
    Each pair's rows depend on its inputs alone: the result is the same as in one
    process, in the same order."""
    groups: dict[Month, list[tuple[Month, int]]] = {}
    for pair in pairs:
        groups.setdefault(pair[0], []).append(pair)
    jobs = min(jobs, len(groups))
    if jobs <= 1:
        return [score_pair(pair, panel, cube, job) for pair in pairs]
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=_init_worker,
                                                   initargs=(panel, cube, job)) as pool:
        scored = pool.map(_score_origin, list(groups.values()), chunksize=1)
    by_pair = {pair: rows for group, parts in zip(groups.values(), scored) for pair, rows in zip(group, parts)}
    return [by_pair[pair] for pair in pairs]


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def backtest_panel(panel: Panel, target: str, origins, horizons: Horizon = Horizon(1, 12), samples: int = 1000,
                   seed: int = 0, params: ModelParams | None = None,
                   train_months: int | None = DEFAULT_TRAIN_MONTHS, benchmarks: tuple[str, ...] = BENCHMARKS,
                   with_model: bool = True, ensemble: bool = True, client=None, jobs: int = 1) -> BacktestResult:
    """Backtest on a ready panel (see ``backtest``). With a Dask ``client`` (see
    ``veille.cluster.dask_client``) the origin × horizon pairs are scored on its
    workers, one task each; with ``jobs`` > 1 (and no client), the origins are scored in
    that many local processes (``score_pairs_local``). Either way the result is the same
    as in one process. ``params`` defaults to ``default_params(panel.unit)``."""
    from veille.cluster import map_ordered

    check_choice("target", target, TARGETS)
    params = params or default_params(panel.unit)
    months = _origins(origins)
    cube = feature_cube(panel) if with_model else {}
    pairs = [(o, h) for o in months for h in horizons.steps() if o + h <= panel.last and o >= panel.first]
    if not pairs:
        raise InvalidValue(f"no origin and horizon falls inside the data ({panel.first}:{panel.last})")
    job = _PairJob(target, samples, seed, params, TrainingWindow(train_months), tuple(benchmarks), with_model,
                   ensemble)
    if jobs < 1:
        raise InvalidValue(f"jobs must be at least 1, got {jobs}")
    if client is None and jobs > 1:
        parts = score_pairs_local(pairs, panel, cube, job, jobs)
    else:
        parts = map_ordered(score_pair, pairs, client, panel=panel, cube=cube, job=job)
    rows = pd.concat(parts, ignore_index=True)
    models = (([params.name] + ([params.name + ENSEMBLE_SUFFIX] if ensemble else [])) if with_model else []
              ) + list(benchmarks)
    config = {"model": params.name if with_model else None, "unit": panel.unit, "target": target, "origins": [str(m) for m in months],
              "horizons": f"{horizons.first}-{horizons.last}", "samples": samples, "seed": seed,
              "train_months": train_months, "params": params.as_dict(), "sources": panel.sources,
              "data_vintage": panel.vintage, "panel": f"{panel.first}:{panel.last}", "units": len(panel.units),
              "forecasts_scored": int(len(rows) // max(len(models), 1))}
    return BacktestResult(table=_table(rows, models), rows=rows, config=config)


def backtest(store: Store, unit: str, target: str, origins: MonthRange | list[Month],
             horizons: Horizon = Horizon(1, 12), samples: int = 1000, seed: int = 0,
             countries: tuple[str, ...] = (), data_end: Month | None = None,
             params: ModelParams | None = None, train_months: int | None = DEFAULT_TRAIN_MONTHS,
             benchmarks: tuple[str, ...] = BENCHMARKS, client=None, jobs: int = 1) -> BacktestResult:
    """Score the model and the benchmarks at every origin × horizon whose target
    month is inside the data (up to ``data_end``, default the store's last complete month).
    ``client``: a Dask client to score the pairs on; ``jobs``: local processes (see
    ``backtest_panel``)."""
    check_choice("unit", unit, UNITS)
    check_choice("target", target, TARGETS)
    panel = build_panel(store, unit, end=data_end, countries=tuple(countries))
    return backtest_panel(panel, target, origins, horizons, samples, seed, params, train_months, benchmarks,
                          client=client, jobs=jobs)
