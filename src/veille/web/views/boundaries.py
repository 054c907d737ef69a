"""The base map: the bundled admin boundaries as simplified GeoJSON (no tile server)."""

from __future__ import annotations

import json
from functools import cache

import shapely

from veille.errors import InvalidValue

# Degrees: about 1 km at level 0-1 and 500 m at level 2, plenty for a regional map.
TOLERANCE = {0: 0.01, 1: 0.01, 2: 0.005}


@cache
def _features(level: int) -> tuple[tuple[str, str], ...]:
    from veille.geo import admin_units

    units = admin_units(level=level)
    simplified = shapely.set_precision(shapely.simplify(units.geometry.values, TOLERANCE[level],
                                                        preserve_topology=True), 0.0001)
    out = []
    for unit, geometry in zip(units.itertuples(), simplified):
        feature = {"type": "Feature", "geometry": json.loads(shapely.to_geojson(geometry)),
                   "properties": {"pcode": unit.pcode, "name": unit.name, "country_iso3": unit.country_iso3,
                                  "parent_pcode": unit.parent_pcode if isinstance(unit.parent_pcode, str) else None}}
        out.append((unit.country_iso3, json.dumps(feature, separators=(",", ":"), allow_nan=False)))
    return tuple(out)


def boundaries_geojson(level: int, countries: list[str]) -> str:
    if level not in TOLERANCE:
        raise InvalidValue(f"level must be 0, 1 or 2, got {level}")
    wanted = {c.strip().upper() for c in countries if c and c.strip()}
    parts = [text for iso3, text in _features(level) if not wanted or iso3 in wanted]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def units_of(level: int) -> list[dict]:
    """P-code, name and country of every unit of a level (for the filter form)."""
    return [json.loads(text)["properties"] for _, text in _features(level)]
