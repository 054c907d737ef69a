"""Points → admin units, PRIO-GRID cell and distance to the Sahel front, vectorised.

Each level is an STRtree over the units' polygons, each polygon prepared. A query
with the points gives bounding-box candidates; the exact test runs polygon by polygon
with ``shapely.contains_xy`` (a prepared polygon tests a whole batch of points at C
speed), which is several times faster than asking the tree for ``within`` point by point.

Admin-1 decides the country. Where two countries' admin-1 layers overlap (they come
from different sources along some borders) a national layer wins over Natural Earth's
coarser one; between two national layers Natural Earth's country polygon, the one
source drawn for every border, referees. A point in no admin-1 polygon but within
``snap_km`` of one (coast, river borders, coordinates rounded by the source) is
"snapped" to the nearest; further out it is "outside" and left unassigned. Admin-2 and
admin-3 are then looked for only within the admin-1's country.

A source usually says which country an event happened in. The polygons (Natural Earth
for some countries, national CODs for others) disagree with each other and with the
ground by up to a few km along international borders, so with a ``country_hint`` the
source's country is trusted within ``border_tolerance_km``: a point that falls in
country A, or in no unit, but lies within that distance of a unit of the hinted country
B goes to the nearest unit of B.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyproj
import shapely

from veille.errors import InvalidValue
from veille.geo.border import border_distance_km
from veille.geo.boundaries import admin_units
from veille.geo.build import NATURAL_EARTH
from veille.geo.grid import pgm_gid

DEFAULT_SNAP_KM = 10.0
# How far a point may lie outside the source's own country and still be placed in it:
# the polygons of two sources disagree along borders by up to a few km.
DEFAULT_BORDER_TOLERANCE_KM = 5.0
PLACE_COLUMNS = ["country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode",
                 "admin3", "admin3_pcode", "pgm_gid", "border_km", "geo_match", "snap_km"]
GEOCODE_COLUMNS = ["country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode",
                   "pgm_gid", "border_km"]
_GEOD = pyproj.Geod(ellps="WGS84")
_KM_PER_DEGREE_LAT = 110.57
_MIN_COS_LAT = 0.85  # West Africa lies below 28° N, where cos(lat) > 0.88
_ZONE_MARGIN_DEGREES = 0.1


@dataclass(frozen=True)
class _Layer:
    pcode: np.ndarray
    name: np.ndarray
    country: np.ndarray
    parent: np.ndarray
    national: np.ndarray  # True where the unit comes from national boundaries
    geoms: np.ndarray
    tree: shapely.STRtree


@cache
def _layer(level: int) -> _Layer:
    units = admin_units(level=level)
    geoms = np.asarray(units.geometry.values, dtype=object)
    shapely.prepare(geoms)
    return _Layer(
        pcode=units["pcode"].to_numpy(dtype=object),
        name=units["name"].to_numpy(dtype=object),
        country=units["country_iso3"].to_numpy(dtype=object),
        parent=units["parent_pcode"].to_numpy(dtype=object),
        national=(units["source"] != NATURAL_EARTH).to_numpy(),
        geoms=geoms,
        tree=shapely.STRtree(geoms),
    )


@cache
def _country_tree(level: int, country: str) -> tuple[np.ndarray, shapely.STRtree] | None:
    """Indices into ``_layer(level)`` of one country's units, and an STRtree over them."""
    layer = _layer(level)
    idx = np.flatnonzero(layer.country == country)
    if len(idx) == 0:
        return None
    return idx, shapely.STRtree(layer.geoms[idx])


