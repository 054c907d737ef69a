"""Who fights where: first appearances, pairs of adversaries, allies, JNIM against IS Sahel.

Actors are the canonical ids of ``actors/`` (``jnim``, ``is-sahel``, ``military-forces-bfa``);
an event involves its actor1, actor2 and every "; "-joined associated actor. ACLED's
"jnim-or-is-sahel" (attribution uncertain) is counted apart, never split between the two.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from veille.analysis._frame import month_index, month_label, political_violence, require
from veille.errors import InvalidValue

JNIM = "jnim"
IS_SAHEL = "is-sahel"
EITHER = "jnim-or-is-sahel"
LEVELS = {"country": "country_iso3", "admin1": "admin1_pcode", "admin2": "admin2_pcode"}


def involvements(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, actor) with the actor's role: actor1, actor2, assoc_actor1, assoc_actor2."""
    require(events, ("event_id", "event_date", "actor1", "actor2"), "involvements")
    parts = []
    for role in ("actor1", "actor2", "assoc_actor1", "assoc_actor2"):
        if role not in events.columns:
            continue
        values = events[role].dropna().astype(str).str.split(";").explode().str.strip()
        values = values[values != ""]
        part = events.loc[values.index].drop(columns=[c for c in ("actor", "role") if c in events.columns])
        parts.append(part.assign(actor=values.to_numpy(), role=role))
    return pd.concat(parts, ignore_index=True) if parts else events.iloc[:0].assign(actor=[], role=[])


def first_appearances(events: pd.DataFrame, level: str = "country") -> pd.DataFrame:
    """The first event of each actor in each country (or admin-1, admin-2): columns
    actor, area, country_iso3, first_date, month, event_id, events (total there)."""
    if level not in LEVELS:
        raise InvalidValue(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    column = LEVELS[level]
    require(events, ("event_id", "event_date", "country_iso3", column), "first_appearances")
    rows = involvements(events).dropna(subset=[column]).sort_values(["event_date", "event_id"])
    totals = rows.groupby(["actor", column]).size()
    first = rows.drop_duplicates(["actor", column]).copy()
    out = pd.DataFrame({"actor": first["actor"].to_numpy(), "area": first[column].to_numpy(),
                        "country_iso3": first["country_iso3"].to_numpy(),
                        "first_date": pd.to_datetime(first["event_date"]).dt.date.to_numpy(),
                        "event_id": first["event_id"].to_numpy()})
    out["month"] = month_label(month_index(first["event_date"])) if len(out) else []
    out["events"] = totals.reindex(pd.MultiIndex.from_frame(out[["actor", "area"]])).to_numpy()
    return out.sort_values(["first_date", "actor"]).reset_index(drop=True)


def actor_pairs(events: pd.DataFrame, period: str = "year") -> pd.DataFrame:
    """Who fought whom: political-violence events and fatalities per unordered pair of
    actor1/actor2 and period (``year`` or ``month``). Columns: actor_a, actor_b (sorted),
    period, events, fatalities."""
    require(events, ("event_date", "event_type", "actor1", "actor2", "fatalities"), "actor_pairs")
    pv = political_violence(events).dropna(subset=["actor1", "actor2"])
    a, b = pv["actor1"].astype(str).to_numpy(), pv["actor2"].astype(str).to_numpy()
    m = month_index(pv["event_date"])
    frame = pd.DataFrame({"actor_a": np.minimum(a, b), "actor_b": np.maximum(a, b),
                          "period": month_label(m) if period == "month" else [str(i // 12) for i in m],
                          "fatalities": pv["fatalities"].fillna(0).to_numpy()})
    return (frame.groupby(["actor_a", "actor_b", "period"])
            .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
            .reset_index().sort_values(["period", "events"], ascending=[True, False]).reset_index(drop=True))


def associated_actors(events: pd.DataFrame, actor: str | None = None) -> pd.DataFrame:
    """Actors named as associated with a main actor on the same side: actor, associate,
    events, first_date, last_date. ``actor`` keeps one main actor's associates."""
    require(events, ("event_date", "actor1", "actor2"), "associated_actors")
    parts = []
    for main, assoc in (("actor1", "assoc_actor1"), ("actor2", "assoc_actor2")):
        if assoc not in events.columns:
            continue
        rows = events.dropna(subset=[main, assoc])
        values = rows[assoc].astype(str).str.split(";").explode().str.strip()
        values = values[values != ""]
        parts.append(pd.DataFrame({"actor": rows.loc[values.index, main].to_numpy(), "associate": values.to_numpy(),
                                   "event_date": pd.to_datetime(rows.loc[values.index, "event_date"]).to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["actor", "associate", "events", "first_date", "last_date"])
    frame = pd.concat(parts, ignore_index=True)
    if actor:
        frame = frame[frame["actor"] == actor]
    out = frame.groupby(["actor", "associate"]).agg(events=("event_date", "size"), first_date=("event_date", "min"),
                                                    last_date=("event_date", "max"))
    return out.reset_index().sort_values("events", ascending=False).reset_index(drop=True)


def jnim_vs_is_sahel(events: pd.DataFrame, level: str = "admin1", period: str = "year") -> pd.DataFrame:
    """Political-violence events involving JNIM, IS Sahel, or either (ACLED's uncertain
    attribution) per area and period, with JNIM's share of the attributed ones.
    Columns: area, country_iso3, period, jnim, is_sahel, either, jnim_share."""
    column = LEVELS.get(level)
    if column is None:
        raise InvalidValue(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    involved = involvements(political_violence(events)).dropna(subset=[column])
    involved = involved[involved["actor"].isin([JNIM, IS_SAHEL, EITHER])].drop_duplicates(["event_id", "actor"])
    m = month_index(involved["event_date"])
    involved = involved.assign(period=month_label(m) if period == "month" else [str(i // 12) for i in m])
    involved = involved.assign(area=involved[column].to_numpy())
    table = involved.pivot_table(index=["area", "country_iso3", "period"], columns="actor", values="event_id",
                                 aggfunc="count", fill_value=0)
    table = table.reindex(columns=[JNIM, IS_SAHEL, EITHER], fill_value=0).reset_index()
    table.columns = ["area", "country_iso3", "period", "jnim", "is_sahel", "either"]
    attributed = table["jnim"] + table["is_sahel"]
    table["jnim_share"] = table["jnim"] / attributed.where(attributed > 0)
    return table.sort_values(["period", "area"]).reset_index(drop=True)


def plot_jnim_vs_is_sahel(table: pd.DataFrame, path, title: str | None = None):
    """Stacked bars of JNIM, IS Sahel and uncertain events per period; PNG to ``path``."""
    from veille.analysis._plot import pyplot

    plt = pyplot()
    totals = table.groupby("period")[["jnim", "is_sahel", "either"]].sum()
    fig, ax = plt.subplots(figsize=(9, 3.5))
    bottom = np.zeros(len(totals))
    for column, colour in (("jnim", "#1b7837"), ("is_sahel", "#762a83"), ("either", "#bbbbbb")):
        ax.bar(totals.index.astype(str), totals[column], bottom=bottom, color=colour, label=column)
        bottom += totals[column].to_numpy()
    ax.legend(fontsize=8)
    ax.set_title(title or "Events involving JNIM and IS Sahel", fontsize=10)
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["actor_pairs", "associated_actors", "first_appearances", "involvements", "jnim_vs_is_sahel",
           "plot_jnim_vs_is_sahel"]
