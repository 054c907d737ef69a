"""Import throughput: veille's full ACLED import against DuckDB's bare read_csv.

Builds an ACLED-format file of N rows (default 1,000,000) by replicating the real rows
of ../shared/data/acled with fresh ids, then in one run measures, each in its own
process: DuckDB ``read_csv`` of the file into a bare table, and ``veille ingest acled``
(sniffing, validation, taxonomy, geography, actors, provenance, merge) into a new
database. Prints a table and writes benchmarks/out/bench_import.json.

    python benchmarks/bench_import.py [--rows N] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ACLED = HERE.parents[1] / "shared" / "data" / "acled"

BARE = """
import duckdb, sys, time, resource
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
t = time.perf_counter()
con.execute("CREATE TABLE bare AS SELECT * FROM read_csv(?, header=true, skip=0, all_varchar=false)", [sys.argv[1]])
n = con.execute("SELECT count(*) FROM bare").fetchone()[0]
u = resource.getrusage(resource.RUSAGE_SELF)
print(n, time.perf_counter() - t, u.ru_maxrss * 1024, u.ru_utime + u.ru_stime)
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
u = resource.getrusage(resource.RUSAGE_SELF)
print(report.read, elapsed, u.ru_maxrss * 1024, report.inserted, report.quarantined, u.ru_utime + u.ru_stime)
"""


def build_file(path: Path, rows: int) -> int:
    """ACLED rows replicated with fresh event ids (the HXL row dropped, as a plain export)."""
    sources = sorted(ACLED.glob("*.csv"))
    if not sources:
        sys.exit("ACLED files are not in ../shared/data/acled; this benchmark needs them")
    header, records = None, []
    for source in sources:
        with open(source, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            next(reader)  # HXL tags
            records.extend(reader)
    id_col = header.index("event_id_cnty")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            record = list(records[i % len(records)])
            record[id_col] = f"{record[id_col][:3]}B{i:07d}"
            writer.writerow(record)
    return rows


def run(script: str, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    return result.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file and databases")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"acled_{args.rows}.csv"
    if not data.exists():
        print(f"building {data} ({args.rows:,} rows)…", flush=True)
        build_file(data, args.rows)
    size = data.stat().st_size
    for db in (OUT / "bare.duckdb", OUT / "veille.duckdb"):
        db.unlink(missing_ok=True)
    load_before = os.getloadavg()
    bare_rows, bare_s, bare_rss, bare_cpu = run(BARE, str(data), str(OUT / "bare.duckdb"))
    rows, veille_s, veille_rss, inserted, quarantined, veille_cpu = run(VEILLE, str(data), str(OUT / "veille.duckdb"))
    load_after = os.getloadavg()
    result = {
        "rows": int(rows), "file_mb": round(size / 1e6, 1),
        "duckdb_read_csv_s": round(float(bare_s), 2), "duckdb_rows_per_s": round(int(bare_rows) / float(bare_s)),
        "duckdb_peak_rss_mb": round(int(bare_rss) / 1e6),
        "veille_ingest_s": round(float(veille_s), 2), "veille_rows_per_s": round(int(rows) / float(veille_s)),
        "veille_peak_rss_mb": round(int(veille_rss) / 1e6),
        "ratio": round(float(veille_s) / float(bare_s), 2),
        # CPU seconds (user + system, whole process) vary less than wall time when the
        # machine is shared; DuckDB's read_csv uses every core, veille's import mostly one.
        "duckdb_cpu_s": round(float(bare_cpu), 2), "veille_cpu_s": round(float(veille_cpu), 2),
        "load_average_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        "inserted": int(inserted), "quarantined": int(quarantined),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    print(f"{'':24}{'seconds':>10}{'rows/s':>12}{'peak MB':>10}")
    print(f"{'DuckDB read_csv (bare)':24}{result['duckdb_read_csv_s']:>10}{result['duckdb_rows_per_s']:>12,}"
          f"{result['duckdb_peak_rss_mb']:>10,}")
    print(f"{'veille ingest acled':24}{result['veille_ingest_s']:>10}{result['veille_rows_per_s']:>12,}"
          f"{result['veille_peak_rss_mb']:>10,}")
    print(f"ratio {result['ratio']}×   ({result['rows']:,} rows, {result['file_mb']} MB)")
    print(f"CPU seconds: DuckDB {result['duckdb_cpu_s']}, veille {result['veille_cpu_s']}; "
          f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    (OUT / "bench_import.json").write_text(json.dumps(result, indent=2) + "\n")
    if not args.keep:
        for path in (data, OUT / "bare.duckdb", OUT / "veille.duckdb"):
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
