"""DataFrames and values as plain JSON-ready Python: what every page dict holds."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

try:  # several times faster than the standard library on the API's large answers
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None


def value(v: Any) -> Any:
    """One value as JSON would carry it: NaN/NaT → None, dates → ISO text, numpy → Python."""
    kind = type(v)
    if kind is str or kind is int:
        return v
    if kind is float:
        return None if v != v or v in (math.inf, -math.inf) else v
    if kind is dt.date:
        return v.isoformat()
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) or math.isinf(v) else float(v)
    if isinstance(v, pd.Timestamp):
        return v.isoformat() if (v.hour or v.minute or v.second or v.microsecond) else v.date().isoformat()
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple, np.ndarray)):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): value(x) for k, x in v.items()}
    if isinstance(v, (bytes, bytearray, memoryview)):
        raise TypeError("binary values never leave the store through the web")
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def records(frame: pd.DataFrame, columns: list[str] | tuple[str, ...] | None = None) -> list[dict]:
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    if len(frame) > 200 and not any(frame[c].dtype == object and len(frame) and
                                    isinstance(frame[c].dropna().iloc[0] if frame[c].notna().any() else None,
                                               (list, dict, bytes)) for c in frame.columns):
        return _records_fast(frame)
    return [{k: value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _records_fast(frame: pd.DataFrame) -> list[dict]:
    """The same as the loop above for big frames of scalars, in pandas' C JSON writer."""
    import json

    out = json.loads(frame.to_json(orient="records", date_format="iso", date_unit="us"))
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    for column in dates:  # midnight timestamps are dates: "2020-05-01", as value() writes them
        midnight = bool((frame[column].dropna().dt.normalize() == frame[column].dropna()).all())
        for rec in out:
            text = rec.get(column)
            if text:
                rec[column] = text[:10] if midnight else text.replace("Z", "")
    return out


def row(mapping: dict) -> dict:
    return {k: value(v) for k, v in mapping.items()}


def encode(data: Any) -> bytes:
    """A page dict as compact UTF-8 JSON (views build plain values; anything else goes
    through ``value``). NaN never appears: ``value`` turned it into None."""
    if orjson is not None:
        return orjson.dumps(data, default=value, option=orjson.OPT_NON_STR_KEYS)
    import json

    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=value).encode()
