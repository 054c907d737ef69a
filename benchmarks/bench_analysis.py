"""Time and memory of the full analysis (spillover, hot spots on admin-2 and PRIO-GRID,
trends, indicators, actors, alert rules) over the shared ACLED data (Burkina Faso, Mali,
Niger, 2012-2020), a 10× copy of it, and everything shared (ACLED, UCDP, GDELT: every
West African country present, every month from the first event to the last).

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
    "spillover": lambda ev, countries, months: spillover(ev, countries=countries, months=months),
    "hotspots_admin2": lambda ev, countries, months: emerging_hotspots(ev, "admin2", countries, months),
    "hotspots_pgm": lambda ev, countries, months: emerging_hotspots(ev, "pgm", countries, months),
    "baseline_change_admin1": lambda ev, countries, months: baseline_change(ev, "admin1"),
    "surges_admin1": lambda ev, countries, months: surges(ev, "admin1"),
    "indicators_country_month": lambda ev, countries, months: conflict_indicators(ev, "country", "month"),
    "actors_first_and_jnim_is": lambda ev, countries, months: (first_appearances(ev, "admin1"),
                                                               jnim_vs_is_sahel(ev)),
    "alert_rules": lambda ev, countries, months: evaluate(ev),
}
SHARED = ACLED.parent


def replicate(events: pd.DataFrame, times: int) -> pd.DataFrame:
    copies = [events.assign(event_id=events["event_id"] + f"-{k}") for k in range(times)]
    return pd.concat(copies, ignore_index=True)


def measure(events: pd.DataFrame, countries: tuple[str, ...] = SAHEL, months: MonthRange = MONTHS) -> dict:
    process = psutil.Process()
    out = {"events": len(events), "countries": list(countries), "months": str(months),
           "n_months": len(list(months)), "steps": {}}
    total = 0.0
    for name, step in STEPS.items():
        before = process.memory_info().rss
        start = time.perf_counter()
        step(events, countries, months)
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
    with Store(":memory:") as store:
        ingest(store, "acled", files)
        ingest(store, "ucdp", sorted((SHARED / "ucdp").glob("ucdp_ged_*.csv")))
        ingest(store, "ucdp_candidate", sorted((SHARED / "ucdp").glob("ucdp_candidate_*.csv")))
        ingest(store, "gdelt", sorted((SHARED / "gdelt").glob("*.csv")))
        everything = load_events(store)
    from veille.geo import admin_units

    west_africa = set(admin_units(level=1)["country_iso3"])
    everything = everything[everything["country_iso3"].isin(west_africa)]
    countries = tuple(sorted(everything["country_iso3"].unique()))
    dates = pd.to_datetime(everything["event_date"])
    span = MonthRange.parse(f"{dates.min():%Y-%m}:{dates.max():%Y-%m}")
    print(f"all_shared: {len(everything):,} events, {len(countries)} countries, {span} "
          f"({len(list(span))} months)")
    results["runs"]["all_shared"] = measure(everything, countries, span)
    print(f"  total {results['runs']['all_shared']['total_seconds']} s, "
          f"peak RSS {results['runs']['all_shared']['peak_rss_mb']} MB")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
