"""Unit × month panels of political violence, built from the store.

A panel holds, for every unit of the countries present (all admin-1 units, or every
PRIO-GRID cell whose centre lies in the country) and every month, the count of
political-violence events (Battles, Explosions/Remote violence, Violence against
civilians) and their fatalities — zero months included — plus the counts the
features need (event types, actors).

One source per country, never two: the first of ``SOURCE_PREFERENCE`` that reports
political violence in that country (ACLED where present, else UCDP GED, else UCDP
Candidate). GDELT, text extraction and community reports are not curated counts and
never enter a panel.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from scipy import sparse

from veille.errors import InvalidValue, NotFound
from veille.geo import admin_units, border_distance_km
from veille.geo.grid import COLUMNS_PER_ROW, pgm_cell_center
from veille.model import Month
from veille.store import EventFilter, Store
from veille.taxonomy import BATTLES, POLITICAL_VIOLENCE_EVENT_TYPES, REMOTE, VAC

UNITS = ("admin1", "pgm")
TARGETS = ("events", "fatalities")
SOURCE_PREFERENCE = ("acled", "ucdp", "ucdp_candidate")
JIHADIST_ACTORS = {"jnim": ("jnim",), "is_sahel": ("is-sahel",)}
STATE_PREFIXES = ("military-forces-", "police-forces-")
# Count layers besides the two targets, used by the features.
LAYERS = ("events", "fatalities", "battles", "remote", "vac", "jnim", "is_sahel", "state")

_EVENT_COLUMNS = ("source", "event_date", "event_type", "country_iso3", "admin1_pcode", "pgm_gid",
                  "actor1", "actor2", "assoc_actor1", "assoc_actor2", "fatalities", "ingest_run_id")


@dataclass(frozen=True)
class Panel:
    """Counts per unit (rows) and month (columns), months ``first`` … ``last``.

    ``counts[layer]`` is a (units × months) array; ``units`` has one row per unit
    (unit, unit_name, country_iso3, latitude, longitude, border_km) in that order;
    ``neighbours`` is the binary contiguity matrix between units; ``observed`` marks
    the unit-months the chosen source covers (from its first event in the country)."""

    unit: str
    units: pd.DataFrame
    first: Month
    last: Month
    counts: dict[str, np.ndarray]
    observed: np.ndarray
    neighbours: sparse.csr_matrix
    sources: dict[str, str]
    vintage: dict = field(default_factory=dict)

    @property
    def n_months(self) -> int:
        return self.last.index - self.first.index + 1

    def column(self, month: Month) -> int:
        """Position of ``month`` among the panel's months."""
        position = month.index - self.first.index
        if not 0 <= position < self.n_months:
            raise InvalidValue(f"month {month} is outside the panel {self.first}:{self.last}")
        return position

    def month(self, column: int) -> Month:
        return self.first + int(column)

    def to_frame(self) -> pd.DataFrame:
        """Long form: unit, unit_name, country_iso3, month (YYYY-MM), events, fatalities."""
        n_units, n_months = len(self.units), self.n_months
        frame = pd.DataFrame({
            "unit": np.repeat(self.units["unit"].to_numpy(), n_months),
            "unit_name": np.repeat(self.units["unit_name"].to_numpy(), n_months),
            "country_iso3": np.repeat(self.units["country_iso3"].to_numpy(), n_months),
            "month": np.tile([str(self.month(c)) for c in range(n_months)], n_units),
            "events": self.counts["events"].ravel().astype("int64"),
            "fatalities": self.counts["fatalities"].ravel().astype("int64"),
        })
        return frame[self.observed.ravel()].reset_index(drop=True)


def last_complete_month(last_event_date) -> Month:
    """The month of the latest event, or the one before when that event is not on the
    month's last day: a month whose data stop short of its end is taken as incomplete."""
    day = pd.Timestamp(last_event_date).date()
    month = Month.of(day)
    return month if day == month.last_day else month - 1


