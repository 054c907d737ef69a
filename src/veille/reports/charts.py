"""The brief's charts and maps as PNG bytes, labelled in the brief's language.

They draw the tables of ``veille.analysis`` and ``veille.forecast`` (the analysis
modules' own plot functions label in English only); the bundled boundaries are the
base map, so no tile server is needed.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from veille.analysis._plot import pyplot
from veille.geo import admin_units
from veille.taxonomy import BATTLES, REMOTE, VAC

TYPE_COLOURS = {BATTLES: "#b2182b", REMOTE: "#ef8a62", VAC: "#2166ac"}
HOT_COLOURS = {"new": "#67000d", "consecutive": "#a50f15", "intensifying": "#d7301f", "persistent": "#ef6548",
               "diminishing": "#fc8d59", "sporadic": "#fdbb84", "oscillating": "#fdd49e", "historical": "#fee8c8"}


def _png(fig) -> bytes:
    plt = pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130)
    plt.close(fig)
    return buffer.getvalue()


def _base(ax, countries, neighbours=()) -> None:
    for iso3 in neighbours:
        outline = admin_units(level=0, country_iso3=iso3)
        if not outline.empty:
            outline.plot(ax=ax, color="#f4f4f4", edgecolor="#9a9a9a", linewidth=0.5)
    for iso3 in countries:
        inner = admin_units(level=1, country_iso3=iso3)
        outline = admin_units(level=0, country_iso3=iso3)
        if not outline.empty:
            outline.plot(ax=ax, color="#ffffff", edgecolor="#333333", linewidth=0.9)
        if not inner.empty:
            inner.boundary.plot(ax=ax, color="#bbbbbb", linewidth=0.35)
    ax.set_axis_off()
    ax.set_aspect("equal")


def _extent(ax, countries, margin: float = 0.4) -> None:
    shapes = admin_units(level=0)
    shapes = shapes[shapes["country_iso3"].isin(countries)]
    if shapes.empty:
        return
    west, south, east, north = shapes.total_bounds
    ax.set_xlim(west - margin, east + margin)
    ax.set_ylim(south - margin, north + margin)


def events_map(events: pd.DataFrame, countries: tuple[str, ...], labels: dict, title: str,
               neighbours: tuple[str, ...] = ()) -> bytes:
    """Political-violence events as points (colour: event type, size: fatalities) over
    the countries' admin-1 boundaries, neighbours shaded."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.2, 6.0))
    _base(ax, countries, neighbours)
    for kind, colour in TYPE_COLOURS.items():
        rows = events[events["event_type"] == kind].dropna(subset=["latitude", "longitude"])
        if rows.empty:
            continue
        size = 8 + 5 * np.sqrt(rows["fatalities"].fillna(0).to_numpy())
        ax.scatter(rows["longitude"], rows["latitude"], s=size, color=colour, alpha=0.7, edgecolor="white",
                   linewidth=0.3, label=f"{labels[kind]} ({len(rows)})", zorder=3)
    _extent(ax, countries)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower left", fontsize=7, frameon=True)
    else:
        ax.text(0.5, 0.5, labels["no_events"], transform=ax.transAxes, ha="center", fontsize=9, color="#555555")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return _png(fig)


def hotspot_map(table: pd.DataFrame, units, countries: tuple[str, ...], month: str, labels: dict, title: str) -> bytes:
    """Each admin-2 unit's emerging hot spot category as of ``month``."""
    from matplotlib.patches import Patch

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.2, 6.0))
    rows = table[table["month"] == month].set_index("unit")["category"]
    shapes = units.assign(category=rows.reindex(units["unit"]).fillna("").to_numpy())
    shapes.plot(ax=ax, color="#f7f7f7", edgecolor="#dddddd", linewidth=0.2)
    handles = []
    for name, colour in HOT_COLOURS.items():
        for kind, fill in ((f"{name} hot spot", colour), (f"{name} cold spot", "#4393c3")):
            chosen = shapes[shapes["category"] == kind]
            if chosen.empty:
                continue
            chosen.plot(ax=ax, color=fill, edgecolor="#555555", linewidth=0.2)
            handles.append(Patch(color=fill, label=f"{labels.get(kind, kind)} ({len(chosen)})"))
    _base_lines(ax, countries)
    _extent(ax, countries, margin=0.2)
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=7)
    else:
        ax.text(0.5, 0.02, labels["no_hotspots"], transform=ax.transAxes, ha="center", fontsize=8, color="#555555")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return _png(fig)


def _base_lines(ax, countries) -> None:
    for iso3 in countries:
        inner = admin_units(level=1, country_iso3=iso3)
        if not inner.empty:
            inner.boundary.plot(ax=ax, color="#999999", linewidth=0.4)
        outline = admin_units(level=0, country_iso3=iso3)
        if not outline.empty:
            outline.boundary.plot(ax=ax, color="#333333", linewidth=0.9)
    ax.set_axis_off()
    ax.set_aspect("equal")


