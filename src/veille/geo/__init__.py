"""Places: bundled boundaries, point → admin units, PRIO-GRID, Sahel-front distance,
and name → place through the gazetteer. See docs/geography.md."""

from veille.geo.assign import (
    DEFAULT_BORDER_TOLERANCE_KM,
    GEOCODE_COLUMNS,
    PLACE_COLUMNS,
    assign_places,
    geocode_frame,
)
from veille.geo.border import border_distance_km, sahel_front
from veille.geo.boundaries import SAHEL_3, admin_units, admin_units_table, coverage
from veille.geo.build import WEST_AFRICA
from veille.geo.grid import pgm_gid

__all__ = [
    "DEFAULT_BORDER_TOLERANCE_KM", "GEOCODE_COLUMNS", "PLACE_COLUMNS", "SAHEL_3", "WEST_AFRICA",
    "admin_units", "admin_units_table", "assign_places", "border_distance_km", "coverage",
    "geocode_frame", "pgm_gid", "sahel_front",
]

from veille.geo.gazetteer import PlaceCandidate, gazetteer, match_admin1, search_places  # noqa: E402
from veille.geo.names import normalize_place_name  # noqa: E402
from veille.geo.vintages import BoundaryChange, boundary_changes, other_names, vintage_match  # noqa: E402

__all__ += ["BoundaryChange", "PlaceCandidate", "boundary_changes", "gazetteer", "match_admin1",
            "normalize_place_name", "other_names", "search_places", "vintage_match"]
