"""UCDP GED and UCDP Candidate events: the standard 49-column CSV, and the HDX copy
(a leading pandas index column and an HXL tag row under the header).

UCDP counts deaths in organised violence. ``type_of_violence`` maps to ACLED types as
written in ``taxonomy.UCDP_TYPE_OF_VIOLENCE``; UCDP's low/best/high estimates and its
civilian deaths are kept as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from veille import taxonomy
from veille.countries import country_iso3
from veille.sources.base import Source
from veille.sources.normalize import Checker, interactions, map_unique
from veille.sources.reading import Layout

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y")
# UCDP date_prec 1 exact day, 2 2-6 days, 3 week, 4 month, 5 year or vaguer → 1 day, 2 week, 3 month.
# Candidate releases also carry 0, undocumented; there the precision is read from the
# span between date_start and date_end (a day, up to a week, longer).
_DATE_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
# UCDP where_prec 1 exact place, 2 within 25 km, 3 second-order unit, 4 first-order unit,
# 5 linear feature / region, 6 country, 7 international waters → 1 exact, 2 near, 3 region.
_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
_GOVERNMENT = re.compile(r"^government of\b", re.IGNORECASE)


class UcdpSource(Source):
    name = "ucdp"
    title = "UCDP GED / Candidate CSV"
    required = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end",
                "latitude", "longitude", "best", "country")

    def known_extra(self) -> tuple[str, ...]:
        return ("relid", "low", "high", "deaths_civilians", "where_prec", "date_prec", "adm_1")

    def variant(self, lowered: list[str], hxl: bool) -> str:
        return "hdx" if hxl else "standard"

    def source_label(self, layout: Layout, frame: pd.DataFrame) -> str:
        return "ucdp_candidate" if "candidate" in Path(layout.path).name.lower() else "ucdp"

    def normalize(self, check: Checker, layout: Layout) -> pd.DataFrame:
        out = pd.DataFrame(index=check.frame.index)
        ident = check.integer("id", required=True, low=0, expected="a UCDP event id")
        out["source_event_id"] = ident.astype("string")
        start = check.date("date_start", DATE_FORMATS, required=True,
                           expected="a date such as 2020-08-01")
        end = check.date("date_end", DATE_FORMATS, expected="a date such as 2020-08-01")
        out["event_date"] = start
        out["date_end"] = end
        backwards = pd.Series([e is not None and s is not None and not pd.isna(e) and not pd.isna(s) and e < s
                               for s, e in zip(start, end)], index=out.index)
        check.flag(backwards, "date_end", "expected date_end on or after date_start")
        precision = check.integer("date_prec", low=0, high=5, expected="a UCDP date precision 0-5")
        span = (pd.to_datetime(end) - pd.to_datetime(start)).dt.days
        from_span = np.select([span.fillna(0) <= 0, span <= 7], [1, 2], 3)
        mapped = precision.map(_DATE_PRECISION, na_action="ignore")
        out["date_precision"] = mapped.fillna(pd.Series(from_span, index=out.index)).astype("Int64")

        violence = check.integer("type_of_violence", required=True, low=1, high=3,
                                 expected="a UCDP type of violence 1-3")
        types = violence.map(lambda v: taxonomy.UCDP_TYPE_OF_VIOLENCE.get(int(v)) if not pd.isna(v) else None)
        out["event_type"] = [t[0] if isinstance(t, tuple) else None for t in types]
        out["sub_event_type"] = [t[1] if isinstance(t, tuple) else None for t in types]
        out["disorder_type"] = taxonomy.POLITICAL_VIOLENCE

        side_a = check.text("side_a")
        side_b = check.text("side_b")
        out["actor1_raw"] = side_a
        out["actor2_raw"] = side_b
        is_gov_a = side_a.fillna("").str.match(_GOVERNMENT)
        is_gov_b = side_b.fillna("").str.match(_GOVERNMENT)
        civilians = side_b.fillna("").str.lower().eq("civilians") | (violence == 3).fillna(False)
        # UCDP says only who the sides were; the actor's kind (from the registry) refines
        # this where it is known: governments are state forces, one-sided targets civilians.
        inter1 = np.where(is_gov_a, 1, 2)
        inter2 = np.where(is_gov_b, 1, np.where(civilians, 7, 2))
        out["inter1"] = pd.array(inter1, dtype="Int64")
        out["inter2"] = pd.array(inter2, dtype="Int64")
        out["interaction"] = interactions(out["inter1"], out["inter2"])

        country = check.text("country")
        out["country_raw"] = country
        iso = map_unique(country, country_iso3)
        if "iso3" in check.frame.columns:
            iso = check.text("iso3").where(lambda s: s.notna(), iso)
        out["country_iso3"] = iso
        out["admin1_raw"] = check.text("adm_1")
        out["admin2_raw"] = check.text("adm_2")
        out["location"] = check.text("where_coordinates")
        out["latitude"] = check.number("latitude", low=-90, high=90, expected="a latitude")
        out["longitude"] = check.number("longitude", low=-180, high=180, expected="a longitude")
        where = check.integer("where_prec", low=1, high=7, expected="a UCDP place precision 1-7")
        out["geo_precision"] = where.map(_GEO_PRECISION, na_action="ignore").astype("Int64")

        best = check.integer("best", low=0, expected="a count of deaths")
        low = check.integer("low", low=0, expected="a count of deaths")
        high = check.integer("high", low=0, expected="a count of deaths")
        # UCDP's own files hold some records with low > best or best > high; they are
        # the source's word and are kept as given (analyses use ``fatalities`` = best).
        out["fatalities"] = best
        out["fatalities_low"] = low
        out["fatalities_high"] = high
        out["civilian_fatalities"] = check.integer("deaths_civilians", low=0, expected="a count of deaths")
        headline = check.text("source_headline")
        description = check.text("where_description")
        out["notes"] = _join(headline, description, " — ")
        out["source_refs"] = _join(check.text("source_office"), check.text("source_article"), " | ")
        return out


class UcdpCandidateSource(UcdpSource):
    name = "ucdp_candidate"
    title = "UCDP Candidate CSV"

    def source_label(self, layout: Layout, frame: pd.DataFrame) -> str:
        return "ucdp_candidate"


def _join(first: pd.Series, second: pd.Series, sep: str) -> pd.Series:
    both = first.notna() & second.notna()
    joined = first.fillna("").str.cat(second.fillna(""), sep=sep)
    return joined.where(both, first.where(first.notna(), second))
