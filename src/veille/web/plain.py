"""DataFrames and values as plain JSON-ready Python: what every page dict holds."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def value(v: Any) -> Any:
    """One value as JSON would carry it: NaN/NaT → None, dates → ISO text, numpy → Python."""
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
    return [{k: value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def row(mapping: dict) -> dict:
    return {k: value(v) for k, v in mapping.items()}
