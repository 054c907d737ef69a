"""Text extraction on Dask: the same file extracted in one process, then on a
LocalCluster of 1 and of 2 worker processes; the speed-up, and a check that every run
writes the same file byte for byte.

The workload is veille's own gold reports (tests/fixtures/extract, English and French)
repeated with fresh ids up to ``--articles``. Each cluster is started and warmed (every
worker has built the gazetteer and actor indexes) before the clock starts: what is timed
is the work, not the start-up, which is reported apart. The load average before and
after each run is recorded: on a machine busy with other work a second worker finds no
free core. Prints a table; writes benchmarks/out/bench_dask_extract.json.

    .venv/bin/python benchmarks/bench_dask_extract.py [--articles 6000] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import make_news  # noqa: E402

from veille.cluster import dask_client  # noqa: E402
from veille.extract.contract import run_extract  # noqa: E402


def _warm() -> str:
    from veille.extract import Article, extract
    from veille.extract.contract import _warm as warm_indexes

    warm_indexes()
    extract(Article("warm", "Deux soldats ont été tués lundi à Mandouri.", None, "fr"))
    return "ready"


def _timed(input_path: Path, output: Path, client=None) -> dict:
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    counts = run_extract(input_path, output, client=client)
    seconds = time.perf_counter() - began
    return {"seconds": round(seconds, 2), "counts": counts,
            "sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=6000)
    parser.add_argument("--workers", default="1,2", help="cluster sizes to time, comma-separated")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="veille-dask-extract-"))
    news = work / "news.jsonl"
    make_news(news, args.articles)
    print(f"{args.articles:,} articles; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)

    _warm()
    runs = {"one process": _timed(news, work / "serial.jsonl")}
    print(f"one process: {runs['one process']['seconds']:.1f} s", flush=True)
    for n in (int(w) for w in args.workers.split(",")):
        began = time.perf_counter()
        with dask_client(address="", workers=n) as client:
            client.run(_warm)
            start = time.perf_counter() - began
            run = _timed(news, work / f"dask{n}.jsonl", client=client)
        run["cluster_start_s"] = round(start, 1)
        runs[f"LocalCluster, {n} worker{'s' if n > 1 else ''}"] = run
        print(f"{n} worker(s): {run['seconds']:.1f} s (start {start:.1f} s)", flush=True)

    runs["one process, again"] = _timed(news, work / "serial2.jsonl")  # the first may pay lazy start-up costs
    reference = runs["one process"]["sha256"]
    print("\n| run | seconds | articles/s | cluster start | same file as one process | load average |")
    print("|---|---|---|---|---|---|")
    for name, run in runs.items():
        same = "—" if name == "one process" else ("yes" if run["sha256"] == reference else "NO")
        print(f"| {name} | {run['seconds']:.1f} | {args.articles / run['seconds']:.0f} | "
              f"{run.get('cluster_start_s', '')} | {same} | {run['load_average'][0]:.1f}–{run['load_average'][1]:.1f} |")
    one, two = runs.get("LocalCluster, 1 worker"), runs.get("LocalCluster, 2 workers")
    speedup = round(one["seconds"] / two["seconds"], 2) if one and two else None
    if speedup:
        print(f"\nspeed-up from 1 to 2 workers: {speedup}×")
    (OUT / "bench_dask_extract.json").write_text(json.dumps({
        "articles": args.articles, "runs": runs, "speedup_1_to_2": speedup,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d")}, indent=2))
    return 0 if all(r["sha256"] == reference for r in runs.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
