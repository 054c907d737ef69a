"""Fuzz every importer: how many damaged files each one met, refused, imported, and
how many broke a promise (crashes).

The cases and the oracle are those of the test suite (tests/sources/fuzzing.py): real
records of each source, damaged record by record or byte by byte; every import must
refuse the file with a veille error and write nothing, or account for every record.
Here hypothesis draws many more of them, at random, and a crash is recorded instead of
stopping the run. Prints a table; writes benchmarks/out/fuzz_importers.json.

    .venv/bin/python benchmarks/fuzz_importers.py [--examples 500] [--seed 0] [--only gdelt2] [--db URL]
"""

from __future__ import annotations

import argparse
import collections
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from tests.sources.fuzzing import Crash, cases, check_import, seeds  # noqa: E402

from veille.store import Store  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def fuzz(name, source_seed, examples: int, random_seed: int, folder: Path, db: str) -> dict:
    store = Store(db)
    tally: collections.Counter = collections.Counter()
    crashes: list[dict] = []

    @seed(random_seed)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases(source_seed))
    def run(case):
        data, written, what = case
        tally["cases"] += 1
        try:
            tally[check_import(store, source_seed, data, written, folder / f"{name}.csv")] += 1
        except Crash as crash:
            tally["crashes"] += 1
            if len(crashes) < 20:
                crashes.append({"what": what, "bytes": len(data), "crash": str(crash)[:500],
                                "head": data[:300].decode("utf-8", "replace")})

    began = time.perf_counter()
    try:
        run()
    finally:
        store.close()
    return {"cases": tally["cases"], "refused": tally["refused"], "imported": tally["imported"],
            "crashes": tally["crashes"], "seconds": round(time.perf_counter() - began, 1), "first_crashes": crashes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="cases per importer")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="append", default=[], help="only this seed (repeatable)")
    parser.add_argument("--db", default=":memory:",
                        help="database to import into (an empty PostgreSQL URL fuzzes that backend)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    available = seeds()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, source_seed in available.items():
            if args.only and name not in args.only:
                continue
            results[name] = fuzz(name, source_seed, args.examples, args.seed, Path(folder), args.db)
            r = results[name]
            print(f"{name:15} {r['cases']:6,} cases  {r['refused']:6,} refused  {r['imported']:6,} imported  "
                  f"{r['crashes']:4,} crashes  {r['seconds']:7.1f} s", flush=True)
            for crash in r["first_crashes"][:3]:
                print(f"    crash: {crash['crash'][:200]}  ({crash['what'][:100]})")
    report = {"machine": {"platform": platform.platform(), "python": platform.python_version()},
              "command": " ".join(["benchmarks/fuzz_importers.py", *sys.argv[1:]]),
              "acled": "acled" in available, "backend": "postgresql" if "://" in args.db else "duckdb",
              "results": results,
              "total": {k: sum(r[k] for r in results.values()) for k in ("cases", "refused", "imported", "crashes")}}
    (OUT / "fuzz_importers.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"total: {report['total']}; wrote {OUT / 'fuzz_importers.json'}")
    return 1 if report["total"]["crashes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
