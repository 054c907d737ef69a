"""Indicators after ACLED's Conflict Index, per country (or admin-1) and period.

- deadliness: fatalities from political violence;
- danger to civilians: events targeting civilians (violence against civilians, and
  explosions or remote violence with civilians as the second actor type, ``inter2 == 7``);
- diffusion: the share of 10 km × 10 km cells (an equal-area grid over the unit's
  territory) with at least ``diffusion_min`` political-violence events — ACLED uses 10
  events a year; the default here is 1 a month, scale it with the period;
- fragmentation: the number of distinct non-state armed groups (actor types 2, 3 and 4)
  active in political violence.
ACLED ranks countries on these yearly; here they are monthly or yearly, for trends.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pyproj
import shapely

from veille.analysis._frame import month_index, month_label, political_violence, require
from veille.errors import InvalidValue
from veille.geo import admin_units
from veille.taxonomy import REMOTE, VAC

CELL_KM = 10.0
EQUAL_AREA = "+proj=aea +lat_1=5 +lat_2=20 +lat_0=12 +lon_0=-2 +datum=WGS84 +units=m +no_defs"
ARMED_GROUP_TYPES = (2, 3, 4)  # rebel groups, political militias, identity militias
CIVILIANS = 7


@cache
def _equal_area() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)


def _cell_keys(lat, lon) -> np.ndarray:
    x, y = _equal_area().transform(np.asarray(lon, float), np.asarray(lat, float))
    size = CELL_KM * 1000
    return (np.floor(x / size).astype("int64") * 1_000_003 + np.floor(y / size).astype("int64"))


@cache
def territory_cells(pcode_or_iso3: str, level: int) -> int:
    """How many 10 km cells a unit's territory covers (its equal-area area / 100 km²)."""
    units = admin_units(level=level)
    column = "country_iso3" if level == 0 else "pcode"
    polygon = shapely.union_all(units[units[column] == pcode_or_iso3].geometry.values)
    if polygon.is_empty:
        return 0
    projected = shapely.transform(polygon, lambda xy: np.column_stack(_equal_area().transform(xy[:, 0], xy[:, 1])))
    return max(1, int(round(projected.area / (CELL_KM * 1000) ** 2)))


def conflict_indicators(events: pd.DataFrame, unit: str = "country", period: str = "month",
                        diffusion_min: int = 1) -> pd.DataFrame:
    """Per unit (``country`` or ``admin1``) and period (``month`` or ``year``):
    events, deadliness (fatalities), danger_to_civilians (events), civilian_fatalities,
    cells_with_events, territory_cells, diffusion (share), fragmentation (armed groups)."""
    if unit not in ("country", "admin1"):
        raise InvalidValue(f"unit must be country or admin1, got {unit!r}")
    if period not in ("month", "year"):
        raise InvalidValue(f"period must be month or year, got {period!r}")
    column, level = ("country_iso3", 0) if unit == "country" else ("admin1_pcode", 1)
    require(events, ("event_date", "event_type", "country_iso3", column, "latitude", "longitude",
                     "fatalities", "actor1", "actor2", "inter1", "inter2"), "conflict_indicators")
    pv = political_violence(events).dropna(subset=[column])
    m = month_index(pv["event_date"])
    when = month_label(m) if period == "month" else [str(i // 12) for i in m]
    targets_civilians = (pv["event_type"] == VAC) | ((pv["event_type"] == REMOTE) & (pv["inter2"] == CIVILIANS))
    frame = pd.DataFrame({
        "unit": pv[column].to_numpy(), "country_iso3": pv["country_iso3"].to_numpy(), "period": when,
        "fatalities": pv["fatalities"].fillna(0).to_numpy(),
        "civilian_fatalities": pv.get("civilian_fatalities", pd.Series(0, index=pv.index)).fillna(0).to_numpy(),
        "civilians": targets_civilians.to_numpy(), "cell": _cell_keys(pv["latitude"], pv["longitude"]),
    })
    grouped = frame.groupby(["unit", "period"])
    out = grouped.agg(country_iso3=("country_iso3", "first"), events=("cell", "size"),
                      deadliness=("fatalities", "sum"), danger_to_civilians=("civilians", "sum"),
                      civilian_fatalities=("civilian_fatalities", "sum"))
    cells = frame.groupby(["unit", "period", "cell"]).size()
    out["cells_with_events"] = (cells >= diffusion_min).groupby(level=["unit", "period"]).sum()
    out = out.reset_index()
    out["territory_cells"] = [territory_cells(u, level) for u in out["unit"]]
    out["diffusion"] = out["cells_with_events"] / out["territory_cells"].where(out["territory_cells"] > 0)
    groups = []
    for side, kind in (("actor1", "inter1"), ("actor2", "inter2")):
        armed = pv[pv[kind].isin(ARMED_GROUP_TYPES)]
        groups.append(pd.DataFrame({"unit": armed[column].to_numpy(), "actor": armed[side].to_numpy(),
                                    "period": np.asarray(when, dtype=object)[pv.index.get_indexer(armed.index)]}))
    actors = pd.concat(groups).dropna()
    fragmentation = actors.groupby(["unit", "period"])["actor"].nunique()
    out["fragmentation"] = fragmentation.reindex(pd.MultiIndex.from_frame(out[["unit", "period"]])) \
        .fillna(0).astype("int64").to_numpy()
    return out.sort_values(["unit", "period"]).reset_index(drop=True)


def plot_indicators(table: pd.DataFrame, path, title: str | None = None):
    """The four indicators over time, one line per unit; PNG to ``path``."""
    from veille.analysis._plot import pyplot

    plt = pyplot()
    fig, axes = plt.subplots(2, 2, figsize=(11, 6), sharex=True)
    for ax, column in zip(axes.ravel(), ("deadliness", "danger_to_civilians", "diffusion", "fragmentation")):
        for name, rows in table.groupby("unit"):
            stamp = rows["period"].astype(str)
            when = pd.to_datetime(stamp + ("-01" if stamp.str.len().iloc[0] == 7 else "-07-01"))
            ax.plot(when, rows[column], lw=1, label=str(name))
        ax.set_title(column.replace("_", " "), fontsize=9)
    axes[0, 0].legend(fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["conflict_indicators", "plot_indicators", "territory_cells"]
