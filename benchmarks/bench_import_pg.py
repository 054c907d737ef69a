"""Import throughput on PostgreSQL next to DuckDB: the same ACLED-format file of N rows
(as bench_import.py builds it) imported by ``veille ingest`` into a DuckDB file and into
an empty PostgreSQL schema, and PostgreSQL's bare ``COPY`` of the file into a table of
text columns as the floor. Each in its own process, in the same run.

The server should keep PostgreSQL's durable defaults (``VEILLE_PG_DURABLE=1
.ci/postgres`` starts one); its URL comes from --pg or VEILLE_BENCH_PG. With --keep the
PostgreSQL schema ``bench_import`` stays, holding the events for bench_api_pg.py.
Prints a table; writes benchmarks/out/bench_import_pg.json.

    VEILLE_BENCH_PG=postgresql://postgres@127.0.0.1:55433/veille_test \\
        .venv/bin/python benchmarks/bench_import_pg.py [--rows 1000000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from bench_import import build_file  # noqa: E402

SCHEMA = "bench_import"

BARE = """
import sys, time, csv, resource, psycopg
url, path = sys.argv[1], sys.argv[2]
with open(path, newline="", encoding="utf-8") as handle:
    header = next(csv.reader(handle))
with psycopg.connect(url, autocommit=True) as con:
    con.execute("DROP TABLE IF EXISTS bench_bare")
    con.execute("CREATE TABLE bench_bare (" + ", ".join(f'"c{i}" TEXT' for i in range(len(header))) + ")")
    t = time.perf_counter()
    with con.cursor() as cur, open(path, "rb") as handle:
        with cur.copy("COPY bench_bare FROM STDIN (FORMAT csv, HEADER true)") as copy:
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(block)
    elapsed = time.perf_counter() - t
    n = con.execute("SELECT count(*) FROM bench_bare").fetchone()[0]
    con.execute("DROP TABLE bench_bare")
print(n, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""

VEILLE = """
import sys, time, resource
from veille.store import Store
from veille.sources.ingest import ingest
store = Store(sys.argv[2])
t = time.perf_counter()
[report] = ingest(store, "acled", [sys.argv[1]])
elapsed = time.perf_counter() - t
assert report.balanced, report.counts()
print(report.read, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, report.inserted)
"""


def run(script: str, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return result.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("VEILLE_BENCH_PG"), help="PostgreSQL server URL")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema with the events")
    args = parser.parse_args()
    if not args.pg:
        sys.exit("give the PostgreSQL server with --pg or VEILLE_BENCH_PG (VEILLE_PG_DURABLE=1 .ci/postgres)")
    import psycopg

    from veille.store.postgres import with_schema

    OUT.mkdir(exist_ok=True)
    data = OUT / f"acled_{args.rows}.csv"
    if not data.exists():
        print(f"building {data} ({args.rows:,} rows)…", flush=True)
        build_file(data, args.rows)
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        admin.execute(f"CREATE SCHEMA {SCHEMA}")
        settings = dict(admin.execute("SELECT name, setting FROM pg_settings WHERE name IN "
                                      "('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', "
                                      "'server_version')").fetchall())
    duck = OUT / "bench_pg_side.duckdb"
    duck.unlink(missing_ok=True)
    rows = {}
    n, seconds, rss = run(BARE, args.pg, str(data))
    rows["PostgreSQL COPY into a bare text table"] = (int(n), float(seconds), int(rss))
    n, seconds, rss, _ = run(VEILLE, str(data), str(duck))
    rows["veille ingest acled → DuckDB"] = (int(n), float(seconds), int(rss))
    n, seconds, rss, _ = run(VEILLE, str(data), with_schema(args.pg, SCHEMA))
    rows["veille ingest acled → PostgreSQL"] = (int(n), float(seconds), int(rss))
    duck.unlink(missing_ok=True)
    if not args.keep:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    print(f"{'':40}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}")
    results = {}
    for name, (n, seconds, rss) in rows.items():
        print(f"{name:40}{seconds:>9.1f}{n / seconds:>10,.0f}{rss / 1e6:>9,.0f}")
        results[name] = {"rows": n, "seconds": round(seconds, 2), "rows_per_s": round(n / seconds),
                         "peak_rss_mb": round(rss / 1e6)}
    pg = results["veille ingest acled → PostgreSQL"]["seconds"]
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d"), "rows": args.rows, "file_mb": round(data.stat().st_size / 1e6, 1),
              "server": settings, "results": results,
              "postgres_vs_duckdb": round(pg / results["veille ingest acled → DuckDB"]["seconds"], 2),
              "postgres_vs_bare_copy": round(pg / results["PostgreSQL COPY into a bare text table"]["seconds"], 2),
              "command": " ".join(["benchmarks/bench_import_pg.py", *sys.argv[1:]])}
    print(f"PostgreSQL / DuckDB: {report['postgres_vs_duckdb']}×; PostgreSQL / bare COPY: "
          f"{report['postgres_vs_bare_copy']}×")
    (OUT / "bench_import_pg.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
