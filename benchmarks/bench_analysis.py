"""Time and memory of the full analysis (spillover, hot spots on admin-2 and PRIO-GRID,
trends, indicators, actors, alert rules) over the shared ACLED data and a 10× copy.

The 10× copy repeats every event ten times under new ids, on the same places and days:
it multiplies the counts the statistics see (the cube shapes stay the same), which is the
load a denser source would bring. Run: .venv/bin/python benchmarks/bench_analysis.py
Writes benchmarks/out/bench_analysis.json.
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import time
from pathlib import Path

import pandas as pd
import psutil

from veille.alerts import evaluate
from veille.analysis import (
    conflict_indicators,
    emerging_hotspots,
    first_appearances,
    jnim_vs_is_sahel,
    load_events,
    spillover,
    surges,
)
from veille.analysis.trends import baseline_change
from veille.model import MonthRange
from veille.sources.ingest import ingest
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out" / "bench_analysis.json"
SAHEL = ("BFA", "MLI", "NER")
MONTHS = MonthRange.parse("2012-01:2020-07")

STEPS = {
    "spillover": lambda ev: spillover(ev, countries=SAHEL, months=MONTHS),
    "hotspots_admin2": lambda ev: emerging_hotspots(ev, "admin2", SAHEL, MONTHS),
    "hotspots_pgm": lambda ev: emerging_hotspots(ev, "pgm", SAHEL, MONTHS),
    "baseline_change_admin1": lambda ev: baseline_change(ev, "admin1"),
    "surges_admin1": lambda ev: surges(ev, "admin1"),
    "indicators_country_month": lambda ev: conflict_indicators(ev, "country", "month"),
    "actors_first_and_jnim_is": lambda ev: (first_appearances(ev, "admin1"), jnim_vs_is_sahel(ev)),
    "alert_rules": lambda ev: evaluate(ev),
}


def replicate(events: pd.DataFrame, times: int) -> pd.DataFrame:
    copies = [events.assign(event_id=events["event_id"] + f"-{k}") for k in range(times)]
    return pd.concat(copies, ignore_index=True)


def measure(events: pd.DataFrame) -> dict:
    process = psutil.Process()
    out = {"events": len(events), "steps": {}}
    total = 0.0
    for name, step in STEPS.items():
        before = process.memory_info().rss
        start = time.perf_counter()
        step(events)
        seconds = time.perf_counter() - start
        total += seconds
        out["steps"][name] = {"seconds": round(seconds, 3),
                              "rss_growth_mb": round((process.memory_info().rss - before) / 2**20, 1)}
        print(f"  {name:28s} {seconds:7.2f} s", flush=True)
    out["total_seconds"] = round(total, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> int:
    files = sorted(ACLED.glob("*.csv"))
    if not files:
        print(f"no ACLED files in {ACLED}", file=sys.stderr)
        return 1
    with Store(":memory:") as store:
        ingest(store, "acled", files)
        events = load_events(store)
    results = {"machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                           "cores": psutil.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1)},
               "months": str(MONTHS), "runs": {}}
    for label, times in (("shared", 1), ("replicated_10x", 10)):
        print(f"{label}: {len(events) * times:,} events")
        results["runs"][label] = measure(replicate(events, times) if times > 1 else events)
        print(f"  total {results['runs'][label]['total_seconds']} s, "
              f"peak RSS {results['runs'][label]['peak_rss_mb']} MB")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
