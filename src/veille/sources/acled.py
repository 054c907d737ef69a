"""ACLED CSV exports: the current format (2024-, with disorder_type and text actor
types), the 2019-2023 format, the HDX copies (an HXL tag row under the header) and the
format before 2019 (upper-case names, ALLY_ACTOR_*, event types carrying the sub-type).
"""

from __future__ import annotations

import pandas as pd

from veille import taxonomy
from veille.countries import country_iso3, iso3_from_numeric
from veille.sources.base import Source
from veille.sources.normalize import Checker, interactions, map_unique, type_columns
from veille.sources.reading import Layout

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d/%m/%Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y",
                "%Y-%m-%d %H:%M:%S", "%m/%d/%Y")
_LEGACY_RENAMES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2",
                   "gwno": "iso_gwno", "year": "year"}


class AcledSource(Source):
    name = "acled"
    title = "ACLED CSV export"
    required = ("event_id_cnty", "event_date", "event_type", "actor1", "country",
                "latitude", "longitude", "fatalities")

    def known_extra(self) -> tuple[str, ...]:
        return ("sub_event_type", "actor2", "inter1", "inter2", "admin1", "notes", "source")

    def column_names(self, lowered: list[str]) -> list[str]:
        return super().column_names([_LEGACY_RENAMES.get(n, n) for n in lowered])

    def variant(self, lowered: list[str], hxl: bool) -> str:
        if "sub_event_type" not in lowered:
            return "legacy"
        if "disorder_type" in lowered:
            return "current"
        return "hdx" if hxl else "2019"

    def normalize(self, check: Checker, layout: Layout) -> pd.DataFrame:
        out = pd.DataFrame(index=check.frame.index)
        out["source_event_id"] = check.text("event_id_cnty", required=True)
        out["event_date"] = check.date("event_date", DATE_FORMATS, required=True,
                                       expected="a date such as 2020-08-01 or 01 August 2020")
        precision = check.integer("time_precision", low=1, high=3, expected="a time precision 1-3")
        out["date_precision"] = precision.fillna(1)

        event_type_raw = check.text("event_type", required=True)
        sub_raw = check.text("sub_event_type")
        keys = event_type_raw.fillna("") + "\x1f" + sub_raw.fillna("")
        types = type_columns(keys, _acled_types)
        check.flag(event_type_raw.notna() & types["event_type"].isna(), "event_type",
                   lambda v: f"expected an ACLED event type and sub-event type "
                             f"({', '.join(taxonomy.EVENT_TYPES)}), got {v.replace(chr(31), ' / ')!r}", keys)
        out["event_type"] = types["event_type"]
        out["sub_event_type"] = types["sub_event_type"]
        disorder_raw = check.text("disorder_type")
        out["disorder_type"] = disorder_raw.where(disorder_raw.isin(taxonomy.DISORDER_TYPES),
                                                  types["disorder_type"])

        for number in ("1", "2"):
            out[f"actor{number}_raw"] = check.text(f"actor{number}")
            out[f"assoc_actor{number}_raw"] = check.text(f"assoc_actor_{number}")
            out[f"inter{number}"] = _actor_types(check, f"inter{number}")
        out["interaction"] = interactions(out["inter1"], out["inter2"])

        country = check.text("country")
        out["country_raw"] = country
        iso = map_unique(country, country_iso3)
        if "iso3" in check.frame.columns:
            iso = check.text("iso3").where(lambda s: s.notna(), iso)
        elif "iso" in check.frame.columns:
            iso = map_unique(check.text("iso"), iso3_from_numeric).where(lambda s: s.notna(), iso)
        out["country_iso3"] = iso
        for level in ("1", "2", "3"):
            out[f"admin{level}_raw"] = check.text(f"admin{level}")
        out["location"] = check.text("location")
        out["latitude"] = check.number("latitude", low=-90, high=90, expected="a latitude")
        out["longitude"] = check.number("longitude", low=-180, high=180, expected="a longitude")
        out["geo_precision"] = check.integer("geo_precision", low=1, high=3, expected="a geo precision 1-3")
        fatalities = check.integer("fatalities", low=0, expected="a count of fatalities")
        out["fatalities"] = fatalities
        # ACLED's convention: the dead of a Violence-against-civilians event are civilians.
        out["civilian_fatalities"] = fatalities.where(out["event_type"] == taxonomy.VAC)
        out["notes"] = check.text("notes")
        out["source_refs"] = check.text("source")
        return out


def _acled_types(key: str) -> tuple[str, str | None] | None:
    event_type, _, sub = key.partition("\x1f")
    event_type, sub = event_type.strip(), sub.strip() or None
    if event_type in taxonomy.SUB_EVENT_TYPES:
        if sub is None or sub in taxonomy.SUB_EVENT_TYPES[event_type]:
            return event_type, sub
        return None
    legacy = taxonomy.LEGACY_ACLED_EVENT_TYPES.get(event_type.lower())
    if legacy and sub is None:
        return legacy
    return None


def _actor_types(check: Checker, column: str) -> pd.Series:
    raw = check.text(column)

    def code(value):
        try:
            return taxonomy.actor_type_code(value)
        except ValueError:
            return "bad"

    codes = map_unique(raw, code)
    bad = codes == "bad"
    check.flag(bad, column, lambda v: f"expected an ACLED actor type (0-8 or a name such as "
                                      f"'State forces'), got {v!r}", raw)
    return codes.where(~bad, None).astype("Int64")
