"""How often does assign_places' admin-1 agree with the source coders' admin-1?

Reads ACLED (BFA, MLI, NER; HDX copies) and UCDP (GED Nigeria, Candidate 26.0.1 and the
GED 23.1 sample, West Africa only) from ../shared/data and places each event from its
coordinates as the importers do, with the source's country as hint (assign_places'
country_hint). Two figures:

- strict: the source's admin-1 name, mapped to our P-code by match_admin1, is the unit
  found from the coordinates;
- with boundary vintages: also counted are names that are right on an earlier or later
  map recorded in data/geo/boundary_changes.csv ("Gao" for a point in Ménaka, carved
  out of Gao in 2016; "Yaadga" for a point in Burkina Faso's Nord, so renamed in 2025),
  listed apart as vintage agreements.

The same figures without the country hint are given for comparison. Every remaining
disagreement is classified. Prints a summary and writes benchmarks/out/geo_agreement.json.

    .venv/bin/python benchmarks/geo_agreement.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd
import shapely

from veille.geo import (
    DEFAULT_BORDER_TOLERANCE_KM,
    WEST_AFRICA,
    admin_units,
    assign_places,
    match_admin1,
    vintage_match,
)

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


def classify(row) -> str:
    """Why a source's admin-1 disagrees with ours (strictly and on every recorded vintage)."""
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


def compare(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Per event: strict agreement, vintage agreement (and by which recorded change), and
    for the rest the kind of disagreement."""
    out = events.copy()
    out["admin1_found"] = places["admin1"].astype(object).to_numpy()
    out["pcode_found"] = places["admin1_pcode"].astype(object).to_numpy()
    out["country_found"] = places["country_iso3"].astype(object).to_numpy()
    out["geo_match"] = places["geo_match"].astype(object).to_numpy()
    out["snap_km"] = places["snap_km"].to_numpy()
    named = out["admin1_raw"].map(lambda n: isinstance(n, str) and n.strip() != "")
    out["named"] = named
    strict = [match_admin1(c, n) if ok else None
              for c, n, ok in zip(out["country_iso3"], out["admin1_raw"], named, strict=False)]
    out["strict"] = named & (pd.Series(strict, index=out.index, dtype=object) == out["pcode_found"])
    changes = [vintage_match(c, n, p) if ok and not agree else None
               for c, n, p, ok, agree in zip(out["country_iso3"], out["admin1_raw"], out["pcode_found"],
                                             named, out["strict"], strict=False)]
    out["vintage"] = [c is not None for c in changes]
    out["vintage_change"] = [f"{c.country_iso3}: {c.other_name} ({c.other_vintage}, {c.relation}) ~ "
                             f"{c.our_name} {c.pcode}, {c.date}" if c else None for c in changes]
    # For the remaining disagreements: the unit the source meant, on any recorded vintage.
    out["source_pcode"] = [match_admin1(c, n, vintages=True) if ok else None
                           for c, n, ok in zip(out["country_iso3"], out["admin1_raw"], named, strict=False)]
    bad = out[named & ~out["strict"] & ~out["vintage"]]
    units = admin_units(level=1).set_index("pcode")
    distances = []
    for pcode, lat, lon in zip(bad["pcode_found"], bad["latitude"], bad["longitude"], strict=False):
        if pcode is None or pd.isna(pcode):
            distances.append(float("nan"))
            continue
        distances.append(shapely.distance(units.geometry[pcode].boundary, shapely.Point(lon, lat)) * 111.0)
    out["border_unit_km"] = float("nan")
    out.loc[bad.index, "border_unit_km"] = distances
    out["kind"] = None
    out.loc[bad.index, "kind"] = [classify(r) for r in out.loc[bad.index].itertuples()]
    out.loc[~named, "kind"] = "no admin-1 name in source"
    return out


def figures(compared: pd.DataFrame) -> dict:
    named = compared[compared["named"]]
    agree_v = named["strict"] | named["vintage"]
    by = named.assign(agree_v=agree_v).groupby("dataset").agg(
        events=("strict", "size"), strict=("strict", "sum"), vintage=("vintage", "sum"), agree_v=("agree_v", "sum"))
    return {
        "events_with_source_admin1": int(len(named)),
        "strict_agree": int(named["strict"].sum()),
        "vintage_agree": int(named["vintage"].sum()),
        "agreement_pct_strict": round(100 * named["strict"].mean(), 2),
        "agreement_pct_with_vintages": round(100 * agree_v.mean(), 2),
        "by_dataset": {k: {"events": int(r.events), "strict_agree": int(r.strict), "vintage_agree": int(r.vintage),
                           "agreement_pct_strict": round(100 * r.strict / r.events, 2),
                           "agreement_pct_with_vintages": round(100 * r.agree_v / r.events, 2)}
                       for k, r in by.iterrows()},
        "disagreements_by_kind": compared.loc[compared["kind"].notna(), "kind"].value_counts().to_dict(),
    }


def main(shared: Path) -> dict:
    events = load_events(shared)
    lat, lon = events["latitude"].to_numpy(), events["longitude"].to_numpy()
    started = time.perf_counter()
    # As the importers do (veille.sources.enrich.enrich_places): the source's country is the hint.
    places = assign_places(lat, lon, country_hint=events["country_iso3"].to_numpy())
    elapsed = time.perf_counter() - started
    plain = assign_places(lat, lon)
    compared = compare(events, places)
    without_hint = compare(events, plain)

    moved = places["country_iso3"].astype(object).fillna("").to_numpy() != \
        plain["country_iso3"].astype(object).fillna("").to_numpy()
    vintage = compared[compared["vintage"]]
    bad = compared[compared["kind"].notna() & (compared["kind"] != "no admin-1 name in source")]
    pairs = (bad.groupby(["dataset", "country_iso3", "admin1_raw", "admin1_found", "kind"], dropna=False)
             .size().sort_values(ascending=False))
    result = {
        "events": int(len(events)),
        "country_hint": "the source's country (as veille.sources.enrich.enrich_places does), "
                        f"trusted within {DEFAULT_BORDER_TOLERANCE_KM} km",
        **figures(compared),
        "without_country_hint": figures(without_hint),
        "moved_by_country_hint": int(moved.sum()),
        "seconds_assign": round(elapsed, 3),
        "geo_match": compared["geo_match"].value_counts().to_dict(),
        "vintage_agreements": [
            {"dataset": d, "source_admin1": s, "our_admin1": o, "change": c, "events": int(n)}
            for (d, s, o, c), n in vintage.groupby(["dataset", "admin1_raw", "admin1_found", "vintage_change"])
            .size().sort_values(ascending=False).items()],
        "disagreements": [
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
    print(json.dumps({k: v for k, v in result.items() if k not in ("disagreements", "vintage_agreements")},
                     indent=2, default=str))
    print("vintage agreements:")
    for row in result["vintage_agreements"]:
        print(" ", row)
    print("disagreements (largest groups):")
    for row in result["disagreements"][:30]:
        print(" ", row)
    print(f"wrote {out}")
