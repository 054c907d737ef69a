"""Matplotlib on the Agg backend (no display needed) and the boundaries as a base map."""

from __future__ import annotations


def pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def base_map(ax, countries, level: int = 1) -> None:
    """Draw the countries' outlines and their admin-``level`` boundaries on ``ax``."""
    from veille.geo import admin_units

    for iso3 in countries:
        inner = admin_units(level=level, country_iso3=iso3)
        if not inner.empty:
            inner.boundary.plot(ax=ax, color="#bbbbbb", linewidth=0.3)
        outline = admin_units(level=0, country_iso3=iso3)
        if not outline.empty:
            outline.boundary.plot(ax=ax, color="#444444", linewidth=0.8)
    ax.set_axis_off()
    ax.set_aspect("equal")
