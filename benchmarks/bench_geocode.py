"""assign_places against geopandas.sjoin on the same 1,000,000 points.

Points: 800,000 uniformly random in the West Africa bounding box (seed 20240601) and
200,000 real event coordinates (ACLED and UCDP, from ../shared/data when present)
resampled with replacement. assign_places does everything (admin 1-3, snapping,
PRIO-GRID, border distance); sjoin does admin-1 only, the least it can be compared on.
Each runs in a fresh process so that peak memory (ru_maxrss) is its own. Prints and
writes benchmarks/out/bench_geocode.json.

    .venv/bin/python benchmarks/bench_geocode.py [N]
"""

from __future__ import annotations

import json
import multiprocessing as mp
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
BBOX = (-25.5, 2.0, 16.5, 27.5)  # lon min, lat min, lon max, lat max
SEED = 20240601


def make_points(n: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(SEED)
    real = []
    for path in sorted((SHARED / "acled").glob("*.csv")):
        frame = pd.read_csv(path, skiprows=[1], usecols=["latitude", "longitude"])
        real.append(frame)
    nigeria = SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv"
    if nigeria.exists():
        real.append(pd.read_csv(nigeria, skiprows=[1], usecols=["latitude", "longitude"]))
    n_real = n // 5 if real else 0
    lon = rng.uniform(BBOX[0], BBOX[2], n - n_real)
    lat = rng.uniform(BBOX[1], BBOX[3], n - n_real)
    if n_real:
        coords = pd.concat(real).dropna().to_numpy(dtype=float)
        pick = rng.integers(0, len(coords), n_real)
        lat = np.concatenate([lat, coords[pick, 0]])
        lon = np.concatenate([lon, coords[pick, 1]])
    return lat, lon, n_real


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_assign(n: int, queue) -> None:
    from veille.geo import admin_units, assign_places

    lat, lon, _ = make_points(n)
    started = time.perf_counter()
    admin_units()
    assign_places(lat[:10], lon[:10])  # load boundaries and build indexes
    warm = time.perf_counter() - started
    base = _peak_mb()
    started = time.perf_counter()
    places = assign_places(lat, lon)
    seconds = time.perf_counter() - started
    queue.put({"seconds": round(seconds, 3), "load_seconds": round(warm, 3),
               "peak_rss_mb": round(_peak_mb(), 1), "rss_before_mb": round(base, 1),
               "geo_match": places["geo_match"].value_counts().to_dict(),
               "admin1": places["admin1_pcode"].astype(object).to_numpy().tolist()})


def run_sjoin(n: int, queue) -> None:
    import geopandas as gpd

    from veille.geo import admin_units

    lat, lon, _ = make_points(n)
    units = admin_units(level=1)[["pcode", "geometry"]]
    base = _peak_mb()
    started = time.perf_counter()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    joined = gpd.sjoin(points, units, how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    seconds = time.perf_counter() - started
    queue.put({"seconds": round(seconds, 3), "peak_rss_mb": round(_peak_mb(), 1),
               "rss_before_mb": round(base, 1),
               "admin1": joined["pcode"].astype(object).where(joined["pcode"].notna(), None).tolist()})


def _in_process(target, n: int) -> dict:
    queue = mp.get_context("fork").Queue()
    process = mp.get_context("fork").Process(target=target, args=(n, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(n: int) -> dict:
    ours = _in_process(run_assign, n)
    theirs = _in_process(run_sjoin, n)
    a, b = np.array(ours.pop("admin1"), dtype=object), np.array(theirs.pop("admin1"), dtype=object)
    both = np.array([x is not None and y is not None for x, y in zip(a, b, strict=False)])
    _, _, n_real = make_points(n)
    return {
        "points": n, "random_points": n - n_real, "real_event_points": n_real, "seed": SEED,
        "machine": {"cpus": mp.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "assign_places": ours,
        "sjoin_admin1": theirs,
        "time_ratio_assign_over_sjoin": round(ours["seconds"] / theirs["seconds"], 2),
        "admin1_same_where_both_inside": round(float((a[both] == b[both]).mean()), 5),
        "note": "assign_places computes admin 1-3, snapping, PRIO-GRID and border distance; "
                "sjoin computes admin-1 only",
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    result = main(count)
    out = ROOT / "benchmarks" / "out" / "bench_geocode.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    print(f"wrote {out}")
