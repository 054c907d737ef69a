"""Boundary vintages: admin-1 names from maps older or newer than ours.

Our boundaries are one map per country, of one date. Sources code events on the map of
their day: ACLED kept "Gao" for places in Mali's Ménaka region until 2020, UCDP
Candidate 2026 writes Burkina Faso's 2025 regions ("Yaadga"), UCDP GED Nigeria still
has "Gongola state" (split in 1991). ``data/geo/boundary_changes.csv`` records, for
such reorganisations, which names of another vintage correspond to which of our units —
a small reviewed file, each row with its source. Columns:

- ``country_iso3``, ``pcode`` and ``our_name``: the unit of our map;
- ``other_name``: the name on the other map; ``other_vintage``: ``earlier`` or ``later``;
- ``relation`` of the other unit to ours: ``same`` (renamed, same territory), ``within``
  (the other unit lies inside ours: carved out of it, or what remains of it),
  ``contains`` (the other unit, now gone, contained ours, possibly with others);
- ``date`` the change took effect (ISO, possibly only year or month), ``source``
  (URLs), ``note``.

A source's admin-1 name that is not our unit's but names it (or a unit containing it,
or a unit within it) on another map is a *vintage* agreement: right on that map, and
reported apart from strict agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from veille.errors import InputRefused, NotFound
from veille.geo.boundaries import geo_dir
from veille.geo.names import name_key

CHANGES_FILE = "boundary_changes.csv"
CHANGE_COLUMNS = ["country_iso3", "pcode", "our_name", "other_name", "other_vintage",
                  "relation", "date", "source", "note"]
RELATIONS = ("same", "within", "contains")
VINTAGES = ("earlier", "later")


@dataclass(frozen=True)
class BoundaryChange:
    """One row of ``boundary_changes.csv``: ``other_name`` on an ``other_vintage`` map
    is ``relation`` to our unit ``pcode``."""

    country_iso3: str
    pcode: str
    our_name: str
    other_name: str
    other_vintage: str
    relation: str
    date: str
    source: str
    note: str


@cache
def _load_changes() -> pd.DataFrame:
    path = geo_dir() / CHANGES_FILE
    if not path.exists():
        raise NotFound(f"boundary changes {path} are missing")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CHANGE_COLUMNS if c not in table.columns]
    if missing:
        raise InputRefused(str(path), f"missing columns {missing}", f"columns {CHANGE_COLUMNS}")
    for column, allowed in (("relation", RELATIONS), ("other_vintage", VINTAGES)):
        bad = table.index[~table[column].isin(allowed)]
        if len(bad):
            line = int(bad[0]) + 2  # header is line 1
            raise InputRefused(f"{path}:{line}", f"{column} {table.at[bad[0], column]!r}",
                               f"one of {list(allowed)}")
    empty = table.index[(table[["country_iso3", "pcode", "other_name", "source"]] == "").any(axis=1)]
    if len(empty):
        raise InputRefused(f"{path}:{int(empty[0]) + 2}", "an empty country, pcode, name or source",
                           "every change with its unit, name and source")
    return table[CHANGE_COLUMNS]


def boundary_changes(country_iso3: str | None = None) -> pd.DataFrame:
    """The recorded boundary changes (a copy), optionally of one country."""
    table = _load_changes()
    if country_iso3 is not None:
        table = table[table["country_iso3"] == country_iso3.upper()]
    return table.copy()


@cache
def _by_name() -> dict[tuple[str, str], tuple[BoundaryChange, ...]]:
    index: dict[tuple[str, str], list[BoundaryChange]] = {}
    for row in _load_changes().itertuples(index=False):
        change = BoundaryChange(*row)
        index.setdefault((change.country_iso3, name_key(change.other_name)), []).append(change)
    return {key: tuple(changes) for key, changes in index.items()}


def changes_named(country_iso3: str, raw_name: str) -> tuple[BoundaryChange, ...]:
    """Every recorded change whose other-vintage name is ``raw_name`` (normalized)."""
    if not isinstance(raw_name, str) or not raw_name.strip():
        return ()
    return _by_name().get(((country_iso3 or "").upper(), name_key(raw_name)), ())


def vintage_match(country_iso3: str, raw_name: str, pcode: str | None) -> BoundaryChange | None:
    """The change by which ``raw_name`` names (on another map) a place in our unit
    ``pcode``, or None. "Gao" for a point in ML10 (Ménaka, carved out of Gao) gives the
    Ménaka row; "Yaadga" for a point in BF-10 (Nord, renamed Yaadga in 2025) the Nord row."""
    if pcode is None or (isinstance(pcode, float) and pd.isna(pcode)):
        return None
    for change in changes_named(country_iso3, raw_name):
        if change.pcode == pcode:
            return change
    return None


def vintage_admin1(country_iso3: str, raw_name: str) -> str | None:
    """Our unit for an other-vintage name that lies within one unit of ours (``same`` or
    ``within``): "Yaadga" → BF-10, "Sirba" → BF-08, "Oti" → GH-TV. None for names of
    units that contained several of ours ("Gongola") or that are not recorded."""
    units = {c.pcode for c in changes_named(country_iso3, raw_name) if c.relation in ("same", "within")}
    return units.pop() if len(units) == 1 else None


def other_names(pcode: str) -> pd.DataFrame:
    """Names our unit ``pcode`` (or a unit containing it, or within it) has on other
    maps: former names (``earlier``) and successors (``later``)."""
    table = _load_changes()
    return table[table["pcode"] == pcode].copy()
