"""How the admin-1 forecast model was tuned: on origins BEFORE the reported backtest only.

Builds the Sahel store from ../shared/data/acled (Burkina Faso, Mali, Niger), cuts the
admin-1 panel at 2017-06 (nothing later is read: the reported backtest's origins start
at 2017-07), and scores model variants at the origins 2014-07 … 2016-06, every third
month (8 origins × horizons 1-12, every target month ≤ 2017-06), against the four
benchmarks. For each variant it prints the CRPS reduction against the best benchmark
(mean over horizons), the 90% coverage, onset average precision against the best
benchmark's, and the same for mixtures with the conflictology benchmark at weights
0.2 … 0.5 (the share of draws taken from the unit's own last 12 months).

    .venv/bin/python benchmarks/tune_forecast.py [--target events] [--samples 300]
        [--variant name=python-dict-of-QuantileParams-fields] [--old-features]

Writes benchmarks/out/tune_forecast_TARGET.json. The choices it supported are listed
in docs/model-card.md ("How the model was chosen").
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from veille.forecast import MODELS, build_panel
from veille.forecast.benchmarks import BENCHMARKS, WINDOW, benchmark_draws
from veille.forecast.features import feature_cube
from veille.forecast.metrics import (
    average_precision,
    crps_from_draws,
    interval_covers,
    pit_coverage,
    pit_histogram,
    randomized_pit,
)
from veille.forecast.run import TrainingWindow, model_draws
from veille.model import Month, MonthRange
from veille.sources.ingest import ingest
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED_DIR = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out"
TUNING_END = Month(2017, 6)
TUNING_ORIGINS = list(MonthRange.parse("2014-07:2016-06"))[::3]
# Features added on 2026-12-01; --old-features leaves them out to compare.
NEW_FEATURES = ("ewm", "country_trend", "w_trend", "share_country", "per_event")
WEIGHTS = (0.2, 0.3, 0.4, 0.5)


def collect(panel, cube, target, params, samples, seed=0, scored=None):
    """Raw draws of the model (no conflictology share) and of the benchmarks per origin × horizon
    (``scored``: the units scored, default all)."""
    y = panel.counts[target]
    covered = np.cumsum(panel.observed, axis=1)
    scored = np.ones(len(panel.units), dtype=bool) if scored is None else scored
    out = []
    for month in TUNING_ORIGINS:
        origin = panel.column(month)
        for horizon in range(1, 13):
            if origin + horizon >= panel.n_months:
                continue
            keep = panel.observed[:, origin + horizon] & (covered[:, origin] >= WINDOW) & scored
            draws, p = model_draws(panel, cube, target, origin, horizon, samples, seed, params, TrainingWindow())
            history = y[keep, : origin + 1]
            bench = {name: benchmark_draws(name, history, samples,
                                           np.random.default_rng([seed, horizon, origin, BENCHMARKS.index(name)]))
                     for name in BENCHMARKS}
            out.append({"h": horizon, "observed": y[keep, origin + horizon], "draws": draws[keep], "p": p[keep],
                        "bench": bench, "onset": history[:, -WINDOW:].sum(axis=1) == 0})
    return out


def mixed(draws, own, weight):
    k = int(round(weight * draws.shape[1]))
    return draws if k == 0 else np.concatenate([draws[:, : draws.shape[1] - k], own[:, :k]], axis=1)


def evaluate(rows, weight=0.0):
    reductions = []
    for horizon in sorted({r["h"] for r in rows}):
        mine = [r for r in rows if r["h"] == horizon]
        model = np.concatenate([crps_from_draws(r["observed"], mixed(r["draws"], r["bench"]["conflictology"], weight))
                                for r in mine]).mean()
        best = min(np.concatenate([crps_from_draws(r["observed"], r["bench"][b]) for r in mine]).mean()
                   for b in BENCHMARKS)
        reductions.append(1 - model / best)
    coverage = np.concatenate([interval_covers(r["observed"], mixed(r["draws"], r["bench"]["conflictology"], weight))
                               for r in rows]).mean()
    onset = np.concatenate([r["onset"] for r in rows])
    hit = np.concatenate([r["observed"] for r in rows])[onset] > 0
    ap_model = average_precision(hit, np.concatenate([r["p"] for r in rows])[onset])
    ap_best = max(average_precision(hit, np.concatenate([(r["bench"][b] > 0).mean(axis=1) for r in rows])[onset])
                  for b in BENCHMARKS)
    rng = np.random.default_rng(0)
    pit = np.concatenate([randomized_pit(r["observed"], mixed(r["draws"], r["bench"]["conflictology"], weight), rng)
                          for r in rows])
    return {"crps_reduction": round(float(np.mean(reductions)), 4), "coverage90": round(float(coverage), 4),
            "coverage90_pit": round(pit_coverage(pit), 4), "pit_histogram": pit_histogram(pit),
            "ap_onset": round(ap_model, 4), "ap_onset_ratio": round(ap_model / ap_best, 3),
            "onsets": int(hit.sum()), "onset_risk_rows": int(onset.sum())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="events", choices=("events", "fatalities"))
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--variant", action="append", default=[],
                        help="name=dict of QuantileParams fields, e.g. per-horizon={'pool_horizons': False}; "
                             "name=negbin:{...} for NegBinParams fields")
    parser.add_argument("--old-features", action="store_true", help="leave out the features added 2026-12-01")
    parser.add_argument("--drop", action="append", default=[],
                        help="leave out the features whose name contains this (repeatable)")
    parser.add_argument("--ensemble", action="append", default=[],
                        help="A+B: also score the equal mixture of variants A's and B's draws")
    parser.add_argument("--nigeria", action="store_true",
                        help="add UCDP GED Nigeria (data/ucdp) to the store: 68 units, its 2014-2015 escalation among the tuning origins")
    parser.add_argument("--unit", default="admin1", choices=("admin1", "pgm"),
                        help="panel level (pgm: PRIO-GRID cells; pass fewer --origins, e.g. 2014-07:2016-06:6)")
    parser.add_argument("--score", default="",
                        help="ISO3 codes of the countries scored (default: all; e.g. BFA,MLI,NER with --nigeria: "
                             "Nigeria trains, the Sahel is scored)")
    parser.add_argument("--origins", default=None,
                        help="tuning origins FIRST:LAST[:STEP], all before 2017-06 (default 2014-07:2016-06:3)")
    args = parser.parse_args()
    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        print(f"no ACLED files in {ACLED_DIR}; nothing to tune on", file=sys.stderr)
        return 1
    global TUNING_ORIGINS
    if args.origins:
        parts = args.origins.split(":")
        step = int(parts[2]) if len(parts) > 2 else 1
        TUNING_ORIGINS = list(MonthRange.parse(":".join(parts[:2])))[::step]
        if TUNING_ORIGINS[-1] >= TUNING_END:
            print(f"tuning origins must end before {TUNING_END}", file=sys.stderr)
            return 1
    store = Store(":memory:")
    ingest(store, "acled", files)
    if args.nigeria:
        ingest(store, "ucdp", [ROOT / "data" / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
    panel = build_panel(store, args.unit, end=TUNING_END)
    cube = feature_cube(panel)
    if args.old_features:
        cube = {k: v for k, v in cube.items() if not any(t in k for t in NEW_FEATURES)}
    if args.drop:
        cube = {k: v for k, v in cube.items() if not any(t in k for t in args.drop)}
    variants = dict(v.split("=", 1) for v in args.variant) or {"default": "{}"}
    scored = None
    if args.score:
        scored = panel.units["country_iso3"].isin([c.strip().upper() for c in args.score.split(",")]).to_numpy()
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"target": args.target, "tuning_end": str(TUNING_END), "origins": [str(o) for o in TUNING_ORIGINS],
              "samples": args.samples, "old_features": args.old_features, "dropped": args.drop, "nigeria": args.nigeria,
              "unit": args.unit, "units": len(panel.units), "scored": args.score or "all", "variants": {}}
    collected = {}
    for name, fields in variants.items():
        # the conflictology share is evaluated below, on the model's own draws
        kind, fields = fields.split(":", 1) if fields.startswith("negbin:") else ("quantile", fields)
        params = MODELS[kind](**{**ast.literal_eval(fields), "conflictology_weight": 0.0})
        began = time.perf_counter()
        rows = collect(panel, cube, args.target, params, args.samples, scored=scored)
        collected[name] = rows
        result = {"seconds": round(time.perf_counter() - began, 1), "load_average": round(os.getloadavg()[0], 2),
                  "model": evaluate(rows), **{f"conflictology_weight_{w}": evaluate(rows, w) for w in WEIGHTS}}
        report["variants"][name] = result
        print(name, json.dumps(result), flush=True)
    for pair in args.ensemble:
        first, second = pair.split("+")
        rows = [{**a, "draws": mixed(a["draws"], b["draws"], 0.5), "p": (a["p"] + b["p"]) / 2}
                for a, b in zip(collected[first], collected[second])]
        result = {"model": evaluate(rows), **{f"conflictology_weight_{w}": evaluate(rows, w) for w in WEIGHTS}}
        report["variants"][pair] = result
        print(pair, json.dumps(result), flush=True)
    path = OUT / f"tune_forecast_{'' if args.unit == 'admin1' else 'pgm_'}{args.target}{'_with_nigeria' if args.nigeria else ''}{'_scored_' + args.score.replace(',', '_') if args.score else ''}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
