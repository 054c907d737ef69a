"""PRIO-GRID cells: 0.5° squares numbered from the south-west corner of the globe."""

from __future__ import annotations

import numpy as np
import pandas as pd

CELL_DEGREES = 0.5
COLUMNS_PER_ROW = 720


def pgm_gid(lat, lon) -> np.ndarray:
    """PRIO-GRID gid for each coordinate; -1 where a coordinate is missing or invalid.

    gid = floor((lat + 90) / 0.5) * 720 + floor((lon + 180) / 0.5) + 1, so that cell 1
    is the south-west corner (lat 10.51, lon 2.29 → 145085). Points on the north pole
    or the antimeridian fall in the last row or column, not off the grid."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    valid = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    row = np.minimum(np.floor((np.where(valid, lat, 0) + 90) / CELL_DEGREES), 359)
    col = np.minimum(np.floor((np.where(valid, lon, 0) + 180) / CELL_DEGREES), COLUMNS_PER_ROW - 1)
    gid = (row * COLUMNS_PER_ROW + col + 1).astype("int64")
    return np.where(valid, gid, -1)


def pgm_gid_series(lat, lon) -> pd.Series:
    """``pgm_gid`` as a nullable Int64 series (missing instead of -1)."""
    gid = pgm_gid(lat, lon)
    return pd.Series(gid, dtype="Int64").mask(gid < 0)


def pgm_cell_center(gid) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of the centre of each cell."""
    index = np.asarray(gid, dtype="int64") - 1
    lat = (index // COLUMNS_PER_ROW) * CELL_DEGREES - 90 + CELL_DEGREES / 2
    lon = (index % COLUMNS_PER_ROW) * CELL_DEGREES - 180 + CELL_DEGREES / 2
    return lat, lon
