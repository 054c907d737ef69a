"""Spillover: how far from the front violence reaches, month by month.

For a coastal state the distance is ``border_km``: how far an event lies from the Sahel
front (the outer border of Burkina Faso, Mali and Niger). For Burkina Faso and Niger it
is the distance from the border with Mali, where the jihadist insurgency of 2012 began,
so that Mali → Burkina Faso spread reads the same way as Burkina Faso → Togo. Mali
itself has no such origin; for it the distance is ``border_km``, the depth inside the
Sahel-3 from their outer border. ``ORIGINS`` holds that choice; pass ``origin=`` to
measure from another neighbour.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pyproj
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from veille.analysis._frame import month_index, month_label, months_of, political_violence, require, within
from veille.countries import COASTAL_FOCUS
from veille.geo import admin_units
from veille.geo.border import FRONT_CRS
from veille.model import MonthRange

BANDS: tuple[tuple[float, float, str], ...] = (
    (0, 20, "0_20"), (20, 50, "20_50"), (50, 100, "50_100"), (100, np.inf, "100_plus"))
# Where spread into each Sahel country is measured from; coastal states use the Sahel front.
ORIGINS: dict[str, str] = {"BFA": "MLI", "NER": "MLI"}
SPILLOVER_COLUMNS = ("event_id", "event_date", "country_iso3", "admin2_pcode", "latitude", "longitude",
                     "border_km", "fatalities", "event_type")


@cache
def _projector() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", FRONT_CRS, always_xy=True)


def _project(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    return _projector().transform(np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))


@cache
def _country_outline(iso3: str) -> shapely.Geometry:
    """A country's polygon in the front's equidistant projection (metres)."""
    polygon = shapely.union_all(admin_units(level=0, country_iso3=iso3).geometry.values)
    return shapely.transform(polygon, lambda xy: np.column_stack(_project(xy[:, 1], xy[:, 0])))


def distance_from_country_km(lat, lon, origin_iso3: str) -> np.ndarray:
    """Planar distance (km, equidistant conic over West Africa) from each point to a country.

    Points inside that country get 0. Within a few km of the geodesic distance over the
    region, which is finer than the distance bands."""
    x, y = _project(lat, lon)
    points = shapely.points(x, y)
    return shapely.distance(_country_outline(origin_iso3), points) / 1000.0


def front_distance(events: pd.DataFrame, country_iso3: str, origin: str | None = None) -> tuple[pd.Series, str]:
    """Each event's distance (km) from where spread into ``country_iso3`` comes from, and
    that origin's name: ``sahel-front`` or an ISO3 code."""
    origin = origin or ORIGINS.get(country_iso3)
    if origin is None:
        return events["border_km"].astype("float64"), "sahel-front"
    km = distance_from_country_km(events["latitude"], events["longitude"], origin)
    return pd.Series(km, index=events.index), origin


def newly_affected_units(events: pd.DataFrame, level: int = 2, lookback: int = 12) -> pd.DataFrame:
    """Admin units with their first political-violence event ever, or their first after
    ``lookback`` quiet months. One row per unit and month it (re)appears: country_iso3,
    pcode, month, first_ever, quiet_months (None when first ever), events, event_ids."""
    column = f"admin{level}_pcode"
    require(events, ("event_id", "event_date", "country_iso3", column), "newly_affected_units")
    pv = political_violence(events).dropna(subset=[column])
    frame = pd.DataFrame({"country_iso3": pv["country_iso3"].to_numpy(), "pcode": pv[column].to_numpy(),
                          "m": month_index(pv["event_date"]), "event_id": pv["event_id"].to_numpy()})
    monthly = (frame.groupby(["country_iso3", "pcode", "m"], sort=True)
               .agg(events=("event_id", "size"), event_ids=("event_id", list)).reset_index())
    previous = monthly.groupby(["country_iso3", "pcode"])["m"].shift(1)
    gap = monthly["m"] - previous
    new = previous.isna() | (gap > lookback)
    out = monthly[new].copy()
    out["first_ever"] = previous[new].isna().to_numpy()
    out["quiet_months"] = (gap[new] - 1).astype("Int64").to_numpy()
    out["month"] = month_label(out["m"]) if len(out) else []
    return out[["country_iso3", "pcode", "month", "first_ever", "quiet_months", "events", "event_ids"]] \
        .reset_index(drop=True)


