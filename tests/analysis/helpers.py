"""Hand-made event frames for the analyses: one dict per event, defaults for the rest."""

from __future__ import annotations

import pandas as pd

from veille.analysis import ANALYSIS_COLUMNS

DEFAULTS = {"source": "acled", "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "jnim",
            "actor2": "military-forces-tgo", "assoc_actor1": None, "assoc_actor2": None, "inter1": 2, "inter2": 1,
            "country_iso3": "TGO", "admin1": "Savanes", "admin1_pcode": "TG05", "admin2": "Kpendjal",
            "admin2_pcode": "TG0503", "latitude": 10.9, "longitude": 0.5, "pgm_gid": 145080, "border_km": 10.0,
            "fatalities": 1, "civilian_fatalities": 0, "tlp": "CLEAR"}


def make_events(*rows: dict) -> pd.DataFrame:
    records = []
    for number, row in enumerate(rows):
        record = {**DEFAULTS, "event_id": f"e{number:04d}", **row}
        record["event_date"] = pd.Timestamp(record["event_date"])
        records.append(record)
    return pd.DataFrame(records, columns=list(ANALYSIS_COLUMNS))