def choose_sources(events: pd.DataFrame) -> dict[str, str]:
    """Country → the one source whose counts the panel uses."""
    chosen = {}
    present = events.groupby("country_iso3")["source"].unique()
    for country, sources in present.items():
        for source in SOURCE_PREFERENCE:
            if source in set(sources):
                chosen[str(country)] = source
                break
    return chosen


def _admin1_units(countries: list[str]) -> tuple[pd.DataFrame, sparse.csr_matrix]:
    import libpysal

    frames = [admin_units(level=1, country_iso3=c) for c in countries]
    units = pd.concat(frames, ignore_index=True).sort_values(["country_iso3", "pcode"]).reset_index(drop=True)
    points = units.geometry.representative_point()
    table = pd.DataFrame({"unit": units["pcode"].astype(str), "unit_name": units["name"].astype(str),
                          "country_iso3": units["country_iso3"].astype(str),
                          "latitude": points.y.to_numpy(), "longitude": points.x.to_numpy()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands, geographic-CRS buffer: both expected here
        queen = libpysal.weights.Queen.from_dataframe(units, use_index=False)
        # Boundaries of different countries come from different publishers and rarely share
        # vertices, so Queen alone links no unit across a border; a small buffer does.
        fuzzy = libpysal.weights.fuzzy_contiguity(units, tolerance=0.01, buffering=True)
    n = len(units)
    pairs = {(i, j) for w in (queen, fuzzy) for i, js in w.neighbors.items() for j in js if i != j}
    rows = np.array([p[0] for p in pairs], dtype=int)
    cols = np.array([p[1] for p in pairs], dtype=int)
    matrix = sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, n))
    return table, matrix


def country_cells(country_iso3: str) -> np.ndarray:
    """PRIO-GRID gids whose centre lies in the country."""
    shape = admin_units(level=0, country_iso3=country_iso3)
    if shape.empty:
        raise NotFound(f"no bundled boundary for country {country_iso3}")
    geometry = shape.geometry.union_all()
    west, south, east, north = geometry.bounds
    rows = np.arange(int(np.floor((south + 90) / 0.5)), int(np.floor((north + 90) / 0.5)) + 1)
    cols = np.arange(int(np.floor((west + 180) / 0.5)), int(np.floor((east + 180) / 0.5)) + 1)
    gids = (rows[:, None] * COLUMNS_PER_ROW + cols[None, :] + 1).ravel()
    lat, lon = pgm_cell_center(gids)
    return gids[shapely.contains_xy(geometry, lon, lat)]


def _grid_units(countries: list[str]) -> tuple[pd.DataFrame, sparse.csr_matrix]:
    parts = []
    for country in countries:
        gids = country_cells(country)
        parts.append(pd.DataFrame({"unit": gids.astype("int64"), "country_iso3": country}))
    table = pd.concat(parts, ignore_index=True).drop_duplicates("unit").sort_values("unit").reset_index(drop=True)
    lat, lon = pgm_cell_center(table["unit"].to_numpy())
    table["unit_name"] = [f"cell {g}" for g in table["unit"]]
    table["latitude"], table["longitude"] = lat, lon
    # Queen contiguity on the grid: the eight cells around, within the panel.
    position = {int(g): i for i, g in enumerate(table["unit"])}
    rows, cols = [], []
    for i, gid in enumerate(table["unit"].to_numpy()):
        row, col = divmod(int(gid) - 1, COLUMNS_PER_ROW)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr or dc:
                    j = position.get((row + dr) * COLUMNS_PER_ROW + (col + dc) + 1)
                    if j is not None:
                        rows.append(i)
                        cols.append(j)
    n = len(table)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return table[["unit", "unit_name", "country_iso3", "latitude", "longitude"]], matrix


