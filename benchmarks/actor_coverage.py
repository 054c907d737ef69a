"""How many raw actor names in the shared UCDP and ACLED files resolve to a canonical actor.

Reads ../shared/data/ucdp/*.csv (side_a, side_b) and ../shared/data/acled/*.csv (actor1,
actor2, assoc_actor_1, assoc_actor_2; ";"-separated lists split), counts each name's
occurrences across all files, resolves each (name, event country) and reports the share of
distinct names and of occurrences resolved, overall and for names seen 5 times or more.
ACLED is skipped when absent. Prints a summary and writes benchmarks/out/actor_coverage.json.

    .venv/bin/python benchmarks/actor_coverage.py [--data DIR] [--min-count 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

from veille.actors import resolve_many, split_names

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("VEILLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
UCDP_FIELDS = ("side_a", "side_b")
ACLED_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    first = frame.iloc[0] if len(frame) else None
    if first is not None and first.astype(str).str.startswith("#").any():
        frame = frame.iloc[1:]  # HDX copies: row 2 is an HXL tag row
    return frame


def collect_names(data_dir: Path = DEFAULT_DATA) -> pd.DataFrame:
    """One row per actor-name occurrence: source, file, field, name, country."""
    parts = []
    for source, folder, fields in (("ucdp", "ucdp", UCDP_FIELDS), ("acled", "acled", ACLED_FIELDS)):
        for path in sorted((data_dir / folder).glob("*.csv")):
            frame = _read(path)
            if not set(fields) <= set(frame.columns):
                continue  # e.g. UCDP's battle-deaths panel: no actor columns
            for field in fields:
                names = split_names(frame[field]) if source == "acled" else frame[field].dropna().str.strip()
                names = names[names != ""]
                parts.append(pd.DataFrame({
                    "source": source, "file": path.name, "field": field, "name": names.to_numpy(),
                    "country": frame["country"].loc[names.index].to_numpy(),
                }))
    return pd.concat(parts, ignore_index=True)


def coverage(occurrences: pd.DataFrame, min_count: int = 5) -> dict:
    resolved = resolve_many(occurrences["name"], occurrences["country"])
    occurrences = occurrences.assign(ok=resolved["actor_id"].notna().to_numpy(),
                                     method=resolved["method"].to_numpy())
    per_name = occurrences.groupby("name").agg(count=("ok", "size"), ok=("ok", "all"))
    frequent = per_name[per_name["count"] >= min_count]
    missing = per_name[~per_name["ok"]].sort_values("count", ascending=False)
    return {
        "names": int(len(per_name)),
        "names_resolved_share": round(float(per_name["ok"].mean()), 4),
        "occurrences": int(len(occurrences)),
        "occurrences_resolved_share": round(float(occurrences["ok"].mean()), 4),
        f"names_with_count_ge_{min_count}": int(len(frequent)),
        f"names_with_count_ge_{min_count}_resolved_share": round(float(frequent["ok"].mean()), 4) if len(frequent) else None,
        "by_method_occurrences": {k: int(v) for k, v in occurrences["method"].value_counts().items()},
        "by_source": {
            source: {"names": int(g["name"].nunique()),
                     "occurrences_resolved_share": round(float(g["ok"].mean()), 4)}
            for source, g in occurrences.groupby("source")
        },
        "unresolved_top": [{"name": n, "count": int(c)} for n, c in missing["count"].head(25).items()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "out" / "actor_coverage.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    occurrences = collect_names(args.data)
    result = coverage(occurrences, args.min_count)
    result["acled_present"] = bool((occurrences["source"] == "acled").any())
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["machine"] = f"{platform.machine()} {platform.system()} python {platform.python_version()}"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    key = f"names_with_count_ge_{args.min_count}"
    print(f"distinct names: {result['names']}, resolved {result['names_resolved_share']:.1%}")
    print(f"occurrences: {result['occurrences']}, resolved {result['occurrences_resolved_share']:.1%}")
    print(f"names seen >= {args.min_count} times: {result[key]}, resolved {result[key + '_resolved_share']:.1%}")
    print(f"by method (occurrences): {result['by_method_occurrences']}")
    for row in result["unresolved_top"][:10]:
        print(f"  unresolved  {row['count']:>5}  {row['name']}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
