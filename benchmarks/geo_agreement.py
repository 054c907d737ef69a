"""How often does assign_places' admin-1 agree with the source coders' admin-1?

Reads ACLED (BFA, MLI, NER; HDX copies) and UCDP (GED Nigeria, Candidate 26.0.1 and the
GED 23.1 sample, West Africa only) from ../shared/data, maps each event's admin-1 name
to our P-code with match_admin1, and compares with the P-code found from its
coordinates. Prints a summary and writes benchmarks/out/geo_agreement.json.

    .venv/bin/python benchmarks/geo_agreement.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd
import shapely

from veille.geo import WEST_AFRICA, admin_units, assign_places, match_admin1
from veille.geo.names import name_key

ROOT = Path(__file__).resolve().parents[1]
UCDP_COUNTRIES = {"Nigeria": "NGA", "Burkina Faso": "BFA", "Mali": "MLI", "Niger": "NER",
                  "Ghana": "GHA", "Togo": "TGO", "Benin": "BEN", "Ivory Coast": "CIV",
                  "Senegal": "SEN", "Guinea": "GIN", "Sierra Leone": "SLE", "Liberia": "LBR",
                  "Mauritania": "MRT", "Gambia": "GMB", "Guinea-Bissau": "GNB", "Cape Verde": "CPV"}


def load_events(shared: Path) -> pd.DataFrame:
    frames = []
    for path in sorted((shared / "acled").glob("*.csv")):
        acled = pd.read_csv(path, skiprows=[1], low_memory=False)
        frames.append(pd.DataFrame({"dataset": "acled", "id": acled["event_id_cnty"],
                                    "country_iso3": acled["iso3"], "admin1_raw": acled["admin1"],
                                    "latitude": acled["latitude"], "longitude": acled["longitude"]}))
    ucdp = shared / "ucdp"
    for name, kwargs in (("ucdp_ged_nigeria_hdx.csv", {"skiprows": [1], "index_col": 0}),
                         ("ucdp_candidate_26_0_1.csv", {}), ("ucdp_ged_23_1_sample1000.csv", {})):
        path = ucdp / name
        if not path.exists():
            continue
        events = pd.read_csv(path, low_memory=False, **kwargs)
        iso3 = events["country"].map(UCDP_COUNTRIES)
        events = events[iso3.isin(WEST_AFRICA)]
        frames.append(pd.DataFrame({"dataset": name.removesuffix(".csv"), "id": events["id"],
                                    "country_iso3": iso3[iso3.isin(WEST_AFRICA)],
                                    "admin1_raw": events["adm_1"],
                                    "latitude": pd.to_numeric(events["latitude"], errors="coerce"),
                                    "longitude": pd.to_numeric(events["longitude"], errors="coerce")}))
    events = pd.concat(frames, ignore_index=True)
    return events[events["latitude"].notna() & events["longitude"].notna()].reset_index(drop=True)


# Units created after the coders' (or before our) boundaries: Mali's Ménaka region was
# carved out of Gao in 2016 (ACLED's older events keep "Gao"); Burkina Faso's 2025
# reform replaced the 13 regions by 17 (UCDP Candidate 2025-26 uses the new names).
BOUNDARY_CHANGES = {("MLI", "Gao", "Menaka")}
BFA_2025_REGIONS = {"bankui", "djoro", "goulmou", "guiriko", "kadiogo", "kuilse", "liptako",
                    "nakambe", "nando", "nazinon", "oubri", "sirba", "soum", "sourou",
                    "tannounyan", "tapoa", "yaadga"}


def classify(row) -> str:
    if pd.isna(row.admin1_raw) or str(row.admin1_raw).strip() == "":
        return "no admin-1 name in source"
    if (row.country_iso3, row.admin1_raw, row.admin1_found) in BOUNDARY_CHANGES:
        return "boundary change (Mali: Ménaka split from Gao, 2016)"
    if row.country_iso3 == "BFA" and name_key(row.admin1_raw) in BFA_2025_REGIONS:
        return "boundary change (Burkina Faso 2025 regions)"
    if pd.isna(row.source_pcode):
        return "source name not matched"
    if row.geo_match == "outside":
        return "outside boundaries"
    if row.country_found != row.country_iso3:
        return "other country (border point)"
    if row.geo_match == "snapped":
        return "snapped"
    if row.border_unit_km < 5:
        return "near an admin-1 boundary (< 5 km)"
    return "inside another unit (> 5 km from boundary)"


def main(shared: Path) -> dict:
    events = load_events(shared)
    started = time.perf_counter()
    places = assign_places(events["latitude"].to_numpy(), events["longitude"].to_numpy())
    elapsed = time.perf_counter() - started
    events["admin1_found"] = places["admin1"].astype(object).to_numpy()
    events["pcode_found"] = places["admin1_pcode"].astype(object).to_numpy()
    events["country_found"] = places["country_iso3"].astype(object).to_numpy()
    events["geo_match"] = places["geo_match"].astype(object).to_numpy()
    events["source_pcode"] = [match_admin1(c, n) if isinstance(n, str) else None
                              for c, n in zip(events["country_iso3"], events["admin1_raw"], strict=False)]
    events["agree"] = events["source_pcode"].notna() & (events["source_pcode"] == events["pcode_found"])
    # Distance to the boundary of the unit found, for the disagreements only.
    units = admin_units(level=1).set_index("pcode")
    bad = events[~events["agree"]]
    distances = []
    for pcode, lat, lon in zip(bad["pcode_found"], bad["latitude"], bad["longitude"], strict=False):
        if pcode is None:
            distances.append(float("nan"))
            continue
        geom = units.geometry[pcode]
        distances.append(shapely.distance(geom.boundary, shapely.Point(lon, lat)) * 111.0)
    events.loc[bad.index, "border_unit_km"] = distances
    events["kind"] = None
    events.loc[bad.index, "kind"] = [classify(r) for r in events.loc[bad.index].itertuples()]

    by_dataset = events[events["kind"] != "no admin-1 name in source"].groupby("dataset").agg(events=("agree", "size"), agree=("agree", "sum"))
    by_dataset["agreement_pct"] = (100 * by_dataset["agree"] / by_dataset["events"]).round(2)
    bad = events[~events["agree"]]
    pairs = (bad.groupby(["dataset", "country_iso3", "admin1_raw", "admin1_found", "kind"], dropna=False)
             .size().sort_values(ascending=False).head(40))
    named = events[events["kind"] != "no admin-1 name in source"]
    changed = named["kind"].fillna("").str.startswith("boundary change")
    result = {
        "events": int(len(events)),
        "events_with_source_admin1": int(len(named)),
        "agree": int(events["agree"].sum()),
        "agreement_pct": round(100 * named["agree"].mean(), 2),
        "agreement_pct_excluding_boundary_changes": round(100 * named.loc[~changed, "agree"].mean(), 2),
        "seconds_assign": round(elapsed, 3),
        "by_dataset": {k: {c: (float(v) if c == "agreement_pct" else int(v)) for c, v in row.items()}
                       for k, row in by_dataset.iterrows()},
        "geo_match": events["geo_match"].value_counts().to_dict(),
        "disagreements_by_kind": bad["kind"].value_counts().to_dict(),
        "top_disagreements": [
            {"dataset": d, "country_iso3": c, "source_admin1": s, "our_admin1": o, "kind": k, "events": int(n)}
            for (d, c, s, o, k), n in pairs.items()],
    }
    return result


if __name__ == "__main__":
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    if not (shared / "acled").exists() and not (shared / "ucdp").exists():
        sys.exit(f"no event data under {shared}; pass the shared data folder")
    result = main(shared)
    out = ROOT / "benchmarks" / "out" / "geo_agreement.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    print(json.dumps({k: v for k, v in result.items() if k != "top_disagreements"}, indent=2, default=str))
    for row in result["top_disagreements"][:25]:
        print(row)
    print(f"wrote {out}")