def _actor_hits(events: pd.DataFrame, ids: tuple[str, ...] = (), prefixes: tuple[str, ...] = ()) -> np.ndarray:
    hit = np.zeros(len(events), dtype=bool)
    for column in ("actor1", "actor2", "assoc_actor1", "assoc_actor2"):
        values = events[column].fillna("").astype(str)
        for actor in ids:  # associated actors are "; "-joined lists of ids
            hit |= values.str.contains(r"(?:^|;\s*)" + re.escape(actor) + r"\s*(?:;|$)", regex=True).to_numpy()
        for prefix in prefixes:
            hit |= values.str.contains(r"(?:^|;\s*)" + re.escape(prefix), regex=True).to_numpy()
    return hit


def run_ends(store: Store, end: Month) -> pd.Series:
    """Ingest run → the date of its latest curated event up to the end of ``end``
    (whatever the event's type or country: a run is one file)."""
    dates = store.events(EventFilter(sources=SOURCE_PREFERENCE, date_to=end.last_day,
                                     columns=("ingest_run_id", "event_date")))
    return pd.to_datetime(dates["event_date"]).groupby(dates["ingest_run_id"].fillna(-1).to_numpy()).max()


def coverage_ends(events: pd.DataFrame, end: Month, run_last: pd.Series) -> dict[str, Month]:
    """Country → the last month its chosen source covers: the end of the import runs its
    events came from (a file of 2020 says nothing of 2021). A run whose latest event
    falls in ``end`` covers ``end``; one that stops earlier covers up to its last
    complete month. Only events up to ``end`` are read, so this looks nothing ahead."""
    if events.empty:
        return {}
    runs = events["ingest_run_id"].fillna(-1).to_numpy()
    ends = {}
    for country, run_ids in pd.Series(runs).groupby(events["country_iso3"].to_numpy()).unique().items():
        last = run_last.reindex(run_ids).max()
        month = Month.of(last.date())
        ends[str(country)] = end if month.index >= end.index else min(last_complete_month(last), end)
    return ends


