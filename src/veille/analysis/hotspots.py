"""Emerging hot spots: Getis-Ord Gi* over a space-time cube, then the Mann-Kendall trend.

The cube has one bin per unit (an admin-2 or a PRIO-GRID cell) and month, holding the
count of political-violence events. A bin's neighbourhood is the unit and its queen
contiguous neighbours, in this month and the ``window - 1`` months before (the "neighborhood
time step" of ESRI's tool); Gi* (``esda.G_Local``, ``star=True``, binary weights) compares
that neighbourhood's sum against the whole cube. Bins significant at ``alpha`` after a
Benjamini-Hochberg false-discovery-rate correction per month are hot (z > 0) or cold
(z < 0). Each unit's series of bins is then classified with ESRI's published pattern
definitions; see docs/analysis.md. ``as_of`` categories classify every month with only
the bins up to it, so the history of a unit's category can be read month by month.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.stats import norm

from veille.analysis._frame import month_index, month_label, months_of, political_violence, require, within
from veille.errors import InvalidValue
from veille.geo import admin_units
from veille.geo.grid import CELL_DEGREES, COLUMNS_PER_ROW, pgm_cell_center
from veille.model import MonthRange

HOT_CATEGORIES = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic",
                  "oscillating", "historical")
CATEGORIES = tuple(f"{c} hot spot" for c in HOT_CATEGORIES) + tuple(f"{c} cold spot" for c in HOT_CATEGORIES)
MIN_STEPS = 10  # ESRI needs ten time steps before it classifies a location
UNITS = ("admin2", "pgm")


# ---- units and weights ----------------------------------------------------------------

def unit_geometries(unit: str, countries: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The units of the cube: columns unit, name, country_iso3, geometry (EPSG:4326).

    Admin-2 units come from the bundled boundaries; PRIO-GRID cells are those meeting the
    countries' polygons (a cell on a border belongs to the country holding its centre)."""
    if unit not in UNITS:
        raise InvalidValue(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    if unit == "admin2":
        parts = [admin_units(level=2, country_iso3=c) for c in countries]
        units = pd.concat(parts, ignore_index=True) if parts else admin_units(level=2).iloc[:0]
        return gpd.GeoDataFrame({"unit": units["pcode"], "name": units["name"],
                                 "country_iso3": units["country_iso3"]}, geometry=units.geometry.values,
                                crs="EPSG:4326")
    outlines = admin_units(level=0)
    outlines = outlines[outlines["country_iso3"].isin(countries)]
    if outlines.empty:
        return gpd.GeoDataFrame({"unit": [], "name": [], "country_iso3": []}, geometry=[], crs="EPSG:4326")
    west, south, east, north = outlines.total_bounds
    rows = np.arange(np.floor((south + 90) / CELL_DEGREES), np.floor((north + 90) / CELL_DEGREES) + 1)
    cols = np.arange(np.floor((west + 180) / CELL_DEGREES), np.floor((east + 180) / CELL_DEGREES) + 1)
    gid = (rows[:, None] * COLUMNS_PER_ROW + cols[None, :] + 1).ravel().astype("int64")
    lat, lon = pgm_cell_center(gid)
    half = CELL_DEGREES / 2
    boxes = shapely.box(lon - half, lat - half, lon + half, lat + half)
    region = shapely.union_all(outlines.geometry.values)
    keep = shapely.intersects(region, boxes)
    gid, lat, lon, boxes = gid[keep], lat[keep], lon[keep], boxes[keep]
    owner = np.full(len(gid), None, dtype=object)
    centres = shapely.points(lon, lat)
    for iso3, polygon in zip(outlines["country_iso3"], outlines.geometry):
        owner[(owner == None) & shapely.contains(polygon, centres)] = iso3  # noqa: E711
    for iso3, polygon in zip(outlines["country_iso3"], outlines.geometry):  # centre outside every country
        owner[(owner == None) & shapely.intersects(polygon, boxes)] = iso3  # noqa: E711
    return gpd.GeoDataFrame({"unit": gid.astype(str), "name": [f"cell {g}" for g in gid],
                             "country_iso3": owner}, geometry=boxes, crs="EPSG:4326")


def spatial_weights(units: gpd.GeoDataFrame, unit: str) -> sparse.csr_matrix:
    """Binary queen contiguity between the units, with each unit its own neighbour (Gi*)."""
    n = len(units)
    if unit == "pgm":
        gid = units["unit"].astype("int64").to_numpy()
        position = pd.Series(np.arange(n), index=gid)
        rows, cols = [], []
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                other = position.reindex(gid + d_row * COLUMNS_PER_ROW + d_col).to_numpy()
                found = ~np.isnan(other)
                rows.append(np.flatnonzero(found))
                cols.append(other[found].astype("int64"))
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    from libpysal.graph import Graph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands (units with no neighbour) are expected
        graph = Graph.build_contiguity(units.reset_index(drop=True), rook=False)
    adjacency = sparse.csr_matrix(graph.sparse)
    adjacency.data[:] = 1.0
    adjacency = adjacency + sparse.identity(n, format="csr")
    adjacency.data[:] = 1.0
    return adjacency.tocsr()


def space_time_weights(spatial: sparse.csr_matrix, steps: int, window: int) -> sparse.csr_matrix:
    """Cube weights, bins ordered month-major (bin = month * n_units + unit): a bin's
    neighbours are its spatial neighbours in the same month and the ``window - 1`` before."""
    lags = sparse.csr_matrix((steps, steps))
    for lag in range(window):
        lags = lags + sparse.eye(steps, k=-lag, format="csr")
    return sparse.kron(lags, spatial, format="csr")


# ---- statistics -----------------------------------------------------------------------

def gi_star(values: np.ndarray, weights: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Gi* z-scores and two-sided p-values (normal approximation) of ``values`` (flat)
    under binary ``weights`` whose diagonal is set, via ``esda.G_Local(star=True)``."""
    from esda.getisord import G_Local
    from libpysal.graph import Graph

    values = np.asarray(values, dtype="float64")
    if values.sum() == 0:
        return np.zeros(len(values)), np.ones(len(values))
    graph = Graph.from_sparse(weights.tocsr())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = G_Local(values, graph, transform="B", permutations=0, star=True)
    z = np.nan_to_num(np.asarray(result.Zs, dtype="float64"))
    return z, 2 * norm.sf(np.abs(z))


def fdr_significant(p: np.ndarray, alpha: float) -> np.ndarray:
    """Benjamini-Hochberg: which of the p-values stay significant at false-discovery rate alpha."""
    p = np.asarray(p, dtype="float64")
    order = np.argsort(p)
    ranked = p[order] <= alpha * np.arange(1, len(p) + 1) / len(p)
    keep = np.zeros(len(p), dtype=bool)
    if ranked.any():
        keep[order[: np.flatnonzero(ranked).max() + 1]] = True
    return keep


def mann_kendall(series: np.ndarray) -> tuple[float, float]:
    """Mann-Kendall trend: (z, p). Zero trend for a constant series."""
    import pymannkendall

    series = np.asarray(series, dtype="float64")
    if len(series) < 3 or np.ptp(series) == 0:
        return 0.0, 1.0
    result = pymannkendall.original_test(series)
    return float(result.z), float(result.p)


def classify(hot: np.ndarray, cold: np.ndarray, z: np.ndarray, alpha: float = 0.05,
             min_steps: int = MIN_STEPS) -> str:
    """ESRI's pattern for one location from its bins, oldest first: ``hot``/``cold`` say
    which bins were significant hot/cold spots, ``z`` their Gi* z-scores (for the
    Mann-Kendall trend). Returns e.g. "new hot spot", "oscillating cold spot" or ""."""
    hot, cold, z = np.asarray(hot, bool), np.asarray(cold, bool), np.asarray(z, float)
    if len(hot) < min_steps:
        return ""
    for flags, others, sign, kind in ((hot, cold, 1.0, "hot spot"), (cold, hot, -1.0, "cold spot")):
        label = _pattern(flags, others, sign * z, alpha)
        if label:
            return f"{label} {kind}"
    return ""


def _pattern(flags: np.ndarray, others: np.ndarray, z: np.ndarray, alpha: float) -> str:
    n = len(flags)
    share = flags.sum() / n
    if not flags[-1]:
        return "historical" if share >= 0.9 else ""
    if share >= 0.9:
        trend, p = mann_kendall(z)
        if p < alpha:
            return "intensifying" if trend > 0 else "diminishing"
        return "persistent"
    if flags.sum() == 1:
        return "new"
    run = n - (np.flatnonzero(~flags).max() + 1 if (~flags).any() else 0)
    if run >= 2 and flags.sum() == run:
        return "consecutive"
    return "oscillating" if others[:-1].any() else "sporadic"


# ---- the analysis ----------------------------------------------------------------------

def event_cube(events: pd.DataFrame, units: gpd.GeoDataFrame, unit: str, months: MonthRange) -> np.ndarray:
    """Political-violence events per (month, unit): an array of shape (months, units)."""
    column = "admin2_pcode" if unit == "admin2" else "pgm_gid"
    pv = within(political_violence(events), months).dropna(subset=[column])
    keys = pv[column].astype("int64").astype(str) if unit == "pgm" else pv[column].astype(str)
    position = pd.Series(np.arange(len(units)), index=units["unit"].to_numpy())
    col = position.reindex(keys.to_numpy()).to_numpy()
    row = month_index(pv["event_date"]) - months.start.index
    ok = ~np.isnan(col)
    cube = np.zeros((len(months), len(units)))
    np.add.at(cube, (row[ok], col[ok].astype("int64")), 1)
    return cube


def emerging_hotspots(events: pd.DataFrame, unit: str = "admin2", countries: tuple[str, ...] | None = None,
                      months: MonthRange | None = None, window: int = 3, alpha: float = 0.05,
                      fdr: bool = True, min_steps: int = MIN_STEPS) -> pd.DataFrame:
    """One row per unit and month: unit, name, country_iso3, month, events, gi_z, gi_p,
    bin ("hot", "cold" or ""), category (ESRI's pattern using the bins up to that month;
    "" before ``min_steps`` months or when no pattern). The last month's category is the
    tool's answer for the whole period; ``hotspot_summary`` keeps only it."""
    require(events, ("event_date", "event_type", "country_iso3",
                     "admin2_pcode" if unit == "admin2" else "pgm_gid"), "emerging_hotspots")
    if window < 1:
        raise InvalidValue(f"window must be at least 1 month, got {window}")
    months = months_of(political_violence(events), months)
    countries = tuple(countries) if countries else tuple(sorted(events["country_iso3"].dropna().unique()))
    units = unit_geometries(unit, countries)
    if units.empty:
        raise InvalidValue(f"no {unit} units in the bundled boundaries for {', '.join(countries)}")
    cube = event_cube(events, units, unit, months)
    steps, n = cube.shape
    weights = space_time_weights(spatial_weights(units, unit), steps, window)
    z, p = gi_star(cube.ravel(), weights)
    z, p = z.reshape(steps, n), p.reshape(steps, n)
    significant = np.zeros_like(p, dtype=bool)
    for t in range(steps):
        significant[t] = fdr_significant(p[t], alpha) if fdr else p[t] <= alpha
    hot, cold = significant & (z > 0), significant & (z < 0)
    category = np.full((steps, n), "", dtype=object)
    ever = (hot | cold).any(axis=0)
    for j in np.flatnonzero(ever):
        for t in range(min_steps - 1, steps):
            if hot[t, j] or cold[t, j] or hot[: t + 1, j].sum() >= 0.9 * (t + 1) \
                    or cold[: t + 1, j].sum() >= 0.9 * (t + 1):
                category[t, j] = classify(hot[: t + 1, j], cold[: t + 1, j], z[: t + 1, j], alpha, min_steps)
    labels = month_label(np.arange(months.start.index, months.end.index + 1))
    return pd.DataFrame({
        "unit": np.tile(units["unit"].to_numpy(), steps),
        "name": np.tile(units["name"].to_numpy(), steps),
        "country_iso3": np.tile(units["country_iso3"].to_numpy(), steps),
        "month": np.repeat(labels, n),
        "events": cube.ravel().astype("int64"),
        "gi_z": z.ravel(), "gi_p": p.ravel(),
        "bin": np.where(hot.ravel(), "hot", np.where(cold.ravel(), "cold", "")),
        "category": category.ravel(),
    })


def hotspot_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Each unit's pattern over the whole period (its last month's category), with the
    month it first showed as a hot spot of any kind and as a new hot spot."""
    last = table[table["month"] == table["month"].max()].set_index("unit")
    hot = table[table["bin"] == "hot"].groupby("unit")["month"].min()
    new = table[table["category"] == "new hot spot"].groupby("unit")["month"].min()
    out = last[["name", "country_iso3", "category"]].copy()
    out["first_hot"] = hot.reindex(out.index)
    out["first_new_hot_spot"] = new.reindex(out.index)
    out["events"] = table.groupby("unit")["events"].sum().reindex(out.index)
    return out.reset_index()


def first_month(table: pd.DataFrame, category: str, units=None) -> str | None:
    """The first month any of ``units`` (all when None) has ``category``."""
    rows = table[table["category"] == category]
    if units is not None:
        rows = rows[rows["unit"].isin(list(units))]
    return None if rows.empty else str(rows["month"].min())


_COLOURS = {"new": "#67000d", "consecutive": "#a50f15", "intensifying": "#d7301f", "persistent": "#ef6548",
            "diminishing": "#fc8d59", "sporadic": "#fdbb84", "oscillating": "#fdd49e", "historical": "#fee8c8"}


def plot_hotspots(table: pd.DataFrame, units: gpd.GeoDataFrame, path, month: str | None = None,
                  title: str | None = None):
    """Map each unit's category as of ``month`` (the last month when None) over the
    admin-1 boundaries of its countries; PNG to ``path``. Returns the path."""
    from veille.analysis._plot import base_map, pyplot

    plt = pyplot()
    month = month or table["month"].max()
    rows = table[table["month"] == month].set_index("unit")["category"]
    shapes = units.assign(category=rows.reindex(units["unit"]).fillna("").to_numpy())
    fig, ax = plt.subplots(figsize=(9, 7))
    shapes.plot(ax=ax, color="#f7f7f7", edgecolor="#dddddd", linewidth=0.2)
    handles = []
    from matplotlib.patches import Patch

    for name in HOT_CATEGORIES:
        for kind, colour in ((f"{name} hot spot", _COLOURS[name]), (f"{name} cold spot", None)):
            chosen = shapes[shapes["category"] == kind]
            if chosen.empty:
                continue
            fill = colour or "#4393c3"
            chosen.plot(ax=ax, color=fill, edgecolor="#555555", linewidth=0.2)
            handles.append(Patch(color=fill, label=f"{kind} ({len(chosen)})"))
    base_map(ax, sorted(units["country_iso3"].dropna().unique()), level=1)
    ax.legend(handles=handles, loc="lower left", fontsize=7)
    ax.set_title(title or f"Emerging hot spots as of {month}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["CATEGORIES", "HOT_CATEGORIES", "classify", "emerging_hotspots", "event_cube", "fdr_significant",
           "first_month", "gi_star", "hotspot_summary", "mann_kendall", "plot_hotspots", "space_time_weights",
           "spatial_weights", "unit_geometries"]
