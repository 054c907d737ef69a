"""Throughput and peak memory of `veille extract` on this machine.

    python benchmarks/bench_extract.py [--articles 20000] [--jobs 1 2]

Workloads, each run in a fresh process (so peak RSS is its own):

- ``news``: the 168 reports of tests/fixtures/extract (both splits, English and French,
  27 of them reporting no event), repeated with fresh ids up to ``--articles``;
- ``acled-notes``: the notes of ../shared/data/acled, read in place (skipped when absent).

Each run times ``extract.contract.run_extract`` from JSONL to JSONL after the one-off
start (gazetteer and actor indexes, reported apart as ``startup_s``): wall-clock articles
a second, and articles per CPU-second of the extracting processes, which a machine busy
with other work does not distort (the load average before and after is recorded). Prints a table and
writes benchmarks/out/bench_extract.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = [ROOT / "tests" / "fixtures" / "extract" / f"gold_{s}.jsonl" for s in ("dev", "test")]
ACLED = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out"


def make_news(path: Path, n: int) -> int:
    rows = [json.loads(line) for f in GOLD for line in f.read_text(encoding="utf-8").splitlines()]
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            r = rows[i % len(rows)]
            handle.write(json.dumps({"id": f"{r['id']}-{i}", "text": r["text"], "published": r["published"],
                                     "url": r["url"]}, ensure_ascii=False) + "\n")
    return n


def make_acled(path: Path, n: int) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for file in sorted(ACLED.glob("*.csv")):
            with open(file, encoding="utf-8", newline="") as source:
                for row in csv.DictReader(source):
                    if row["event_id_cnty"].startswith("#") or not row.get("notes"):
                        continue
                    handle.write(json.dumps({"id": row["event_id_cnty"], "text": row["notes"], "lang": "en"}) + "\n")
                    count += 1
                    if count >= n:
                        return count
    return count


def child(input_path: str, jobs: int) -> None:
    """Run in a fresh process: time the start and the extraction, report peak RSS."""
    started = time.perf_counter()
    from veille.extract.contract import _warm, run_extract

    _warm()
    from veille.extract import Article, extract

    extract(Article("warm", "Deux soldats ont été tués lundi à Mandouri.", None, "fr"))
    startup = time.perf_counter() - started
    output = Path(tempfile.mkdtemp()) / "out.jsonl"
    load_before = os.getloadavg()[0]
    cpu0 = _cpu()
    t0 = time.perf_counter()
    counts = run_extract(input_path, output, jobs=jobs)
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"startup_s": round(startup, 2), "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
                      "counts": counts, "peak_rss_mb": round(rss / 1024, 1),
                      "peak_rss_children_mb": round(children / 1024, 1), "output_bytes": output.stat().st_size,
                      "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}))


def _cpu() -> float:
    """CPU seconds of this process and its finished children: robust to a busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    work = Path(tempfile.mkdtemp(prefix="veille-bench-extract-"))
    workloads = [("news", make_news(work / "news.jsonl", args.articles), work / "news.jsonl")]
    if ACLED.is_dir() and any(ACLED.glob("*.csv")):
        workloads.append(("acled-notes", make_acled(work / "acled.jsonl", args.articles), work / "acled.jsonl"))
    results = []
    for name, n, path in workloads:
        for jobs in args.jobs:
            proc = subprocess.run([sys.executable, __file__, "--child", str(path), str(jobs)], capture_output=True,
                                  text=True, check=True, env={**os.environ, "VEILLE_EXTRACT_MODEL": ""})
            figures = json.loads(proc.stdout.strip().splitlines()[-1])
            figures.update(workload=name, articles=n, jobs=jobs,
                           articles_per_s=round(n / figures["seconds"], 1) if figures["seconds"] else None,
                           articles_per_cpu_s=round(n / figures["cpu_s"], 1) if figures["cpu_s"] else None)
            results.append(figures)
            peak = max(figures["peak_rss_mb"], figures["peak_rss_children_mb"])
            print(f"{name:12} jobs={jobs}  {n:>7,} articles  {figures['seconds']:7.1f} s  "
                  f"{figures['articles_per_s']:8.1f} articles/s  {figures['articles_per_cpu_s']:8.1f} per CPU-s  "
                  f"start {figures['startup_s']:.1f} s  peak RSS {peak:,.0f} MB  load {figures['load_average']}",
                  flush=True)
    machine = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_extract.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n",
                                            encoding="utf-8")
    print(f"wrote {OUT / 'bench_extract.json'}")


if __name__ == "__main__":
    main()
