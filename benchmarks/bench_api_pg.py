"""API load test: ``veille serve`` over a database of a million events, answering
concurrent clients for a fixed time — requests per second, latency percentiles per
endpoint, errors.

The database is any veille database (``--db``); with PostgreSQL, the schema that
``bench_import_pg.py --keep`` leaves (1,000,000 ACLED-format events). The server runs as
``veille serve`` in its own process (one uvicorn process, as shipped); the clients are
threads of this one, each with its own keep-alive connection, issuing a fixed mix of
anonymous API requests (event pages with and without filters, one event, the timeline,
the alerts board) drawn at random with a fixed seed.
Prints a table; writes benchmarks/out/bench_api_pg.json.

    .venv/bin/python benchmarks/bench_api_pg.py --db "postgresql://…?options=-csearch_path%3Dbench_import,public" \\
        [--clients 8] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np

OUT = Path(__file__).resolve().parent / "out"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mix(event_ids: list[str]) -> list[tuple[str, str, dict]]:
    """(name, path, params) of the requests clients draw from, equally often."""
    return [
        ("events, newest page", "/api/events", {"limit": 50}),
        ("events, country + dates", "/api/events", {"country": "BFA", "from": "2019-01-01", "to": "2019-12-31",
                                                     "limit": 50}),
        ("events, type, page 20", "/api/events", {"type": "Battles", "limit": 50, "offset": 1000}),
        ("events, bbox", "/api/events", {"bbox": "-1.5,11.0,1.0,13.5", "limit": 100}),
        ("one event", "/api/events/{id}", {}),
        ("timeline, one country", "/api/timeline", {"country": "MLI"}),
        ("alerts board", "/api/alerts", {}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    from veille.store import Store

    with Store(args.db) as store:
        events = store.count_events()
        sample = store._con.execute("SELECT event_id FROM events ORDER BY event_id LIMIT 2000").fetchall()
        backend = store.backend
    event_ids = [r[0] for r in sample]
    port = free_port()
    veille = str(Path(sys.executable).with_name("veille"))
    server = subprocess.Popen([veille, "--db", args.db, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(base + "/api/me", timeout=5)
            break
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the server did not start: {server.stderr.read()[-2000:]}")
            time.sleep(0.3)
    requests = mix(event_ids)
    latencies: dict[str, list[float]] = {name: [] for name, _, _ in requests}
    statuses: dict[str, dict[int, int]] = {name: {} for name, _, _ in requests}
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def client(number: int) -> None:
        rng = random.Random(args.seed * 1000 + number)
        with httpx.Client(base_url=base, timeout=120) as http:
            while time.monotonic() < stop:
                name, path, params = rng.choice(requests)
                if "{id}" in path:
                    path = path.replace("{id}", rng.choice(event_ids))
                began = time.perf_counter()
                try:
                    response = http.get(path, params=params)
                    code = response.status_code
                except httpx.HTTPError as exc:
                    code = -1
                    with lock:
                        failures.append(f"{name}: {type(exc).__name__}")
                elapsed = time.perf_counter() - began
                with lock:
                    latencies[name].append(elapsed)
                    statuses[name][code] = statuses[name].get(code, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    server.terminate()
    server.wait(timeout=30)
    total = sum(len(v) for v in latencies.values())
    ok = sum(n for s in statuses.values() for code, n in s.items() if code == 200)
    results = {}
    print(f"{backend}, {events:,} events; {args.clients} clients for {wall:.0f} s: {total:,} requests, "
          f"{total / wall:.1f}/s, {total - ok} not 200")
    print(f"{'':28}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for name, values in latencies.items():
        if not values:
            continue
        ms = np.asarray(values) * 1000
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        results[name] = {"n": len(values), "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "p99_ms": round(p99, 1),
                         "statuses": {str(k): v for k, v in statuses[name].items()}}
        print(f"{name:28}{len(values):>7,}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}  {statuses[name]}")
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d"), "backend": backend, "events": events, "clients": args.clients,
              "seconds": round(wall, 1), "requests": total, "requests_per_s": round(total / wall, 1),
              "not_200": total - ok, "failures": failures[:20], "endpoints": results,
              "command": " ".join(["benchmarks/bench_api_pg.py", "--db", "URL", *sys.argv[3:]])}
    (OUT / "bench_api_pg.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {OUT / 'bench_api_pg.json'}")
    return 0 if total and ok == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
