"""GDELT event files: 1.0 (comma-separated with a header, as the GDELT 1.0 exports
and BigQuery extracts give them) and 2.0 (the 61-column tab-separated ``.export.CSV``
files, no header).

GDELT codes news automatically with CAMEO. Events with root codes 14-20 (protest
to mass violence) map to the ACLED taxonomy as written in ``taxonomy.CAMEO``; other
roots are not conflict events and are quarantined with that reason, so that every
record of a file is accounted for. GDELT reports no fatalities.
"""

from __future__ import annotations

import pandas as pd

from veille import taxonomy
from veille.countries import FIPS_TO_ISO3, country_iso3, country_name
from veille.errors import InputRefused
from veille.sources.base import Source
from veille.sources.normalize import Checker, interactions, map_unique, type_columns
from veille.sources.reading import Layout, split_line

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_EVENT_FIELDS = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                 "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")


def _geo(prefix: str, adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else [])
    return [f"{prefix}Geo_{f}" for f in fields + ["Lat", "Long", "FeatureID"]]


def _columns(version: int) -> list[str]:
    adm2 = version == 2
    return (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
            + [f"Actor1{f}" for f in _ACTOR_FIELDS] + [f"Actor2{f}" for f in _ACTOR_FIELDS]
            + list(_EVENT_FIELDS) + _geo("Actor1", adm2) + _geo("Actor2", adm2) + _geo("Action", adm2)
            + ["DATEADDED", "SOURCEURL"])


GDELT1_COLUMNS = [c.lower() for c in _columns(1)]
GDELT2_COLUMNS = [c.lower() for c in _columns(2)]
# GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
_GEO_PRECISION = {1: 3, 2: 3, 3: 1, 4: 1, 5: 3}


class GdeltSource(Source):
    name = "gdelt"
    title = "GDELT 1.0 / 2.0 event file"
    required = ("globaleventid", "sqldate", "eventcode", "eventrootcode", "actiongeo_lat",
                "actiongeo_long")
    null_values = ("", "NA")
    # Machine-coded from news: an uncalibrated prior, not a probability (see docs/taxonomy.md).
    confidence = 0.5

    def known_extra(self) -> tuple[str, ...]:
        return ("actor1name", "actor2name", "sourceurl", "actiongeo_fullname")

    def layout_from_header(self, path: str, names: list[str], delimiter: str,
                           lines: list[str], encoding: str) -> Layout:
        first = split_line(lines[0], "\t")
        if len(first) in (len(GDELT2_COLUMNS), len(GDELT2_COLUMNS) - 1) and first[0].isdigit() \
                and len(first[1]) == 8 and first[1].isdigit():
            return Layout(path=path, columns=tuple(GDELT2_COLUMNS[: len(first)]), delimiter="\t",
                          header_lines=0, encoding=encoding, null_values=self.null_values, variant="2.0")
        if len(first) > 1 and first[0].isdigit():
            raise InputRefused(path, f"has {len(first)} tab-separated fields and no header",
                               f"a GDELT 2.0 export with {len(GDELT2_COLUMNS)} fields, or a 1.0 file with a header")
        return super().layout_from_header(path, names, delimiter, lines, encoding)

    def variant(self, lowered: list[str], hxl: bool) -> str:
        return "1.0"

    def normalize(self, check: Checker, layout: Layout) -> pd.DataFrame:
        out = pd.DataFrame(index=check.frame.index)
        out["source_event_id"] = check.integer("globaleventid", required=True, low=0,
                                               expected="a GDELT event id").astype("string")
        out["event_date"] = check.date("sqldate", ("%Y%m%d",), required=True,
                                       expected="a date as YYYYMMDD")
        out["date_precision"] = 1

        code = check.text("eventcode", required=True)
        root = check.text("eventrootcode").fillna(code.str[:2]).str.zfill(2)
        in_scope = root.isin(taxonomy.CAMEO_ROOTS)
        check.flag(code.notna() & ~in_scope, "eventrootcode",
                   lambda v: f"CAMEO root {v} is not a conflict event (veille imports roots 14-20)", root)
        types = type_columns(code.where(in_scope), _cameo)
        unknown = in_scope & code.notna() & types["event_type"].isna()
        check.flag(unknown, "eventcode", lambda v: f"expected a CAMEO code under roots 14-20, got {v!r}", code)
        for column in types.columns:
            out[column] = types[column]

        for n in ("1", "2"):
            name = check.text(f"actor{n}name")
            out[f"actor{n}_raw"] = name
            type_code = check.text(f"actor{n}type1code")
            kind = type_code.map(taxonomy.CAMEO_ACTOR_TYPES.get, na_action="ignore")
            out[f"inter{n}"] = pd.array(kind, dtype="Int64")
            # GDELT's "name" is often a country or a noun (NIGERIA, MILITARY); the actor it
            # means is in the codes: country + type. ``actor{n}_key`` is what gets resolved.
            out[f"actor{n}_key"] = map_unique(check.text(f"actor{n}countrycode").fillna("") + "\x1f"
                                              + type_code.fillna(""), _actor_label).where(
                lambda keys: keys.notna(), name)
        out["interaction"] = interactions(out["inter1"], out["inter2"])

        fips = check.text("actiongeo_countrycode")
        out["country_raw"] = fips
        out["country_iso3"] = fips.map(FIPS_TO_ISO3.get, na_action="ignore")
        missing_iso = out["country_iso3"].isna() & fips.notna()
        if missing_iso.any():
            out.loc[missing_iso, "country_iso3"] = map_unique(fips[missing_iso], country_iso3)
        out["admin1_raw"] = check.text("actiongeo_adm1code")
        out["location"] = check.text("actiongeo_fullname")
        out["latitude"] = check.number("actiongeo_lat", low=-90, high=90, expected="a latitude")
        out["longitude"] = check.number("actiongeo_long", low=-180, high=180, expected="a longitude")
        geo_type = check.integer("actiongeo_type", low=0, high=5, expected="a GDELT geo type 0-5")
        out["geo_precision"] = geo_type.map(_GEO_PRECISION, na_action="ignore").astype("Int64")
        url = check.text("sourceurl")
        out["source_refs"] = url
        return out


def _actor_label(key: str) -> str | None:
    country_code, _, type_code = key.partition("\x1f")
    template = taxonomy.CAMEO_ACTOR_LABELS.get(type_code)
    if template is None or not country_code:
        return None
    return template.format(country=country_name(country_code) if len(country_code) == 3 else country_code)


def _cameo(code: str) -> tuple[str, str] | None:
    try:
        return taxonomy.cameo_to_acled(code)
    except ValueError:
        return None


__all__ = ["GDELT1_COLUMNS", "GDELT2_COLUMNS", "GdeltSource"]
