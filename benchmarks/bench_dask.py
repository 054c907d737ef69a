"""Grid backtests on Dask: the same PRIO-GRID backtest in one process, then on a
LocalCluster of 1 and of 2 worker processes; the speed-up, and a check that every
run gives the same scores.

The panel is PRIO-GRID × month for Burkina Faso, Mali and Niger from the ACLED files in
../shared/data/acled (or, without them, Nigeria from the bundled UCDP file); origins
every six months, horizons 1-12; one task per origin × horizon. Each cluster is
started and warmed (every worker has imported veille.forecast) before the clock starts:
what is timed is the work, not the start-up, which is reported apart.
Prints a table; writes benchmarks/out/bench_dask.json.

    .venv/bin/python benchmarks/bench_dask.py [--samples 200] [--origins 2017-07:2019-07:6] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import sys
import time
from pathlib import Path

import pandas as pd

from veille.cluster import dask_client
from veille.forecast import backtest_panel, build_panel
from veille.forecast.features import feature_cube
from veille.model import Horizon, MonthRange
from veille.sources.ingest import ingest
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED_DIR = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out"


def _warm() -> str:
    import veille.forecast  # noqa: F401  (the import is the warming)

    return "ready"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--origins", default="2017-07:2019-07:6", help="START:END:STEP in months")
    parser.add_argument("--workers", default="1,2", help="cluster sizes to time, comma-separated")
    parser.add_argument("--target", default="fatalities")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    store = Store(":memory:")
    files = sorted(ACLED_DIR.glob("*.csv"))
    if files:
        ingest(store, "acled", files)
        data = "ACLED BFA, MLI, NER (../shared/data/acled)"
    else:
        ingest(store, "ucdp", [ROOT / "data" / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
        data = "UCDP GED Nigeria (bundled)"
    began = time.perf_counter()
    panel = build_panel(store, "pgm")
    panel_seconds = time.perf_counter() - began
    began = time.perf_counter()
    cube = feature_cube(panel)
    cube_seconds = time.perf_counter() - began
    shipped_mb = len(pickle.dumps((panel, cube), protocol=5)) / 1e6  # what each worker is sent once
    start, end, step = args.origins.split(":")
    origins = list(MonthRange.parse(f"{start}:{end}"))[:: int(step)]
    origins = [o for o in origins if o < panel.last]
    horizons = Horizon(1, 12)
    pairs = sum(1 for o in origins for h in horizons.steps() if o + h <= panel.last)
    print(f"{data}: {len(panel.units):,} grid cells × {panel.n_months} months; {len(origins)} origins × 12 "
          f"horizons = {pairs} tasks; {args.samples} draws; {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    print(f"serial parts: panel {panel_seconds:.1f} s, features {cube_seconds:.1f} s; panel + features sent "
          f"to each worker: {shipped_mb:.0f} MB", flush=True)

    runs = {}
    began = time.perf_counter()
    reference = backtest_panel(panel, args.target, origins, horizons, samples=args.samples, seed=0)
    runs["one process"] = {"seconds": round(time.perf_counter() - began, 1), "same": True}
    print(f"one process      {runs['one process']['seconds']:8.1f} s", flush=True)
    for workers in [int(w) for w in args.workers.split(",")]:
        began = time.perf_counter()
        with dask_client(workers=workers) as client:
            client.run(_warm)
            startup = time.perf_counter() - began
            began = time.perf_counter()
            result = backtest_panel(panel, args.target, origins, horizons, samples=args.samples, seed=0,
                                    client=client)
            seconds = time.perf_counter() - began
        try:
            pd.testing.assert_frame_equal(result.rows, reference.rows)
            same = True
        except AssertionError:
            same = False
        name = f"{workers} worker{'s' if workers > 1 else ''}"
        runs[name] = {"seconds": round(seconds, 1), "startup_seconds": round(startup, 1), "same": same}
        print(f"{name:16} {seconds:8.1f} s  (cluster start {startup:.1f} s)  same scores: {same}", flush=True)
    one = runs.get("1 worker", runs["one process"])["seconds"]
    for run in runs.values():
        run["speedup_vs_1_worker"] = round(one / run["seconds"], 2) if run["seconds"] else None
    report = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "cpus": os.cpu_count(), "load_before": os.getloadavg()},
              "command": " ".join(["benchmarks/bench_dask.py", *sys.argv[1:]]), "data": data,
              "cells": len(panel.units), "months": panel.n_months, "origins": [str(o) for o in origins],
              "tasks": pairs, "samples": args.samples, "target": args.target, "runs": runs,
              "serial_seconds": {"panel": round(panel_seconds, 1), "features": round(cube_seconds, 1)},
              "shipped_to_each_worker_mb": round(shipped_mb, 1),
              "load_after": os.getloadavg()}
    (OUT / "bench_dask.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'bench_dask.json'}")
    return 0 if all(r["same"] for r in runs.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