def cross_border_clusters(events: pd.DataFrame, km: float = 50.0, days: int = 30) -> pd.DataFrame:
    """Groups of political-violence events on both sides of an international border.

    Two events in different countries are linked when they lie within ``km`` of each other
    and ``days`` of each other; a cluster is a connected group of such links. Only events
    within ``km`` of their own country's border can take part, which keeps this fast.
    Columns: cluster, countries ("; "-joined), start, end, events, fatalities, event_ids,
    latitude, longitude (the cluster's mean point)."""
    require(events, ("event_id", "event_date", "country_iso3", "latitude", "longitude", "fatalities"),
            "cross_border_clusters")
    pv = political_violence(events).dropna(subset=["latitude", "longitude", "country_iso3"])
    empty = pd.DataFrame(columns=["cluster", "countries", "start", "end", "events", "fatalities",
                                  "event_ids", "latitude", "longitude"])
    if pv.empty:
        return empty
    x, y = _project(pv["latitude"], pv["longitude"])
    near = np.zeros(len(pv), dtype=bool)
    countries = pv["country_iso3"].to_numpy()
    for iso3 in np.unique(countries):
        mine = countries == iso3
        if admin_units(level=0, country_iso3=iso3).empty:
            continue
        outline = shapely.boundary(_country_outline(iso3))
        near[mine] = shapely.distance(outline, shapely.points(x[mine], y[mine])) <= km * 1000
    if near.sum() < 2:
        return empty
    idx = np.flatnonzero(near)
    day = pd.to_datetime(pv["event_date"]).to_numpy().astype("datetime64[D]").astype("int64")
    # Scale so that a box of side 1 is km x km x days; then keep pairs truly within km.
    points = np.column_stack([x[idx] / (km * 1000), y[idx] / (km * 1000), day[idx] / days])
    pairs = cKDTree(points).query_pairs(1.0, p=np.inf, output_type="ndarray")
    if len(pairs):
        a, b = pairs[:, 0], pairs[:, 1]
        keep = (countries[idx[a]] != countries[idx[b]]) & \
               (np.hypot(points[a, 0] - points[b, 0], points[a, 1] - points[b, 1]) <= 1.0)
        pairs = pairs[keep]
    if not len(pairs):
        return empty
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(idx), len(idx)))
    _, label = connected_components(graph, directed=False)
    linked = np.zeros(len(idx), dtype=bool)
    linked[pairs.ravel()] = True
    members = pv.iloc[idx[linked]].assign(cluster=label[linked])
    out = (members.groupby("cluster")
           .agg(countries=("country_iso3", lambda s: "; ".join(sorted(set(s)))),
                start=("event_date", "min"), end=("event_date", "max"), events=("event_id", "size"),
                fatalities=("fatalities", "sum"), event_ids=("event_id", list),
                latitude=("latitude", "mean"), longitude=("longitude", "mean"))
           .sort_values("start").reset_index(drop=True))
    out.insert(0, "cluster", np.arange(1, len(out) + 1))
    return out


