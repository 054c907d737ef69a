"""Place and actor fields for normalised records: point-in-polygon admin units,
PRIO-GRID cell and border distance (geo/), canonical actor ids (actors/)."""

from __future__ import annotations

import numpy as np
import pandas as pd

PLACE_COLUMNS = ("admin1", "admin1_pcode", "admin2", "admin2_pcode", "admin3", "admin3_pcode",
                 "pgm_gid", "border_km", "geo_match")
ACTOR_COLUMNS = (("actor1_raw", "actor1"), ("actor2_raw", "actor2"),
                 ("assoc_actor1_raw", "assoc_actor1"), ("assoc_actor2_raw", "assoc_actor2"))


def enrich_places(frame: pd.DataFrame) -> pd.DataFrame:
    """Admin units, grid cell and border distance from each record's coordinates.

    The source's own country (``country_iso3``) is the hint: within
    ``geo.DEFAULT_BORDER_TOLERANCE_KM`` of that country's units a point is placed in it,
    since the bundled polygons disagree along borders by that much. Further away the
    boundaries decide the country where a point falls inside (or snaps to) a unit;
    elsewhere the source's own country stands."""
    from veille import geo

    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    source_country = frame["country_iso3"] if "country_iso3" in frame.columns else None
    hint = (source_country.astype(object).where(source_country.notna(), None).to_numpy(dtype=object)
            if source_country is not None else np.full(len(frame), None, dtype=object))
    # Sources repeat the same places many times: locate each distinct (point, country) once.
    point_codes, _ = pd.factorize(np.where(np.isnan(lat), 1e9, lat) + 1j * np.where(np.isnan(lon), 1e9, lon))
    hint_codes, hint_values = pd.factorize(hint, use_na_sentinel=False)
    codes, _ = pd.factorize(point_codes.astype(np.int64) * (len(hint_values) + 1) + hint_codes)
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    places = geo.assign_places(lat[first], lon[first], country_hint=hint[first]).iloc[codes].reset_index(drop=True)
    places.index = frame.index
    out = frame.copy()
    for column in PLACE_COLUMNS:
        out[column] = places[column]
    located = places["geo_match"].isin(["inside", "snapped"])
    out["country_iso3"] = places["country_iso3"].where(located, source_country)
    return out


def enrich_actors(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical actor ids beside the source's spellings. Several associated actors
    ("A; B") resolve one by one and are joined the same way."""
    from veille import actors

    out = frame.copy()
    countries = frame["country_iso3"] if "country_iso3" in frame.columns else None
    for raw, canonical in ACTOR_COLUMNS:
        if raw not in frame.columns:
            out[canonical] = None
            continue
        # A source may say which name to resolve (GDELT: the actor its codes describe).
        names = frame[f"{canonical}_key"] if f"{canonical}_key" in frame.columns else frame[raw]
        if raw.startswith("assoc"):
            out[canonical] = _resolve_lists(names, countries)
        else:
            resolved = actors.resolve_many(names, countries)
            out[canonical] = resolved["actor_id"].where(resolved["actor_id"].notna(), None)
    return out


def _resolve_lists(names: pd.Series, countries: pd.Series | None) -> pd.Series:
    """Resolve each distinct (list, country) once: associated-actor lists repeat a lot."""
    from veille import actors

    country = countries if countries is not None else pd.Series([None] * len(names), index=names.index)
    keys = names.astype("string").fillna("") + "\x1f" + country.astype("string").fillna("")
    codes, uniques = pd.factorize(keys)
    resolved = []
    for key in uniques:
        text, _, iso3 = key.partition("\x1f")
        parts = [p.strip() for p in text.split(";") if p.strip()]
        if not parts:
            resolved.append(None)
            continue
        found = list(dict.fromkeys(r.actor_id for r in (actors.resolve(p, iso3 or None) for p in parts) if r))
        resolved.append("; ".join(found) if found else None)
    return pd.Series(pd.array(resolved, dtype=object)[codes], index=names.index, dtype=object)