def trend_chart(monthly: pd.DataFrame, labels: dict, title: str) -> bytes:
    """Political-violence events (bars) and fatalities (line) per month, one panel per country."""
    plt = pyplot()
    countries = list(dict.fromkeys(monthly["country_iso3"]))
    fig, axes = plt.subplots(len(countries), 1, figsize=(7.2, 1.9 * len(countries) + 0.6), squeeze=False,
                             sharex=True)
    for ax, iso3 in zip(axes[:, 0], countries):
        rows = monthly[monthly["country_iso3"] == iso3]
        when = pd.to_datetime(rows["month"] + "-01")
        ax.bar(when, rows["events"], width=24, color="#9ecae1", label=labels["events"])
        ax.set_ylabel(labels["events"], fontsize=7)
        ax.set_ylim(bottom=0, top=max(1.0, float(rows["events"].max()) * 1.1))
        twin = ax.twinx()
        twin.plot(when, rows["fatalities"], color="#b2182b", lw=1.2, label=labels["fatalities"])
        twin.set_ylabel(labels["fatalities"], fontsize=7, color="#b2182b")
        twin.set_ylim(bottom=0, top=max(1.0, float(rows["fatalities"].max()) * 1.1))
        ax.set_title(labels["country_names"][iso3], fontsize=8, loc="left")
        ax.tick_params(labelsize=7)
        twin.tick_params(labelsize=7)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _png(fig)


def spillover_chart(table: pd.DataFrame, labels: dict, title: str) -> bytes:
    """Events by distance band from the front (stacked bars), one panel per country."""
    from veille.analysis.spillover import BANDS

    plt = pyplot()
    countries = list(dict.fromkeys(table["country_iso3"]))
    fig, axes = plt.subplots(len(countries), 1, figsize=(7.2, 1.9 * len(countries) + 0.6), squeeze=False,
                             sharex=True)
    colours = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0")
    for ax, iso3 in zip(axes[:, 0], countries):
        rows = table[table["country_iso3"] == iso3]
        when = pd.to_datetime(rows["month"] + "-01")
        bottom = np.zeros(len(rows))
        for (low, high, name), colour in zip(BANDS, colours):
            band = f"{low:g}–{high:g} km" if np.isfinite(high) else f"{low:g}+ km"
            ax.bar(when, rows[f"events_{name}"], width=24, bottom=bottom, color=colour, label=band)
            bottom += rows[f"events_{name}"].to_numpy()
        origin = rows["measured_from"].iloc[0] if len(rows) else "sahel-front"
        where = labels["front"] if origin == "sahel-front" else labels["border_of"].format(
            country=labels["country_names"].get(origin, origin))
        ax.set_title(f"{labels['country_names'][iso3]} — {where}", fontsize=8, loc="left")
        ax.tick_params(labelsize=7)
        ax.set_ylabel(labels["events"], fontsize=7)
    axes[0, 0].legend(fontsize=7, ncol=4, loc="upper left")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _png(fig)


def forecast_chart(observed: pd.DataFrame, forecast: pd.DataFrame, labels: dict, title: str) -> bytes:
    """Observed monthly fatalities, then the forecast's median with its 50 % and 90 %
    intervals (draws summed over each country's units), one panel per country."""
    plt = pyplot()
    countries = list(dict.fromkeys(forecast["country_iso3"]))
    fig, axes = plt.subplots(len(countries), 1, figsize=(7.2, 1.9 * len(countries) + 0.6), squeeze=False)
    for ax, iso3 in zip(axes[:, 0], countries):
        past = observed[observed["country_iso3"] == iso3]
        ax.plot(pd.to_datetime(past["month"] + "-01"), past["fatalities"], color="#333333", lw=1.2,
                label=labels["observed"])
        mine = forecast[forecast["country_iso3"] == iso3]
        months, bands = [], []
        for month, group in mine.groupby("month"):
            totals = np.sum(np.stack([np.asarray(d, dtype=float) for d in group["draws"]]), axis=0)
            months.append(pd.Timestamp(month + "-01"))
            bands.append(np.quantile(totals, [0.05, 0.25, 0.5, 0.75, 0.95]))
        if months:
            bands = np.array(bands)
            ax.fill_between(months, bands[:, 0], bands[:, 4], color="#fdd0a2", label=labels["interval90"])
            ax.fill_between(months, bands[:, 1], bands[:, 3], color="#fd8d3c", label=labels["interval50"])
            ax.plot(months, bands[:, 2], color="#a63603", lw=1.2, label=labels["median"])
        ax.set_title(labels["country_names"][iso3], fontsize=8, loc="left")
        ax.tick_params(labelsize=7)
        ax.set_ylabel(labels["fatalities"], fontsize=7)
        ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
    axes[0, 0].legend(fontsize=7, loc="upper left", ncol=4)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _png(fig)


__all__ = ["events_map", "forecast_chart", "hotspot_map", "spillover_chart", "trend_chart"]