def spillover(events: pd.DataFrame, countries: tuple[str, ...] | None = None,
              months: MonthRange | None = None, origin: str | None = None,
              cluster_km: float = 50.0, cluster_days: int = 30, lookback: int = 12) -> pd.DataFrame:
    """Per country and month: political-violence events and fatalities by distance band
    from the front (0-20, 20-50, 50-100, 100+ km), median and deepest distance, admin-2
    units newly affected, and cross-border clusters that began that month.

    Columns: country_iso3, month, measured_from, events, fatalities, events_<band>,
    fatalities_<band> for each band, median_km, deepest_km, new_admin2, new_admin2_pcodes,
    cross_border_clusters. Every month of the range appears, with zeros when quiet."""
    require(events, SPILLOVER_COLUMNS, "spillover")
    pv = political_violence(events)
    months = months_of(pv, months)
    countries = tuple(countries) if countries else tuple(sorted(pv["country_iso3"].dropna().unique()))
    new_units = newly_affected_units(pv, level=2, lookback=lookback)
    clusters = cross_border_clusters(within(pv, MonthRange(months.start - 1, months.end)), cluster_km,
                                     cluster_days)
    rows = []
    all_months = [str(m) for m in months]
    for iso3 in countries:
        mine = within(pv[pv["country_iso3"] == iso3], months)
        km, measured_from = front_distance(mine, iso3, origin)
        frame = pd.DataFrame({"month": month_label(month_index(mine["event_date"])) if len(mine) else [],
                              "km": km.to_numpy(), "fatalities": mine["fatalities"].fillna(0).to_numpy()})
        band = np.full(len(frame), "", dtype=object)
        for low, high, name in BANDS:
            band[(frame["km"] >= low) & (frame["km"] < high)] = name
        frame["band"] = band
        grouped = frame.groupby("month")
        table = pd.DataFrame(index=pd.Index(all_months, name="month"))
        table["events"] = grouped.size()
        table["fatalities"] = grouped["fatalities"].sum()
        for _, _, name in BANDS:
            inside = frame[frame["band"] == name].groupby("month")
            table[f"events_{name}"] = inside.size()
            table[f"fatalities_{name}"] = inside["fatalities"].sum()
        table["median_km"] = grouped["km"].median()
        table["deepest_km"] = grouped["km"].max()
        new_here = new_units[new_units["country_iso3"] == iso3].groupby("month")["pcode"]
        table["new_admin2"] = new_here.size()
        table["new_admin2_pcodes"] = new_here.agg(lambda s: "; ".join(sorted(s)))
        if len(clusters):
            touching = clusters[clusters["countries"].str.contains(iso3)]
            table["cross_border_clusters"] = touching.groupby(
                month_label(month_index(touching["start"])) if len(touching) else []).size() \
                if len(touching) else 0
        else:
            table["cross_border_clusters"] = 0
        counts = [c for c in table.columns if c not in ("median_km", "deepest_km", "new_admin2_pcodes")]
        table[counts] = table[counts].fillna(0).astype("int64")
        table["new_admin2_pcodes"] = table["new_admin2_pcodes"].fillna("")
        table = table.reset_index()
        table.insert(0, "country_iso3", iso3)
        table.insert(2, "measured_from", measured_from)
        rows.append(table)
    if not rows:
        return pd.DataFrame()
    return pd.concat(rows, ignore_index=True)


def first_month_in_band(table: pd.DataFrame, country_iso3: str, band: str = "0_20") -> str | None:
    """The first month ``spillover`` shows an event in ``band`` for a country, or None."""
    rows = table[(table["country_iso3"] == country_iso3) & (table[f"events_{band}"] > 0)]
    return None if rows.empty else str(rows["month"].iloc[0])


def plot_spillover(table: pd.DataFrame, path, country_iso3: str | None = None, title: str | None = None):
    """Events by distance band (stacked bars) and the median and deepest distance (lines),
    one panel per country; written as PNG to ``path``. Returns the path."""
    from veille.analysis._plot import pyplot

    plt = pyplot()
    countries = [country_iso3] if country_iso3 else list(dict.fromkeys(table["country_iso3"]))
    fig, axes = plt.subplots(len(countries), 1, figsize=(10, 3.2 * len(countries)), squeeze=False)
    colours = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0")
    for ax, iso3 in zip(axes[:, 0], countries):
        rows = table[table["country_iso3"] == iso3]
        when = pd.to_datetime(rows["month"] + "-01")
        bottom = np.zeros(len(rows))
        for (low, high, name), colour in zip(BANDS, colours):
            label = f"{low:g}-{high:g} km" if np.isfinite(high) else f"{low:g}+ km"
            ax.bar(when, rows[f"events_{name}"], width=25, bottom=bottom, color=colour, label=label)
            bottom += rows[f"events_{name}"].to_numpy()
        ax.set_ylabel("events / month")
        origin = rows["measured_from"].iloc[0] if len(rows) else ""
        ax.set_title(f"{iso3}: political violence by distance from "
                     f"{'the Sahel front' if origin == 'sahel-front' else origin + ' border'}", fontsize=10)
        twin = ax.twinx()
        twin.plot(when, rows["median_km"], color="#2166ac", lw=1, label="median km")
        twin.plot(when, rows["deepest_km"], color="#053061", lw=1, ls=":", label="deepest km")
        twin.set_ylabel("km")
        handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax.legend(handles=handles, fontsize=7, loc="upper left", ncol=3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["BANDS", "COASTAL_FOCUS", "ORIGINS", "cross_border_clusters", "distance_from_country_km",
           "first_month_in_band", "front_distance", "newly_affected_units", "plot_spillover", "spillover"]
