"""Events out of the store as CSV, Parquet, GeoJSON or HXL-tagged CSV.

HXL (the Humanitarian Exchange Language) puts a row of hashtags under the header so
that humanitarian tools recognise the columns; the tags follow the HXL standard's
core schema (#event, #date, #group, #adm1, #geo, #affected …).
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from veille.errors import InvalidValue
from veille.store import EventFilter, Store

FORMATS = ("csv", "parquet", "geojson", "hxl")

HXL_TAGS = {
    "event_id": "#event+id", "source": "#meta+source", "source_event_id": "#event+code",
    "event_date": "#date+occurred", "date_end": "#date+end", "date_precision": "#date+precision",
    "disorder_type": "#event+type+disorder", "event_type": "#event+type", "sub_event_type": "#event+type+sub",
    "actor1": "#group+code+first", "actor1_raw": "#group+name+first",
    "assoc_actor1_raw": "#group+name+first+assoc", "actor2": "#group+code+second",
    "actor2_raw": "#group+name+second", "assoc_actor2_raw": "#group+name+second+assoc",
    "interaction": "#indicator+interaction", "country_iso3": "#country+code",
    "admin1": "#adm1+name", "admin1_pcode": "#adm1+code", "admin2": "#adm2+name",
    "admin2_pcode": "#adm2+code", "admin3": "#adm3+name", "admin3_pcode": "#adm3+code",
    "location": "#loc+name", "latitude": "#geo+lat", "longitude": "#geo+lon",
    "geo_precision": "#geo+precision", "pgm_gid": "#geo+cell+priogrid", "border_km": "#geo+distance+border",
    "fatalities": "#affected+killed", "fatalities_low": "#affected+killed+min",
    "fatalities_high": "#affected+killed+max", "civilian_fatalities": "#affected+killed+civilians",
    "notes": "#description", "source_refs": "#meta+url", "confidence": "#meta+confidence",
    "tlp": "#meta+tlp",
}
# Columns most people want; ``--all-columns`` gives every event column.
DEFAULT_COLUMNS = tuple(HXL_TAGS)


def format_from_path(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    guess = {"csv": "csv", "parquet": "parquet", "pq": "parquet", "geojson": "geojson", "json": "geojson"}
    if suffix not in guess:
        raise InvalidValue(f"cannot tell the export format from {path!r}; pass --format ({', '.join(FORMATS)})")
    return guess[suffix]


def export_events(store: Store, path: str | os.PathLike, fmt: str | None = None,
                  where: EventFilter = EventFilter(), columns: tuple[str, ...] = DEFAULT_COLUMNS) -> int:
    """Write the events matching ``where``; return how many were written.

    The file is written beside its destination and moved into place, so a failed
    export never leaves half a file."""
    fmt = fmt or format_from_path(path)
    if fmt not in FORMATS:
        raise InvalidValue(f"export format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    selection = EventFilter(**{**where.__dict__, "columns": columns})
    target = Path(path)
    temporary = target.with_name(f".{target.name}.partial")
    try:
        if fmt == "parquet":
            table = store.events_arrow(selection)
            pq.write_table(table, temporary)
            count = table.num_rows
        else:
            frame = store.events(selection)
            count = len(frame)
            if fmt == "csv":
                frame.to_csv(temporary, index=False)
            elif fmt == "hxl":
                _write_hxl(frame, temporary)
            else:
                _write_geojson(frame, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def _write_hxl(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(frame.columns)
        writer.writerow([HXL_TAGS.get(c, "") for c in frame.columns])
    frame.to_csv(path, mode="a", header=False, index=False)


def _json_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_geojson(frame: pd.DataFrame, path: Path) -> None:
    """Events with coordinates as Points; events without them keep ``geometry: null``."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [\n')
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        for i, record in enumerate(records):
            lat, lon = record.get("latitude"), record.get("longitude")
            geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
            feature = {"type": "Feature", "id": record.get("event_id"), "geometry": geometry,
                       "properties": {k: _json_value(v) for k, v in record.items()}}
            handle.write(("," if i else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        handle.write("]}\n")
