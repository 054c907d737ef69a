"""API latency and load: the main JSON queries over 100,000 stored events, one at a time
and from 50 concurrent clients for 60 seconds, then the same load while an import of
about 50,000 rows runs through the API in the server's process.

The database: the bundled UCDP (GED Nigeria, Candidate) and GDELT files imported by
``veille ingest``, their events replicated under fresh ids up to ``--events`` (the same
places and days, so filters see realistic densities), 5% of them AMBER owned by one
organisation, and the bundled alert rules run. Queries are made as a viewer of another
organisation through an API token, so every one carries the TLP clause. The server is
``veille serve`` in its own process; the load generator is httpx on localhost.

    python benchmarks/bench_api.py [--events 100000] [--clients 50] [--seconds 60]

Prints a table and writes benchmarks/out/bench_api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
DATA = ROOT / "data"
PASSWORD = "benchmark password"

QUERIES = {
    "events, newest page": "/api/events?limit=100",
    "events, country + dates": "/api/events?country=NGA&from=2019-01-01&to=2019-12-31&limit=100",
    "events, bounding box": "/api/events?bbox=-1,10,2,13&limit=100",
    "events, actor": "/api/events?actor=jnim&limit=50",
    "events, words": "/api/events?q=market&limit=50",
    "one event": "/api/events/{event_id}",
    "map points (GeoJSON, 5,000)": "/api/events.geojson?country=NGA&limit=5000",
    "timeline": "/api/timeline?country=NGA",
    "alerts board": "/api/alerts",
    "spillover (cached)": "/api/spillover?country=TGO&country=BEN",
    "boundaries, admin-1": "/api/boundaries/1",
}
# the load's mix: what a room of analysts clicking around the dashboard asks most
MIX = (["events, newest page"] * 4 + ["events, country + dates"] * 3 + ["events, bounding box"] * 2
       + ["one event"] * 3 + ["timeline"] * 2 + ["events, actor", "events, words", "alerts board",
                                                   "map points (GeoJSON, 5,000)", "spillover (cached)"])


def build_database(path: str, events: int) -> dict:
    from veille.alerts import run_alerts
    from veille.sources.ingest import ingest
    from veille.sources.reference import refresh_reference
    from veille.store import Store, access
    from veille.store.search import adopt_derived_alerts

    started = time.perf_counter()
    with Store(path) as store:
        ingest(store, "ucdp", [DATA / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
        ingest(store, "ucdp_candidate", [DATA / "ucdp" / "ucdp_candidate_26_0_1.csv"])
        ingest(store, "gdelt", sorted((DATA / "gdelt").glob("*.csv")))
        refresh_reference(store, admin_units=True)
        base = store.count_events()
        con = store._con
        copies = -(-events // base) - 1
        columns = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
        for k in range(1, copies + 1):
            need = min(base, events - store.count_events())
            if need <= 0:
                break
            chosen = ", ".join(
                f"substr(md5(event_id || '#{k}'), 1, 20)" if c == "event_id" else
                f"source_event_id || '#{k}'" if c == "source_event_id" else c for c in columns)
            con.execute(f"INSERT INTO events SELECT {chosen} FROM events WHERE source_event_id NOT LIKE '%#%' "
                        f"ORDER BY event_id LIMIT {need}")
        access.add_org(store, "ewc", "Early-warning centre", receives_reports=True)
        access.add_org(store, "partner", "Partner NGO")
        con.execute("UPDATE events SET tlp = 'AMBER' WHERE hash(event_id) % 20 = 0")
        con.execute("INSERT INTO record_owners SELECT 'event', event_id, 'ewc' FROM events WHERE tlp = 'AMBER'")
        alerts = run_alerts(store)
        adopt_derived_alerts(store)
        viewer = access.add_user(store, "viewer@partner.bench", PASSWORD, "viewer", "partner")
        admin = access.add_user(store, "admin@ewc.bench", PASSWORD, "admin", "ewc")
        _, viewer_token = access.create_token(store, viewer.user_id, "bench")
        _, admin_token = access.create_token(store, admin.user_id, "bench")
        ids = [r[0] for r in con.execute("SELECT event_id FROM events WHERE tlp = 'CLEAR' ORDER BY hash(event_id) "
                                         "LIMIT 2000").fetchall()]
        total = store.count_events()
        amber = con.execute("SELECT count(*) FROM events WHERE tlp = 'AMBER'").fetchall()[0][0]
    return {"events": total, "amber": amber, "alerts": len(alerts), "viewer_token": viewer_token,
            "admin_token": admin_token, "event_ids": ids, "build_seconds": round(time.perf_counter() - started, 1)}


def import_file(path: Path, rows: int) -> int:
    """UCDP Candidate rows replicated under fresh ids: an import the server has not seen."""
    with open(DATA / "ucdp" / "ucdp_candidate_26_0_1.csv", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        records = list(reader)
    key = header.index("id")
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        copy = 0
        while written < rows:
            copy += 1
            for record in records:
                if written >= rows:
                    break
                out = list(record)
                out[key] = f"{9_000_000 + copy * 100_000 + int(record[key]) % 100_000}"
                writer.writerow(out)
                written += 1
    return written


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    command = [sys.executable, "-c", "from veille.cli import main; main()", "--db", db, "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {"n": len(ordered), "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "max_ms": round(1000 * ordered[-1], 1)}


def url_of(name: str, base: str, ids: list[str], rng: random.Random) -> str:
    return base + QUERIES[name].format(event_id=rng.choice(ids))


def sequential(base: str, headers: dict, ids: list[str], repeats: int) -> dict:
    rng = random.Random(1)
    out = {}
    with httpx.Client(headers=headers, timeout=60) as client:
        for name in QUERIES:
            for _ in range(3):  # warm: caches, the first boundaries load
                client.get(url_of(name, base, ids, rng))
            times, statuses = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                response = client.get(url_of(name, base, ids, rng))
                times.append(time.perf_counter() - t)
                statuses.append(response.status_code)
            out[name] = {**percentiles(times), "non_2xx": sum(1 for s in statuses if s >= 300),
                         "bytes": len(response.content)}
    return out


async def load(base: str, headers: dict, ids: list[str], clients: int, seconds: float,
               during=None, think: float = 0.0) -> dict:
    """``clients`` loops for ``seconds``, each waiting ``think`` seconds (±50%) between
    requests (0: as fast as answers come); ``during`` an async callable run beside them,
    returning (start, end) of the window to report separately."""
    latencies: list[tuple[float, float, str]] = []
    errors: dict[str, int] = {}
    end = time.monotonic() + seconds

    async def client_loop(number: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(number)
        while time.monotonic() < end:
            name = rng.choice(MIX)
            t = time.monotonic()
            try:
                response = await client.get(url_of(name, base, ids, rng))
                if response.status_code >= 400:
                    errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            latencies.append((t, time.monotonic() - t, name))
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as client:
        tasks = [asyncio.create_task(client_loop(i, client)) for i in range(clients)]
        window = await during() if during else None
        await asyncio.gather(*tasks)
    result = {"requests": len(latencies), "requests_per_s": round(len(latencies) / seconds, 1),
              "errors": errors, **percentiles([d for _, d, _ in latencies])}
    if window:
        start, stop = window
        # every request whose time overlapped the import's
        result["during_import"] = {**percentiles([d for t, d, _ in latencies if t <= stop and t + d >= start]),
                                   "seconds": round(stop - start, 1)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=100, help="sequential requests per query")
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 1.0],
                        help="seconds a client waits between requests; one load run (and one with an import) each")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="veille-bench-api-"))
    db = str(folder / "bench.duckdb")
    print(f"Building {args.events:,} events in {db} …", flush=True)
    built = build_database(db, args.events)
    print(f"  {built['events']:,} events ({built['amber']:,} AMBER), {built['alerts']:,} alerts, "
          f"{built['build_seconds']} s", flush=True)
    upload = folder / "import.csv"
    import_rows = import_file(upload, args.import_rows)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    viewer = {"Authorization": f"Bearer {built['viewer_token']}"}
    admin = {"Authorization": f"Bearer {built['admin_token']}"}
    try:
        print("Sequential latency …", flush=True)
        single = sequential(base, viewer, built["event_ids"], args.repeats)
        runs = {}
        for think in args.think:
            label = f"think {think:g} s"
            print(f"{args.clients} clients for {args.seconds:.0f} s, {label} …", flush=True)
            steady = asyncio.run(load(base, viewer, built["event_ids"], args.clients, args.seconds, think=think))
            imported: dict = {}

            async def run_import(imported=imported):
                await asyncio.sleep(5)
                async with httpx.AsyncClient(headers=admin, timeout=120) as client:
                    with open(upload, "rb") as handle:
                        started = time.monotonic()
                        response = await client.post(base + "/api/imports", data={"source": "ucdp_candidate"},
                                                     files={"file": ("import.csv", handle, "text/csv")})
                    job = response.json()["job_id"]
                    while True:
                        status = (await client.get(f"{base}/api/imports/{job}")).json()
                        if status["status"] != "running":
                            break
                        await asyncio.sleep(0.5)
                imported.update(status, seconds=round(time.monotonic() - started, 1))
                return started, time.monotonic()

            print(f"{args.clients} clients for {args.seconds:.0f} s, {label}, with an import of "
                  f"{import_rows:,} rows …", flush=True)
            with_import = asyncio.run(load(base, viewer, built["event_ids"], args.clients, args.seconds, run_import,
                                           think=think))
            runs[label] = {"load": steady, "load_with_import": with_import,
                           "import": {k: v for k, v in imported.items()
                                      if k in ("status", "counts", "seconds", "error")}}
            # a second run imports the same file again, which must then change nothing
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    result = {
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "database": {k: v for k, v in built.items() if k not in ("viewer_token", "admin_token", "event_ids")},
        "sequential": single, "runs": runs,
        "settings": {"clients": args.clients, "seconds": args.seconds, "repeats": args.repeats,
                     "import_rows": import_rows, "think": args.think},
    }
    (OUT / "bench_api.json").write_text(json.dumps(result, indent=2))
    print(f"\n{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for name, row in single.items():
        print(f"{name:32} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['bytes']:9,}")
    for label, run in runs.items():
        for name, row in (("load", run["load"]), ("load + import", run["load_with_import"])):
            print(f"{label}, {name}: {row['requests']:,} requests, {row['requests_per_s']}/s, p50 {row['p50_ms']} ms, "
                  f"p95 {row['p95_ms']} ms, errors {row['errors'] or 'none'}")
        if "during_import" in run["load_with_import"]:
            d = run["load_with_import"]["during_import"]
            print(f"  during the import ({d['seconds']} s): p50 {d.get('p50_ms')} ms, p95 {d.get('p95_ms')} ms")
        print(f"  import: {run['import'].get('status')} {run['import'].get('counts')} in {run['import'].get('seconds')} s")
    print(f"wrote {OUT / 'bench_api.json'}")


if __name__ == "__main__":
    main()
