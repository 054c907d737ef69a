"""How well does the forecast model forecast political violence, against the ViEWS benchmarks?

Builds a store from the ACLED files of Burkina Faso, Mali and Niger in ../shared/data/acled
(1997 – July 2020), then backtests admin-1 × month (and, with --pgm, PRIO-GRID × month)
for both targets, events and fatalities, from monthly origins 2017-07 … 2019-07 (every
horizon 1-12 of each origin then falls inside the data, which end in 2020-07).

Prints, per unit and target, the overall table (model and the four benchmarks) and the
model's skill against the best benchmark; writes benchmarks/out/backtest_UNIT_TARGET.json
and .png (CRPS by horizon, PIT histogram) and benchmarks/out/backtest.json (everything).

    .venv/bin/python benchmarks/bench_backtest.py [--samples 1000] [--pgm] [--origins 2017-07:2019-07]
        [--nigeria] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

from veille.forecast import MODEL_NAME, backtest_panel, build_panel
from veille.model import Horizon, MonthRange
from veille.sources.ingest import ingest
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED_DIR = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out"
SHOWN = ["crps", "brier_any", "ap_any", "brier_onset", "ap_onset", "msle", "coverage90", "coverage90_pit", "n", "onsets"]


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--origins", default="2017-07:2019-07")
    parser.add_argument("--pgm", action="store_true", help="also the PRIO-GRID level")
    parser.add_argument("--pgm-origins", default="2017-07:2019-07:6",
                        help="grid origins: START:END:STEP (every STEP months)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nigeria", action="store_true",
                        help="also UCDP GED Nigeria (bundled): four countries, two sources")
    parser.add_argument("--targets", default="events,fatalities", help="comma-separated targets")
    parser.add_argument("--jobs", type=int, default=1, help="processes to score the origins in (same result)")
    args = parser.parse_args()
    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        print(f"no ACLED files in {ACLED_DIR}; nothing to measure", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    store = Store(":memory:")
    ingest(store, "acled", files)
    if args.nigeria:
        ingest(store, "ucdp", [ROOT / "data" / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
    origins = list(MonthRange.parse(args.origins))
    start, end, step = args.pgm_origins.split(":")
    pgm_origins = list(MonthRange.parse(f"{start}:{end}"))[:: int(step)]
    plans = [("admin1", origins)] + ([("pgm", pgm_origins)] if args.pgm else [])
    report = {"machine": {"platform": platform.platform(), "python": platform.python_version()},
              "command": " ".join(["benchmarks/bench_backtest.py", *sys.argv[1:]]), "results": {}}
    pd.set_option("display.width", 200)
    for unit, unit_origins in plans:
        panel = build_panel(store, unit)
        for target in args.targets.split(","):
            load_before = os.getloadavg()[0]
            began, cpu_began, children_began = time.perf_counter(), time.process_time(), _children_cpu()
            result = backtest_panel(panel, target, unit_origins, Horizon(1, 12), samples=args.samples,
                                    seed=args.seed, jobs=args.jobs)
            seconds = time.perf_counter() - began
            # CPU time of this process and of its finished worker processes: less sensitive to shared cores
            cpu = time.process_time() - cpu_began + _children_cpu() - children_began
            load = (round(load_before, 2), round(os.getloadavg()[0], 2))  # 1-minute load average, before and after
            name = f"backtest_{unit}_{target}" + ("_with_nigeria" if args.nigeria else "")
            result.to_json(OUT / f"{name}.json")
            result.plot(OUT / f"{name}.png")
            skill = result.skill(MODEL_NAME)
            print(f"\n== {unit} × month, {target}: {len(panel.units)} units, {len(unit_origins)} origins "
                  f"{unit_origins[0]}…{unit_origins[-1]}, horizons 1-12, {args.samples} draws, {seconds:.0f} s ({cpu:.0f} s CPU; load average {load[0]} → {load[1]})")
            print(result.overall()[SHOWN].round(4).to_string())
            print("skill: " + ", ".join(f"{k} {v:.3f}" for k, v in skill.items()))
            report["results"][name] = {"jobs": args.jobs, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "load_average": load, "units": len(panel.units),
                                       "origins": [str(o) for o in unit_origins], "skill": skill,
                                       "overall": result.overall()[SHOWN].reset_index().to_dict(orient="records"),
                                       "crps_by_horizon": result.table[result.table["horizon"] != "all"]
                                       .pivot(index="horizon", columns="model", values="crps")
                                       .round(4).reset_index().to_dict(orient="records")}
    summary = OUT / ("backtest_with_nigeria.json" if args.nigeria else "backtest.json")
    summary.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
