"""Name → place: the admin units' own names and GeoNames' populated places.

Every name (official, alternate, Natural Earth's, GeoNames' Latin-script alternates)
is indexed under its ``name_key``. A search tries exact keys first, then rapidfuzz's
ratio on the keys; the country and parent unit a caller knows raise the right
candidates and lower the others. A place's admin units are not GeoNames' own labels but
the bundled boundaries' (point-in-polygon), so that names and codes agree with
``assign_places``. GeoNames covers 8 states here (BEN BFA CIV GHA MLI NER NGA TGO);
elsewhere only admin-unit names are known.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz, process

from veille.errors import InputRefused, NotFound
from veille.geo.assign import assign_places
from veille.geo.boundaries import LEVEL_NAMES, admin_units, geo_dir
from veille.geo.build import GAZETTEER_FILE
from veille.geo.names import fold, name_key, prefix_kinds
from veille.geo.vintages import vintage_admin1

GAZETTEER_COLUMNS = ["geonameid", "name", "latitude", "longitude", "countrycode",
                     "population", "alternatenames"]
ISO2_TO_ISO3 = {"BJ": "BEN", "BF": "BFA", "CI": "CIV", "CV": "CPV", "GH": "GHA", "GN": "GIN",
                "GM": "GMB", "GW": "GNB", "LR": "LBR", "ML": "MLI", "MR": "MRT", "NE": "NER",
                "NG": "NGA", "SN": "SEN", "SL": "SLE", "TG": "TGO"}
_KIND_ORDER = {"admin1": 0, "admin2": 1, "admin3": 2, "populated place": 3}
_FUZZY_CUTOFF = 75.0


@dataclass(frozen=True)
class PlaceCandidate:
    """One answer to a place-name search, with the reason it was given."""

    name: str
    kind: str  # 'admin1' | 'admin2' | 'admin3' | 'populated place'
    country_iso3: str | None
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    latitude: float
    longitude: float
    population: int | None
    score: float  # 0-100
    why: str
    pcode: str | None = None  # the unit's own code (admin units only)
    geonameid: int | None = None  # populated places only


def _gazetteer_path():
    path = geo_dir() / GAZETTEER_FILE
    if not path.exists():
        raise NotFound(f"gazetteer {path} is missing; rebuild with `python -m veille.geo.build SOURCE_DIR`")
    return path


@cache
def gazetteer() -> pd.DataFrame:
    """GeoNames populated places with the bundled admin units they fall in."""
    path = _gazetteer_path()
    places = pd.read_csv(path, dtype={"alternatenames": "str"}, keep_default_na=False,
                         na_values={"latitude": [""], "longitude": [""]})
    missing = [c for c in GAZETTEER_COLUMNS if c not in places.columns]
    if missing:
        raise InputRefused(str(path), f"missing columns {missing}", f"GeoNames columns {GAZETTEER_COLUMNS}")
    located = assign_places(places["latitude"].to_numpy(), places["longitude"].to_numpy())
    places = pd.concat([places[GAZETTEER_COLUMNS].reset_index(drop=True),
                        located[["country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode",
                                 "geo_match"]].reset_index(drop=True)], axis=1)
    # A place outside our boundaries keeps GeoNames' country.
    places["country_iso3"] = places["country_iso3"].fillna(places["countrycode"].map(ISO2_TO_ISO3))
    return places


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or c in "’‘" for c in name)


@cache
def _index() -> tuple[pd.DataFrame, dict[str, np.ndarray], list[str]]:
    """One row per (name, place); the rows of each key; the keys, for fuzzy search."""
    rows: list[dict] = []
    units = admin_units()
    units = units[units["level"] >= 1]
    names_by_pcode = dict(zip(units["pcode"], units["name"], strict=False))
    parent_by_pcode = dict(zip(units["pcode"], units["parent_pcode"], strict=False))
    points = shapely.point_on_surface(units.geometry.values)
    for unit, point in zip(units.itertuples(index=False), points, strict=False):
        chain = {unit.level: unit.pcode}
        code = unit.pcode
        for level in range(unit.level - 1, 0, -1):
            code = parent_by_pcode.get(code)
            chain[level] = code
        base = dict(kind=LEVEL_NAMES[unit.level], place=unit.name, country_iso3=unit.country_iso3,
                    admin1_pcode=chain.get(1), admin2_pcode=chain.get(2),
                    admin1=names_by_pcode.get(chain.get(1)), admin2=names_by_pcode.get(chain.get(2)),
                    latitude=point.y, longitude=point.x, population=None, pcode=unit.pcode,
                    geonameid=None)
        for i, spelling in enumerate([unit.name, *unit.alt_names]):
            rows.append(dict(base, spelling=spelling, primary=i == 0))
    for place in gazetteer().itertuples(index=False):
        base = dict(kind="populated place", place=place.name, country_iso3=place.country_iso3,
                    admin1=place.admin1, admin1_pcode=place.admin1_pcode, admin2=place.admin2,
                    admin2_pcode=place.admin2_pcode, latitude=place.latitude, longitude=place.longitude,
                    population=int(place.population), pcode=None, geonameid=int(place.geonameid))
        spellings = [place.name] + [a for a in str(place.alternatenames).split("|")
                                    if _latin(a) and a != place.name]
        for i, spelling in enumerate(dict.fromkeys(spellings)):
            rows.append(dict(base, spelling=spelling, primary=i == 0))
    index = pd.DataFrame(rows)
    for column in ("country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode", "pcode"):
        index[column] = index[column].astype(object).where(index[column].notna(), None)
    index["key"] = [name_key(s) for s in index["spelling"]]
    index = index[index["key"] != ""].reset_index(drop=True)
    by_key = {key: rows for key, rows in index.groupby("key").indices.items()}
    return index, by_key, list(by_key)


def _matches_parent(row: pd.Series, parent: str) -> bool:
    wanted = name_key(parent)
    for code, name in ((row["admin1_pcode"], row["admin1"]), (row["admin2_pcode"], row["admin2"])):
        if code and (parent.strip().upper() == code or (name and name_key(name) == wanted)):
            return True
    return False


def search_places(name: str, country_iso3: str | None = None, parent: str | None = None,
                  limit: int = 10) -> list[PlaceCandidate]:
    """Places a name may mean, best first.

    Exact matches on a folded name score 100 (official name) or 97 (alternate name);
    fuzzy matches score rapidfuzz's ratio on the folded names, times 0.95. A matching
    ``country_iso3`` adds 5 and a different one takes 15 away; ``parent`` (an admin-1 or
    admin-2 name or P-code) adds 5 or takes 10 away; an administrative word in the
    query ("Préfecture de …") adds 3 to units of the kind it announces."""
    key = name_key(name)
    if not key:
        return []
    index, by_key, keys = _index()
    scored: dict[int, tuple[float, str]] = {}
    for row in by_key.get(key, ()):
        scored[row] = (100.0 if index.at[row, "primary"] else 97.0, "exact")
    for other, ratio, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=40,
                                           score_cutoff=_FUZZY_CUTOFF):
        if other == key:
            continue
        for row in by_key[other]:
            if row not in scored:
                scored[row] = (round(ratio * 0.95, 1), f"fuzzy ({ratio:.0f}%)")
    hinted = prefix_kinds(name)
    candidates: dict[tuple, PlaceCandidate] = {}
    for row_number, (score, how) in scored.items():
        row = index.loc[row_number]
        notes = []
        if country_iso3:
            if row["country_iso3"] == country_iso3.upper():
                score += 5
            else:
                score -= 15
                notes.append(f"not in {country_iso3.upper()}")
        if parent:
            if _matches_parent(row, parent):
                score += 5
            else:
                score -= 10
                notes.append(f"not under {parent}")
        if row["kind"] in hinted:
            score += 3
        score = float(min(100.0, max(0.0, score)))
        label = "name" if row["primary"] else "alternate name"
        folded = " (accent-folded)" if fold(row["spelling"]) != row["spelling"].lower() or \
            fold(name) != name.lower() else ""
        where = " / ".join(x for x in (row["country_iso3"], row["admin1"]) if x)
        why = f"{how} match on {label} '{row['spelling']}'{folded}; in {where or 'no unit'}"
        if notes:
            why += "; " + ", ".join(notes)
        identity = (row["kind"], row["pcode"] or row["geonameid"])
        candidate = PlaceCandidate(
            name=row["place"], kind=row["kind"], country_iso3=row["country_iso3"],
            admin1=row["admin1"], admin1_pcode=row["admin1_pcode"], admin2=row["admin2"],
            admin2_pcode=row["admin2_pcode"], latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            population=None if pd.isna(row["population"]) else int(row["population"]),
            score=round(score, 1), why=why, pcode=row["pcode"],
            geonameid=None if pd.isna(row["geonameid"]) else int(row["geonameid"]))
        if identity not in candidates or candidates[identity].score < candidate.score:
            candidates[identity] = candidate
    ranked = sorted(candidates.values(),
                    key=lambda c: (-c.score, _KIND_ORDER[c.kind], -(c.population or 0), c.name))
    return ranked[:limit]


@cache
def _admin1_keys(country_iso3: str) -> tuple[dict[str, str], dict[str, str]]:
    """Admin-1 P-codes of a country by the key of their official and alternate names."""
    units = admin_units(level=1, country_iso3=country_iso3)
    primary = {name_key(n): p for n, p in zip(units["name"], units["pcode"], strict=False)}
    alternate: dict[str, str] = {}
    for names, pcode in zip(units["alt_names"], units["pcode"], strict=False):
        for n in names:
            alternate.setdefault(name_key(n), pcode)
    return primary, alternate


def match_admin1(country_iso3: str, raw_name: str, vintages: bool = False) -> str | None:
    """Our admin-1 P-code for a source's admin-1 name in a country, or None.

    In order: an official name, an alternate name, a close spelling (rapidfuzz ratio ≥ 85),
    then — for sources that put a district or city where the region belongs ("Abidjan")
    — an admin-2 unit's region or the region of the most populous place of that name.

    With ``vintages``, a name from another map recorded in ``boundary_changes.csv`` as
    lying within one of our units ("Yaadga" → BF-10, "Sirba" → BF-08) is tried right
    after the exact names. Off by default: strict matching knows only our own map."""
    if raw_name is None or (isinstance(raw_name, float) and pd.isna(raw_name)):
        return None
    key = name_key(raw_name)
    if not key:
        return None
    country = (country_iso3 or "").upper()
    primary, alternate = _admin1_keys(country)
    if key in primary:
        return primary[key]
    if key in alternate:
        return alternate[key]
    if vintages:
        found = vintage_admin1(country, raw_name)
        if found:
            return found
    choices = list(primary) + list(alternate)
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=85)
    if best:
        return primary.get(best[0]) or alternate.get(best[0])
    index, by_key, _ = _index()
    rows = index.loc[by_key.get(key, [])]
    rows = rows[(rows["country_iso3"] == country) & rows["admin1_pcode"].notna()]
    for kind in ("admin2", "admin3", "populated place"):
        found = rows[rows["kind"] == kind]
        if len(found):
            return found.sort_values("population", ascending=False, na_position="last")["admin1_pcode"].iloc[0]
    return None