def _nearest_in_country(level: int, x: np.ndarray, y: np.ndarray, country: np.ndarray,
                        max_km: float) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the nearest unit of ``level`` in ``country[i]`` within ``max_km``
    (geodesic), as an index into ``_layer(level)`` (-1 and NaN where none). A point
    inside a unit of that country gets it at distance 0."""
    layer = _layer(level)
    unit = np.full(len(x), -1, dtype=np.int64)
    km = np.full(len(x), np.nan)
    if len(x) == 0 or max_km <= 0:
        return unit, km
    max_degrees = max_km / (_KM_PER_DEGREE_LAT * _MIN_COS_LAT)
    for iso3 in pd.unique(country):
        if not isinstance(iso3, str):
            continue
        found = _country_tree(level, iso3)
        if found is None:
            continue
        idx, tree = found
        group = np.flatnonzero(country == iso3)
        point_idx, local = tree.query_nearest(shapely.points(x[group], y[group]),
                                              max_distance=max_degrees, all_matches=False)
        point_idx = group[point_idx]
        candidate = idx[local]
        distance = _geodesic_km_to(layer.geoms[candidate], x[point_idx], y[point_idx])
        close = distance <= max_km
        unit[point_idx[close]] = candidate[close]
        km[point_idx[close]] = distance[close]
    return unit, km


def _hits(layer: _Layer, x: np.ndarray, y: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (point, unit) pairs where the unit contains the point."""
    point_idx, unit_idx = layer.tree.query(points)
    if len(point_idx) == 0:
        return point_idx, unit_idx
    order = np.argsort(unit_idx, kind="stable")
    point_idx, unit_idx = point_idx[order], unit_idx[order]
    starts = np.flatnonzero(np.r_[True, unit_idx[1:] != unit_idx[:-1]])
    ends = np.r_[starts[1:], len(unit_idx)]
    keep = np.zeros(len(point_idx), dtype=bool)
    for start, end in zip(starts, ends, strict=False):
        candidates = point_idx[start:end]
        keep[start:end] = shapely.contains_xy(layer.geoms[unit_idx[start]], x[candidates], y[candidates])
    return point_idx[keep], unit_idx[keep]


def _pick(point_idx: np.ndarray, unit_idx: np.ndarray, preferred: np.ndarray, n: int) -> np.ndarray:
    """One unit per point (-1 for none): the most preferred pair where a point has several."""
    chosen = np.full(n, -1, dtype=np.int64)
    # Write the least preferred first, the most preferred last: the last write wins.
    order = np.argsort(preferred, kind="stable")
    chosen[point_idx[order]] = unit_idx[order]
    return chosen


