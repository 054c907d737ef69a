"""Time to build a regional brief (the coastal states and the central Sahel) and to
render it as HTML and PDF, from the bundled data and, when present, with the shared
ACLED files. Run: .venv/bin/python benchmarks/bench_brief.py
Writes benchmarks/out/bench_brief.json.
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from veille import settings
from veille.model import Month
from veille.reports.brief import build_brief, latest_month
from veille.sources.ingest import ingest
from veille.sources.reference import refresh_reference
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out" / "bench_brief.json"


def load(store: Store, with_acled: bool) -> None:
    data = settings.data_dir() / "ucdp"
    ingest(store, "ucdp", sorted(data.glob("ucdp_ged_*.csv")))
    ingest(store, "ucdp_candidate", sorted(data.glob("ucdp_candidate_*.csv")))
    if with_acled:
        ingest(store, "acled", sorted(ACLED.glob("*.csv")))
    refresh_reference(store)


def measure(label: str, with_acled: bool, month: Month | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        load(store, with_acled)
        month = month or latest_month(store)
        started = time.perf_counter()
        brief = build_brief(store, (), month, "en", region="front", samples=200)
        built = time.perf_counter() - started
        started = time.perf_counter()
        html = brief.to_html()
        as_html = time.perf_counter() - started
        started = time.perf_counter()
        pdf = brief.to_pdf()
        as_pdf = time.perf_counter() - started
    row = {"data": label, "month": str(month), "countries": list(brief.countries), "figures": len(brief.figures),
           "build_s": round(built, 2), "html_s": round(as_html, 3), "pdf_s": round(as_pdf, 2),
           "html_bytes": len(html), "pdf_bytes": len(pdf), "pdf_pages": brief.pdf_pages}
    print(f"{label:28} {row['month']}  build {built:6.2f} s  html {as_html:5.3f} s  pdf {as_pdf:5.2f} s  "
          f"{row['figures']} figures, {row['pdf_pages']} pages")
    return row


def main() -> None:
    rows = [measure("bundled (UCDP)", False, None)]
    if any(ACLED.glob("*.csv")):
        rows.append(measure("bundled + shared ACLED", True, Month(2020, 6)))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                                           "processor": platform.machine()}, "results": rows}, indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