def read_events(store: Store, end: Month, countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """Political-violence events of the curated sources up to the end of ``end``."""
    where = EventFilter(countries=tuple(countries), sources=SOURCE_PREFERENCE,
                        event_types=POLITICAL_VIOLENCE_EVENT_TYPES, date_to=end.last_day,
                        columns=_EVENT_COLUMNS)
    return store.events(where)


def build_panel(store: Store, unit: str, end: Month | None = None, countries: tuple[str, ...] = (),
                start: Month | None = None) -> Panel:
    """The panel of ``unit`` ('admin1' or 'pgm') from the store's events up to ``end``
    (default: the last complete month in the store). Nothing after ``end`` is read."""
    if unit not in UNITS:
        raise InvalidValue(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    if end is None:
        latest = store.events(EventFilter(sources=SOURCE_PREFERENCE, event_types=POLITICAL_VIOLENCE_EVENT_TYPES,
                                          columns=("event_date",)))
        if latest.empty:
            raise NotFound("the store holds no political-violence events from ACLED or UCDP")
        end = last_complete_month(latest["event_date"].max())
    events = read_events(store, end, countries)
    if events.empty:
        raise NotFound(f"the store holds no political-violence events from ACLED or UCDP up to {end}")
    sources = choose_sources(events)
    available = set(admin_units(level=1)["country_iso3"])
    sources = {c: s for c, s in sorted(sources.items()) if c in available}
    events = events[[sources.get(c) == s for c, s in zip(events["country_iso3"], events["source"])]]
    months = events["event_date"].map(lambda d: Month.of(pd.Timestamp(d).date()).index).to_numpy()
    first = start or Month.from_index(int(months.min()))
    countries_present = sorted(sources)
    units, neighbours = (_admin1_units if unit == "admin1" else _grid_units)(countries_present)
    units = units.copy()
    units["border_km"] = border_distance_km(units["latitude"].to_numpy(), units["longitude"].to_numpy(),
                                            signed=True)

    keys = events["admin1_pcode"] if unit == "admin1" else events["pgm_gid"]
    position = pd.Series(np.arange(len(units)), index=units["unit"].to_numpy())
    row = position.reindex(keys.to_numpy()).to_numpy()
    col = months - first.index
    n_months = end.index - first.index + 1
    keep = ~np.isnan(row) & (col >= 0) & (col < n_months)
    row, col = row[keep].astype(int), col[keep]
    kept = events[keep]

    def layer(weights: np.ndarray) -> np.ndarray:
        grid = np.zeros((len(units), n_months), dtype="float64")
        np.add.at(grid, (row, col), weights)
        return grid

    types = kept["event_type"].to_numpy()
    counts = {
        "events": layer(np.ones(len(kept))),
        "fatalities": layer(kept["fatalities"].fillna(0).to_numpy(dtype="float64")),
        "battles": layer((types == BATTLES).astype(float)),
        "remote": layer((types == REMOTE).astype(float)),
        "vac": layer((types == VAC).astype(float)),
        "jnim": layer(_actor_hits(kept, ids=JIHADIST_ACTORS["jnim"]).astype(float)),
        "is_sahel": layer(_actor_hits(kept, ids=JIHADIST_ACTORS["is_sahel"]).astype(float)),
        "state": layer(_actor_hits(kept, prefixes=STATE_PREFIXES).astype(float)),
    }
    # A country's months before its source's first event there are unobserved, not zero;
    # so are the months after the files that source came from end.
    first_seen = pd.Series(months).groupby(events["country_iso3"].to_numpy()).min()
    starts = units["country_iso3"].map(first_seen).to_numpy() - first.index
    coverage = coverage_ends(events, end, run_ends(store, end))
    stops = units["country_iso3"].map({c: m.index for c, m in coverage.items()}).to_numpy() - first.index
    observed = (np.arange(n_months)[None, :] >= starts[:, None]) & (np.arange(n_months)[None, :] <= stops[:, None])
    vintage = {
        "max_event_date": str(pd.Timestamp(events["event_date"].max()).date()),
        "max_ingest_run_id": int(events["ingest_run_id"].max()) if events["ingest_run_id"].notna().any() else None,
        "events_read": int(len(events)),
        "events_outside_units": int((~keep).sum()),
        "coverage_end": {c: str(m) for c, m in sorted(coverage.items())},
    }
    return Panel(unit=unit, units=units.reset_index(drop=True), first=first, last=end, counts=counts,
                 observed=observed, neighbours=neighbours, sources=sources, vintage=vintage)


def panel_from_counts(events: np.ndarray, fatalities: np.ndarray | None = None, first: Month = Month(2000, 1),
                      neighbours: sparse.csr_matrix | None = None, unit_ids=None, unit: str = "admin1") -> Panel:
    """A panel from plain arrays (units × months): for tests and experiments."""
    events = np.asarray(events, dtype="float64")
    n_units, n_months = events.shape
    fatalities = np.zeros_like(events) if fatalities is None else np.asarray(fatalities, dtype="float64")
    ids = list(unit_ids) if unit_ids is not None else [f"U{i}" for i in range(n_units)]
    units = pd.DataFrame({"unit": ids, "unit_name": ids, "country_iso3": "XXX",
                          "latitude": 0.0, "longitude": 0.0, "border_km": 0.0})
    zeros = np.zeros_like(events)
    counts = {"events": events, "fatalities": fatalities, "battles": events.copy(), "remote": zeros,
              "vac": zeros, "jnim": zeros, "is_sahel": zeros, "state": zeros}
    if neighbours is None:
        neighbours = sparse.csr_matrix((n_units, n_units))
    return Panel(unit=unit, units=units, first=first, last=first + (n_months - 1), counts=counts,
                 observed=np.ones_like(events, dtype=bool), neighbours=neighbours, sources={})
