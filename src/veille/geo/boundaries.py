"""The bundled admin units: one table, levels 0-3, read once per process.

``data/geo/admin_units.parquet`` is written by :mod:`veille.geo.build` from the
published boundary files; see ``data/SOURCES.md`` for their origin and licences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from veille.errors import InputRefused, NotFound
from veille.geo.build import COLUMNS, WEST_AFRICA
from veille.settings import data_dir

UNITS_FILE = "admin_units.parquet"
SAHEL_3 = ("BFA", "MLI", "NER")
LEVEL_NAMES = {0: "country", 1: "admin1", 2: "admin2", 3: "admin3"}


def geo_dir() -> Path:
    return data_dir() / "geo"


@cache
def _load_units() -> gpd.GeoDataFrame:
    path = geo_dir() / UNITS_FILE
    if not path.exists():
        raise NotFound(f"bundled boundaries {path} are missing; rebuild them with "
                       "`python -m veille.geo.build SOURCE_DIR`")
    try:
        units = gpd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a bad file
        raise InputRefused(str(path), f"cannot be read ({exc})", "a GeoParquet file") from None
    missing = set(COLUMNS) - set(units.columns)
    if missing:
        raise InputRefused(str(path), f"missing columns {sorted(missing)}", f"columns {COLUMNS}")
    units["alt_names"] = [list(names) for names in units["alt_names"]]
    units["level"] = units["level"].astype("int64")
    return units


def admin_units(level: int | None = None, country_iso3: str | None = None) -> gpd.GeoDataFrame:
    """Admin units (EPSG:4326), optionally of one level and one country.

    Columns: pcode, country_iso3, level, name, alt_names (list of str), parent_pcode,
    source, geometry. A copy: callers may change it freely."""
    units = _load_units()
    mask = pd.Series(True, index=units.index)
    if level is not None:
        mask &= units["level"] == level
    if country_iso3 is not None:
        mask &= units["country_iso3"] == country_iso3
    return units[mask].copy()


def admin_units_table() -> pd.DataFrame:
    """The units as a plain DataFrame for the store: geometry as WKB, names '|'-joined."""
    units = _load_units()
    table = pd.DataFrame(units.drop(columns="geometry"))
    table["alt_names"] = ["|".join(names) for names in units["alt_names"]]
    table["geometry_wkb"] = shapely.to_wkb(units.geometry.values)
    return table[["pcode", "country_iso3", "level", "name", "alt_names", "parent_pcode",
                  "source", "geometry_wkb"]]


def coverage() -> pd.DataFrame:
    """Per country: how many units at each level and where admin-1 comes from.

    One row per West African state; columns ``admin0 … admin3`` (counts, 0 where the
    bundled data has no such level — Ghana has no admin-2), ``admin1_source``."""
    units = _load_units()
    counts = units.groupby(["country_iso3", "level"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(WEST_AFRICA), columns=[0, 1, 2, 3], fill_value=0)
    counts.columns = [f"admin{level}" for level in counts.columns]
    source = units[units["level"] == 1].groupby("country_iso3")["source"].first()
    counts["admin1_source"] = source.reindex(counts.index)
    counts.index.name = "country_iso3"
    return counts.reset_index()