def _geodesic_km_to(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Geodesic km from each point to the nearest point of its geometry."""
    lines = shapely.shortest_line(geoms, shapely.points(x, y))
    near = shapely.get_coordinates(lines)[0::2]
    _, _, metres = _GEOD.inv(x, y, near[:, 0], near[:, 1])
    return np.asarray(metres) / 1000.0


@cache
def _snap_zone(max_degrees: float) -> shapely.Geometry:
    """Land (Natural Earth's countries) grown by ``max_degrees`` plus a margin, prepared.

    A point outside it is further than the snapping distance from every unit; this
    cheap test spares the exact nearest-unit search for points far out at sea or in the
    desert, which is costly against detailed national polygons. The margin covers the
    differences between Natural Earth's outline and the national layers."""
    land = shapely.union_all(shapely.simplify(_layer(0).geoms, 0.005))
    zone = shapely.buffer(land, max_degrees + _ZONE_MARGIN_DEGREES, quad_segs=4)
    shapely.prepare(zone)
    return zone


def _snap(layer: _Layer, x: np.ndarray, y: np.ndarray, max_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Nearest unit within ``max_km`` of each point (-1, NaN where none)."""
    unit = np.full(len(x), -1, dtype=np.int64)
    km = np.full(len(x), np.nan)
    if len(x) == 0 or max_km <= 0:
        return unit, km
    max_degrees = max_km / (_KM_PER_DEGREE_LAT * _MIN_COS_LAT)
    near = np.flatnonzero(shapely.contains_xy(_snap_zone(round(max_degrees, 6)), x, y))
    point_idx, unit_idx = layer.tree.query_nearest(shapely.points(x[near], y[near]),
                                                   max_distance=max_degrees, all_matches=False)
    point_idx = near[point_idx]
    distance = _geodesic_km_to(layer.geoms[unit_idx], x[point_idx], y[point_idx])
    close = distance <= max_km
    unit[point_idx[close]] = unit_idx[close]
    km[point_idx[close]] = distance[close]
    return unit, km


def _as_float_array(values, what: str) -> np.ndarray:
    try:
        return np.asarray(pd.to_numeric(pd.Series(np.asarray(values, dtype=object)), errors="coerce"),
                          dtype="float64")
    except (TypeError, ValueError):
        raise InvalidValue(f"{what} must be numbers (degrees)") from None


def _assign_sublevel(level: int, parent_layer: _Layer, parent_unit: np.ndarray,
                     x: np.ndarray, y: np.ndarray, points: np.ndarray, snap_km: float) -> np.ndarray:
    """Units of ``level`` for points already placed in ``parent_unit`` (an index or -1)."""
    layer = _layer(level)
    unit = np.full(len(x), -1, dtype=np.int64)
    countries_with_level = set(layer.country)
    country = np.where(parent_unit >= 0, parent_layer.country[np.maximum(parent_unit, 0)], None)
    todo = np.flatnonzero(np.isin(country, list(countries_with_level)))
    if len(todo) == 0:
        return unit
    point_idx, unit_idx = _hits(layer, x[todo], y[todo], points[todo])
    same_country = layer.country[unit_idx] == country[todo][point_idx]
    point_idx, unit_idx = point_idx[same_country], unit_idx[same_country]
    parent_pcode = parent_layer.pcode[parent_unit[todo]]
    preferred = layer.parent[unit_idx] == parent_pcode[point_idx]
    unit[todo] = _pick(point_idx, unit_idx, preferred, len(todo))
    missing = todo[unit[todo] < 0]  # gaps between the layers, and snapped points
    if len(missing):
        snapped, _ = _nearest_in_country(level, x[missing], y[missing], country[missing], snap_km)
        unit[missing] = snapped
    return unit


def _as_hint_array(values, n: int) -> np.ndarray:
    """ISO3 codes, upper case, as an object array; None where no hint."""
    if isinstance(values, str) or np.ndim(values) != 1 or len(values) != n:
        got = "a single string" if isinstance(values, str) else f"shape {np.shape(values)}"
        raise InvalidValue(f"country_hint must give one ISO3 code (or None) per point: "
                           f"{n} points, got {got}")
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))  # missing values → -1
    cleaned = np.array([v.strip().upper() or None if isinstance(v, str) else None for v in uniques] + [None],
                       dtype=object)
    return cleaned[codes]  # code -1 takes the trailing None


def assign_places(lat, lon, snap_km: float = DEFAULT_SNAP_KM, country_hint=None,
                  border_tolerance_km: float = DEFAULT_BORDER_TOLERANCE_KM) -> pd.DataFrame:
    """Admin units, PRIO-GRID cell and Sahel-front distance for each point.

    ``lat`` and ``lon`` are sequences, numpy arrays or Series of the same length (WGS 84
    degrees). Returns one row per point, in the same order (keeping a Series' index),
    with the columns in ``PLACE_COLUMNS``. ``geo_match`` is "inside", "snapped" (outside
    every admin-1 polygon but within ``snap_km`` of the nearest; ``snap_km`` says how
    far), "outside" (further: place fields, ``border_km`` and ``snap_km`` null) or
    "missing" (no usable coordinates). ``pgm_gid`` is given for any valid coordinate.

    ``country_hint`` (optional, same length: ISO3 codes, None or NaN where unknown) is
    the country the source gave. The source's country is trusted within
    ``border_tolerance_km``: a point placed in another country (or in none) that lies
    within that distance of a unit of the hinted country is assigned the nearest such
    unit — "snapped", ``snap_km`` the distance; "inside" when the point also lies in the
    hinted unit (two countries' polygons overlapping). Further away, or with no hint,
    the boundaries decide, as without hints."""
    index = lat.index if isinstance(lat, pd.Series) else None
    lat_a = _as_float_array(lat, "latitude")
    lon_a = _as_float_array(lon, "longitude")
    if lat_a.shape != lon_a.shape:
        raise InvalidValue(f"latitude and longitude differ in length: {len(lat_a)} and {len(lon_a)}")
    if not snap_km >= 0:
        raise InvalidValue(f"snap_km must be a distance in km, 0 or more; got {snap_km!r}")
    if not border_tolerance_km >= 0:
        raise InvalidValue(f"border_tolerance_km must be a distance in km, 0 or more; "
                           f"got {border_tolerance_km!r}")
    hints = _as_hint_array(country_hint, len(lat_a)) if country_hint is not None else None
    n = len(lat_a)
    valid = np.isfinite(lat_a) & np.isfinite(lon_a) & (np.abs(lat_a) <= 90) & (np.abs(lon_a) <= 180)
    where = np.flatnonzero(valid)
    x, y = lon_a[where], lat_a[where]
    points = shapely.points(x, y)

    admin1 = _layer(1)
    point_idx, unit_idx = _hits(admin1, x, y, points)
    unit1 = _pick(point_idx, unit_idx, np.zeros(len(point_idx), dtype=bool), len(x))
    contested = np.flatnonzero(np.bincount(point_idx, minlength=len(x)) > 1)
    if len(contested):  # overlapping admin-1 layers of two countries: Natural Earth decides
        referee = _layer(0)
        c_points, c_units = _hits(referee, x[contested], y[contested], points[contested])
        country0 = np.full(len(contested), None, dtype=object)
        country0[c_points] = referee.country[c_units]
        is_contested = np.isin(point_idx, contested)
        p_sub, u_sub = point_idx[is_contested], unit_idx[is_contested]
        # National boundaries (finer) beat Natural Earth's; between two national layers,
        # Natural Earth's country polygon referees.
        rank = 2 * admin1.national[u_sub] + (admin1.country[u_sub] == country0[np.searchsorted(contested, p_sub)])
        unit1[contested] = _pick(np.searchsorted(contested, p_sub), u_sub, rank, len(contested))

    snap_dist = np.where(unit1 >= 0, 0.0, np.nan)
    outside = np.flatnonzero(unit1 < 0)
    snapped_unit, snapped_km = _snap(admin1, x[outside], y[outside], snap_km)
    unit1[outside] = snapped_unit
    snap_dist[outside] = snapped_km
    if hints is not None and border_tolerance_km > 0:
        _trust_hints(admin1, unit1, snap_dist, x, y, hints[where], border_tolerance_km)
    unit2 = _assign_sublevel(2, admin1, unit1, x, y, points, snap_km)
    unit3 = _assign_sublevel(3, _layer(2), unit2, x, y, points, snap_km)

    placed = unit1 >= 0
    border = np.full(len(x), np.nan)
    border[placed] = border_distance_km(y[placed], x[placed])

    match = np.full(n, "missing", dtype=object)
    match[where] = np.where(~placed, "outside", np.where(snap_dist > 0, "snapped", "inside"))
    out = pd.DataFrame(index=index if index is not None else pd.RangeIndex(n))
    out["country_iso3"] = _column(n, where, unit1, admin1.country)
    for level, unit in ((1, unit1), (2, unit2), (3, unit3)):
        layer = _layer(level)
        out[f"admin{level}"] = _column(n, where, unit, layer.name)
        out[f"admin{level}_pcode"] = _column(n, where, unit, layer.pcode)
    gid = pgm_gid(lat_a, lon_a)
    out["pgm_gid"] = pd.Series(gid, dtype="Int64", index=out.index).mask(gid < 0)
    out["border_km"] = _scatter(n, where, border)
    out["geo_match"] = pd.array(match, dtype="string")
    out["snap_km"] = _scatter(n, where, snap_dist)
    return out


def _trust_hints(admin1: _Layer, unit1: np.ndarray, snap_dist: np.ndarray, x: np.ndarray,
                 y: np.ndarray, hints: np.ndarray, tolerance_km: float) -> None:
    """Move to the hinted country's nearest unit (in place) the points placed elsewhere
    that lie within ``tolerance_km`` of it."""
    has_hint = pd.notna(hints)
    if not has_hint.any():
        return
    placed_country = np.where(unit1 >= 0, admin1.country[np.maximum(unit1, 0)], None)
    todo = np.flatnonzero(has_hint & (placed_country != hints))
    if len(todo) == 0:
        return
    unit, km = _nearest_in_country(1, x[todo], y[todo], hints[todo], tolerance_km)
    moved = unit >= 0
    unit1[todo[moved]] = unit[moved]
    snap_dist[todo[moved]] = km[moved]


def _column(n: int, where: np.ndarray, unit: np.ndarray, values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Strings ``values[unit]`` (null where unit < 0 or the point was not valid), built in Arrow."""
    full = np.full(n, -1, dtype=np.int64)
    full[where] = unit
    taken = pa.array(list(values), type=pa.string()).take(pa.array(np.maximum(full, 0), mask=full < 0))
    return pd.arrays.ArrowStringArray(taken)


def _scatter(n: int, where: np.ndarray, values: np.ndarray) -> np.ndarray:
    full = np.full(n, np.nan)
    full[where] = values
    return full


def geocode_frame(frame: pd.DataFrame, snap_km: float = DEFAULT_SNAP_KM,
                  columns: list[str] | None = None) -> pd.DataFrame:
    """``frame`` with place columns added from its ``latitude`` and ``longitude``.

    The columns are ``GEOCODE_COLUMNS`` (the ``veille geocode`` contract) unless
    ``columns`` names others from ``PLACE_COLUMNS``; existing columns of those names are
    replaced. Rows keep their order and index."""
    missing = [c for c in ("latitude", "longitude") if c not in frame.columns]
    if missing:
        raise InvalidValue(f"geocoding needs columns latitude and longitude; missing {missing}, "
                           f"found {list(frame.columns)}")
    wanted = GEOCODE_COLUMNS if columns is None else list(columns)
    unknown = [c for c in wanted if c not in PLACE_COLUMNS]
    if unknown:
        raise InvalidValue(f"unknown place columns {unknown}; choose from {PLACE_COLUMNS}")
    places = assign_places(frame["latitude"].to_numpy(), frame["longitude"].to_numpy(), snap_km=snap_km)
    places.index = frame.index
    out = frame.drop(columns=[c for c in wanted if c in frame.columns])
    for column in wanted:
        out[column] = places[column]
    return out
