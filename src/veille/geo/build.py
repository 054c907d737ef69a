"""Build ``data/geo/admin_units.parquet`` from the boundary files as published.

The sources each have their own columns (OCHA's ``ADM1_FR``/``ADM1_PCODE``, Benin's
shifted ``ADM3_FR`` for communes, geoBoundaries' ``shapeName``/``shapeISO``, Natural
Earth's ``iso_3166_2``); this module reads them once and writes one table with one
schema, so that loading at run time is a single fast read. Run it again when a source
is updated::

    python -m veille.geo.build /path/to/shared/data/geo [data/geo]

Choices made here (documented in docs/geography.md):

- one admin-1 layer per country: the national boundaries (OCHA COD-AB; geoBoundaries
  for Burkina Faso's 13 regions) where we have them, Natural Earth elsewhere;
- level 0 is Natural Earth's countries for all 16 states, so that international
  borders (and the Sahel front drawn from them) come from one consistent source;
- a national unit gets the names Natural Earth gives the same unit (found by overlap)
  as alternate names: Togo's OCHA "Centrale" is Natural Earth's "Centre";
- Burkina Faso's geoBoundaries provinces carry no code and no parent: they take the
  ISO 3166-2 province code of the Natural Earth province they overlap, and the region
  that contains them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from veille.errors import InputRefused, NotFound

WEST_AFRICA = ("BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB",
               "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TGO")
OCHA_COUNTRIES = ("TGO", "BEN", "MLI", "NER", "CIV")
OCHA = "ocha-cod-ab"
GEOBOUNDARIES = "geoboundaries"
NATURAL_EARTH = "naturalearth"
GAZETTEER_FILE = "gazetteer_cities500_wa8.csv"
# Errors in the published files, corrected here (and listed in data/SOURCES.md).
# Benin's commune Adjara (Ouémé) repeats Banikoara's codes BJ0101/BJ01.
_CODE_FIXES = {("BEN", 2, "Adjara"): ("BJ1001", "BJ10")}
COLUMNS = ["pcode", "country_iso3", "level", "name", "alt_names", "parent_pcode", "source", "geometry"]


def _read(source_dir: Path, name: str) -> gpd.GeoDataFrame:
    path = source_dir / name
    if not path.exists():
        raise NotFound(f"boundary file {path} is missing")
    frame = pyogrio.read_dataframe(path)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def _names(*values) -> list[str]:
    """Distinct non-empty names, '|'-separated lists split, order kept."""
    out: list[str] = []
    for value in values:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            continue
        for part in str(value).split("|"):
            for piece in part.split(","):
                piece = piece.strip()
                if piece and piece not in out:
                    out.append(piece)
    return out


def _frame(rows: dict, geometry, source: str, level: int, country: str) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows, geometry=list(geometry), crs=4326)
    frame["level"] = level
    frame["country_iso3"] = country
    frame["source"] = source
    return frame


def _ocha_level(source_dir: Path, iso3: str, level: int) -> gpd.GeoDataFrame:
    raw = _read(source_dir, f"{iso3}_ADM{level}.gpkg")
    if iso3 == "BEN":  # Benin's file uses other column names, and ADM3_FR for its communes
        name_col, code_col, parent_col = {1: ("adm1_name", "admin1Pcod", None),
                                          2: ("ADM3_FR", "admin2Pcod", "admin1Pcod")}[level]
        alts = [[] for _ in range(len(raw))]
    else:
        name_col, code_col = f"ADM{level}_FR", f"ADM{level}_PCODE"
        parent_col = f"ADM{level - 1}_PCODE" if level > 1 else None
        alt_cols = [c for c in (f"ADM{level}_REF", f"ADM{level}ALT1FR", f"ADM{level}ALT2FR") if c in raw]
        alts = [_names(*row) for row in raw[alt_cols].itertuples(index=False)]
    missing = [c for c in (name_col, code_col, parent_col) if c and c not in raw]
    if missing:
        raise InputRefused(f"{iso3}_ADM{level}.gpkg", f"missing columns {missing}",
                           "OCHA COD-AB columns")
    rows = {
        "pcode": raw[code_col].astype(str).values,
        "name": raw[name_col].astype(str).values,
        "alt_names": alts,
        "parent_pcode": raw[parent_col].astype(str).values if parent_col else None,
    }
    frame = _frame(rows, raw.geometry.values, OCHA, level, iso3)
    if iso3 == "BEN" and level == 2:
        # Benin writes "Abomey-calavi", "Porto-novo": capitalise each part of the name.
        frame["name"] = ["-".join(p[:1].upper() + p[1:] for p in n.split("-")) for n in frame["name"]]
    for (country, lvl, name), (pcode, parent) in _CODE_FIXES.items():
        if (country, lvl) == (iso3, level):
            frame.loc[frame["name"] == name, ["pcode", "parent_pcode"]] = [pcode, parent]
    return frame


def _largest_overlap(units: gpd.GeoDataFrame, other: gpd.GeoDataFrame, min_share: float = 0.5,
                     mutual: float | None = None) -> list[int | None]:
    """For each unit, the row of ``other`` covering most of it (None under ``min_share``).

    With ``mutual``, the unit must also cover that share of the row: the two are then
    the same place drawn twice, not a unit carved out of an older, larger one (Mali's
    Ménaka lies inside Natural Earth's pre-2016 Gao, but is not "Gao")."""
    others = other.geometry.values
    tree = shapely.STRtree(others)
    out: list[int | None] = []
    for geom in units.geometry.values:
        best, best_share = None, min_share
        for j in tree.query(geom, predicate="intersects"):
            overlap = geom.intersection(others[j]).area
            share = overlap / geom.area
            if share > best_share and (mutual is None or overlap / others[j].area > mutual):
                best, best_share = int(j), share
        out.append(best)
    return out


def _burkina(source_dir: Path, ne_provinces: gpd.GeoDataFrame) -> list[gpd.GeoDataFrame]:
    adm1 = _read(source_dir, "BFA_ADM1.gpkg")
    adm2 = _read(source_dir, "BFA_ADM2.gpkg")
    code1 = adm1["shapeISO"].where(adm1["shapeISO"].fillna("").str.len() > 0, adm1["shapeID"])
    regions = _frame({"pcode": code1.values, "name": adm1["shapeName"].values,
                      "alt_names": [[] for _ in range(len(adm1))], "parent_pcode": None},
                     adm1.geometry.values, GEOBOUNDARIES, 1, "BFA")
    ne_match = _largest_overlap(adm2, ne_provinces)
    parents = _largest_overlap(adm2, adm1)
    codes, alts = [], []
    for i, j in enumerate(ne_match):
        row = ne_provinces.iloc[j] if j is not None else None
        codes.append(row["iso_3166_2"] if row is not None else adm2["shapeID"].iloc[i])
        names = _names(row["name"], row["name_fr"], row["name_alt"]) if row is not None else []
        alts.append([n for n in names if n != adm2["shapeName"].iloc[i]])
    provinces = _frame({"pcode": codes, "name": adm2["shapeName"].values, "alt_names": alts,
                        "parent_pcode": [regions["pcode"].iloc[p] if p is not None else None for p in parents]},
                       adm2.geometry.values, GEOBOUNDARIES, 2, "BFA")
    return [regions, provinces]


def _add_natural_earth_names(units: gpd.GeoDataFrame, ne: gpd.GeoDataFrame) -> None:
    match = _largest_overlap(units, ne, min_share=0.8, mutual=0.8)
    for i, j in enumerate(match):
        if j is None:
            continue
        row = ne.iloc[j]
        extra = _names(row["name"], row["name_fr"], row["name_alt"])
        current = units["alt_names"].iloc[i]
        units.at[units.index[i], "alt_names"] = _names(*current, *(n for n in extra if n != units["name"].iloc[i]))


def build_units(source_dir: Path) -> gpd.GeoDataFrame:
    """All admin units, levels 0-3, in one GeoDataFrame with the bundled schema."""
    source_dir = Path(source_dir)
    ne1 = _read(source_dir, "ne10m_admin1_westafrica.gpkg")
    ne0 = _read(source_dir, "ne10m_admin0_westafrica_from_admin1.gpkg")
    ne1 = ne1[ne1["adm0_a3"].isin(WEST_AFRICA)].reset_index(drop=True)
    parts: list[gpd.GeoDataFrame] = []

    countries = _frame({"pcode": ne0["iso_a2"].values, "name": ne0["admin"].values,
                        "alt_names": [["Côte d'Ivoire"] if a == "CIV" else [] for a in ne0["adm0_a3"]],
                        "parent_pcode": None}, ne0.geometry.values, NATURAL_EARTH, 0, "")
    countries["country_iso3"] = ne0["adm0_a3"].values
    parts.append(countries)

    for iso3 in WEST_AFRICA:
        if iso3 in OCHA_COUNTRIES:
            levels = [_ocha_level(source_dir, iso3, 1), _ocha_level(source_dir, iso3, 2)]
            if iso3 == "TGO":
                levels.append(_ocha_level(source_dir, iso3, 3))
            _add_natural_earth_names(levels[0], ne1[ne1["adm0_a3"] == iso3])
        elif iso3 == "BFA":
            levels = _burkina(source_dir, ne1[ne1["adm0_a3"] == "BFA"].reset_index(drop=True))
        else:
            rows = ne1[ne1["adm0_a3"] == iso3]
            levels = [_frame({"pcode": rows["iso_3166_2"].values, "name": rows["name"].values,
                              "alt_names": [[n for n in _names(r.name_fr, r.name_alt) if n != r.name]
                                            for r in rows.itertuples()],
                              "parent_pcode": None}, rows.geometry.values, NATURAL_EARTH, 1, iso3)]
        country_code = countries.loc[countries["country_iso3"] == iso3, "pcode"].iloc[0]
        levels[0]["parent_pcode"] = country_code
        parts.extend(levels)

    units = pd.concat(parts, ignore_index=True)
    units["geometry"] = shapely.make_valid(units.geometry.values)
    units = gpd.GeoDataFrame(units[COLUMNS], geometry="geometry", crs=4326)
    duplicated = units["pcode"][units["pcode"].duplicated()]
    if len(duplicated):
        raise InputRefused(str(source_dir), f"duplicate codes {sorted(set(duplicated))[:5]}",
                           "one code per admin unit")
    return units


def build(source_dir: Path, out_dir: Path) -> Path:
    """Write ``admin_units.parquet`` and copy the gazetteer into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    units = build_units(Path(source_dir))
    target = out_dir / "admin_units.parquet"
    units.to_parquet(target, compression="zstd", index=False)
    gazetteer = Path(source_dir) / GAZETTEER_FILE
    if not gazetteer.exists():
        raise NotFound(f"gazetteer {gazetteer} is missing")
    shutil.copyfile(gazetteer, out_dir / GAZETTEER_FILE)
    return target


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from veille.settings import data_dir

    src = Path(sys.argv[1])
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else data_dir() / "geo"
    print(build(src, dst))
