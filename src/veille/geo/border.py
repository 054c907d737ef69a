"""Distance to the Sahel front: the outer border of Burkina Faso, Mali and Niger.

The front is the boundary of the union of the three countries (Natural Earth's
polygons, one consistent source for every international border). Their borders with
each other are not part of it: violence moving from Mali into Burkina Faso has not
come any nearer to Togo. For a point in a coastal state ``border_km`` says how far it
lies from the Sahel; for a point inside the Sahel-3 it says how deep inside it lies
(``signed=True`` gives those points a negative sign). The distance is geodesic
(WGS 84 ellipsoid) to the nearest point of the front.

The nearest point is found in a West-Africa equidistant conic projection (a k-d tree
over points along the front picks the segment, then the exact nearest point on it), then
measured on the ellipsoid with ``pyproj.Geod``;
the projection's distortion only affects which point is picked, by a few metres.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyproj
import shapely
from scipy.spatial import cKDTree

from veille.geo.boundaries import SAHEL_3, admin_units

FRONT_CRS = "+proj=eqdc +lat_1=6 +lat_2=20 +lon_0=-2 +datum=WGS84 +units=m +no_defs"
_GEOD = pyproj.Geod(ellps="WGS84")
_STEP_M = 1000.0


@cache
def _to_front_crs() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", FRONT_CRS, always_xy=True)


@cache
def _from_front_crs() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(FRONT_CRS, "EPSG:4326", always_xy=True)


@cache
def sahel_3_union() -> shapely.Geometry:
    """Burkina Faso, Mali and Niger as one polygon (lon/lat), slivers between them closed."""
    countries = admin_units(level=0)
    union = shapely.union_all(countries[countries["country_iso3"].isin(SAHEL_3)].geometry.values)
    # Keep outer rings only: holes in the union are slivers between the three polygons.
    parts = shapely.get_parts(union)
    solid = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(parts)))
    shapely.prepare(solid)
    return solid


def sahel_front() -> shapely.Geometry:
    """The front as lines (lon/lat): the outer boundary of the Sahel-3 union."""
    return shapely.boundary(sahel_3_union())


@cache
def _front_index() -> tuple[np.ndarray, np.ndarray, np.ndarray, cKDTree]:
    """The front's segments in the projected CRS, and a k-d tree over points along them.

    The points are the segments' vertices plus extra ones every ``_STEP_M`` metres; each
    knows its segment. The nearest of them picks the segment (and its neighbours) whose
    exact nearest point is then computed: within ``_STEP_M / 2`` of the true one at worst,
    exact in practice."""
    starts, ends = [], []
    for line in shapely.get_parts(sahel_front()):
        coords = shapely.get_coordinates(line)
        x, y = _to_front_crs().transform(coords[:, 0], coords[:, 1])
        xy = np.column_stack([x, y])
        starts.append(xy[:-1])
        ends.append(xy[1:])
    start, end = np.concatenate(starts), np.concatenate(ends)
    length = np.hypot(*(end - start).T)
    pieces = np.maximum(1, np.ceil(length / _STEP_M)).astype(int)
    segment = np.repeat(np.arange(len(start)), pieces)
    fraction = (np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)) / np.repeat(pieces, pieces)
    samples = start[segment] + fraction[:, None] * (end - start)[segment]
    return start, end, segment, cKDTree(samples)


def _nearest_on_segments(px, py, start, end, segment) -> np.ndarray:
    """Nearest point to each (px, py) on the given segment of each, as an (n, 2) array."""
    a, b = start[segment], end[segment]
    ab = b - a
    ap = np.column_stack([px, py]) - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.einsum("ij,ij->i", ap, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    return a + t[:, None] * ab


def border_distance_km(lat, lon, signed: bool = False) -> np.ndarray:
    """Geodesic distance (km) from each point to the Sahel front; NaN where missing.

    With ``signed``, points inside Burkina Faso, Mali or Niger get negative distances."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    out = np.full(lat.shape, np.nan)
    valid = np.isfinite(lat) & np.isfinite(lon)
    if not valid.any():
        return out
    vlat, vlon = lat[valid], lon[valid]
    x, y = _to_front_crs().transform(vlon, vlat)
    start, end, segment_of, tree = _front_index()
    _, sample = tree.query(np.column_stack([x, y]), workers=-1)
    best, best_d2 = None, None
    for shift in (-1, 0, 1):  # the sample's segment and its neighbours along the front
        seg = np.clip(segment_of[sample] + shift, 0, len(start) - 1)
        candidate = _nearest_on_segments(x, y, start, end, seg)
        d2 = (candidate[:, 0] - x) ** 2 + (candidate[:, 1] - y) ** 2
        if best is None:
            best, best_d2 = candidate, d2
        else:
            closer = d2 < best_d2
            best[closer], best_d2[closer] = candidate[closer], d2[closer]
    near_lon, near_lat = _from_front_crs().transform(best[:, 0], best[:, 1])
    _, _, metres = _GEOD.inv(vlon, vlat, near_lon, near_lat)
    km = np.asarray(metres) / 1000.0
    if signed:
        inside = shapely.contains_xy(sahel_3_union(), vlon, vlat)
        km = np.where(inside, -km, km)
    out[valid] = km
    return out
