"""Vectorised checks and conversions shared by the importers.

An importer turns a batch of text columns into event columns through a ``Checker``:
each conversion returns the converted column and records, for the rows that fail, the
field and what was expected. Rows with any problem are quarantined whole, with every
problem named; the rest become events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from veille.model import CONTENT_COLUMNS, EVENT_FIELDS
from veille.store.duckdb_backend import DuckDBBackend, scratch_duckdb

_SPEC = {spec.name: spec for spec in EVENT_FIELDS}
_ARROW_TYPES = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(),
                "date": pa.date32(), "timestamp": pa.timestamp("us")}


class Checker:
    """Collects, per row, the problems found while converting a batch."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.n = len(frame)
        self.problems: dict[int, list[tuple[str, str]]] = defaultdict(list)

    # ---- recording ----------------------------------------------------------------

    def flag(self, mask: pd.Series | np.ndarray, field: str,
             message: str | Callable[[object], str], values: pd.Series | None = None) -> None:
        if isinstance(mask, pd.Series):
            mask = mask.astype("boolean").fillna(False).to_numpy(dtype=bool)
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for pos in positions:
            text = message(values.iloc[pos]) if callable(message) and values is not None else message
            self.problems[int(pos)].append((field, str(text)))

    def rejected(self) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        if self.problems:
            mask[list(self.problems)] = True
        return mask

    # ---- conversions ----------------------------------------------------------------

    def column(self, name: str) -> pd.Series:
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series([None] * self.n, index=self.frame.index, dtype=object)

    def text(self, name: str, required: bool = False, field: str | None = None) -> pd.Series:
        values = self.column(name)
        cleaned = values.astype("string").str.strip()
        cleaned = cleaned.mask(cleaned == "")
        if required:
            self.flag(cleaned.isna(), field or name, "expected a value, found it empty")
        return cleaned

    def integer(self, name: str, field: str | None = None, low: float | None = None,
                high: float | None = None, required: bool = False,
                expected: str = "a whole number") -> pd.Series:
        field = field or name
        raw = self.text(name, required=required, field=field)
        numbers = parse_numbers(raw)
        bad = raw.notna() & (numbers.isna() | (numbers.notna() & (numbers % 1 != 0)))
        self.flag(bad, field, lambda v: f"expected {expected}, got {v!r}", raw)
        numbers = numbers.where(~bad)
        if low is not None:
            below = numbers < low
            self.flag(below, field, lambda v: f"expected {expected} >= {low:g}, got {v!r}", raw)
            numbers = numbers.mask(below.fillna(False))
        if high is not None:
            above = numbers > high
            self.flag(above, field, lambda v: f"expected {expected} <= {high:g}, got {v!r}", raw)
            numbers = numbers.mask(above.fillna(False))
        return numbers.round().astype("Int64")

    def number(self, name: str, field: str | None = None, low: float | None = None,
               high: float | None = None, required: bool = False, expected: str = "a number") -> pd.Series:
        field = field or name
        raw = self.text(name, required=required, field=field)
        numbers = parse_numbers(raw).astype("Float64")
        bad = raw.notna() & numbers.isna()
        self.flag(bad, field, lambda v: f"expected {expected}, got {v!r}", raw)
        if low is not None or high is not None:
            lo = -np.inf if low is None else low
            hi = np.inf if high is None else high
            out = numbers.notna() & ((numbers < lo) | (numbers > hi))
            self.flag(out, field, lambda v: f"expected {expected} between {lo:g} and {hi:g}, got {v!r}", raw)
            numbers = numbers.mask(out)
        return numbers

    def date(self, name: str, formats: Sequence[str], field: str | None = None,
             required: bool = False, expected: str = "a date such as 2020-08-01") -> pd.Series:
        """Parse with the first format that fits each value; values fitting none are flagged."""
        field = field or name
        raw = self.text(name, required=required, field=field)
        parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
        todo = raw.notna()
        for fmt in formats:
            if not todo.any():
                break
            attempt = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
            parsed.loc[attempt.index] = parsed.loc[attempt.index].fillna(attempt)
            todo = raw.notna() & parsed.isna()
        self.flag(todo, field, lambda v: f"expected {expected}, got {v!r}", raw)
        plausible = parsed.notna() & ((parsed.dt.year < 1900) | (parsed > pd.Timestamp.now() + pd.Timedelta(days=31)))
        self.flag(plausible, field, lambda v: f"expected a date between 1900 and next month, got {v!r}", raw)
        return parsed.mask(plausible).dt.date

    def choice(self, values: pd.Series, field: str, allowed: Iterable[str], expected: str) -> None:
        allowed = set(allowed)
        bad = values.notna() & ~values.isin(allowed)
        self.flag(bad, field, lambda v: f"expected {expected}, got {v!r}", values)


def parse_numbers(raw: pd.Series) -> pd.Series:
    """Text to float, NaN where it is not a number. Arrow's parser first (fast); when a
    column holds something that is not a number, pandas' per-value fallback."""
    try:
        parsed = pc.cast(pa.array(raw, type=pa.string(), from_pandas=True), pa.float64())
        return pd.Series(parsed.to_numpy(zero_copy_only=False), index=raw.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(raw, errors="coerce").astype(float)


def map_unique(values: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """Apply ``fn`` once per distinct value (sources repeat names a great deal)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index)


def interactions(inter1: pd.Series, inter2: pd.Series) -> pd.Series:
    """ACLED's interaction code, vectorised (see ``taxonomy.interaction_code``)."""
    a = pd.array(inter1, dtype="Int64")
    b = pd.array(inter2, dtype="Int64").fillna(0)
    low = np.minimum(a, b)
    high = np.maximum(a, b)
    paired = pd.Series(low * 10 + high, index=inter1.index)
    alone = pd.Series(a * 10, index=inter1.index)
    return paired.where(pd.Series(b != 0, index=inter1.index), alone).astype("Int64")


def type_columns(keys: pd.Series, fn: Callable[[object], tuple[str, str | None] | None]) -> pd.DataFrame:
    """event_type, sub_event_type and disorder_type from a per-record key, mapping each
    distinct key once; keys ``fn`` cannot map give nulls (the caller flags them)."""
    from veille.taxonomy import disorder_type

    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    table = []
    for key in uniques:
        pair = fn(key)
        table.append((pair[0], pair[1], disorder_type(*pair)) if pair else (None, None, None))
    table.append((None, None, None))  # code -1: a missing key
    rows = np.array(table, dtype=object)[codes]
    return pd.DataFrame({"event_type": rows[:, 0], "sub_event_type": rows[:, 1], "disorder_type": rows[:, 2]},
                        index=keys.index)


class SeenIds:
    """Ids met so far in one file, with the ordinal of the record that first had each.

    Kept as sorted 64-bit hashes (16 bytes an id, however long the file), looked up with
    a binary search; a hit is confirmed against the id's text, so two ids sharing a hash
    are never taken for one."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint64)  # sorted hashes
        self.ordinals = np.zeros(0, dtype=np.int64)  # first-seen ordinal, beside each hash
        self._texts: list[pa.Array] = []  # the ids themselves (compact, as Arrow), in the order added
        self._positions = np.zeros(0, dtype=np.int64)  # beside each hash: where its text is

    def lookup(self, ids: np.ndarray, hashes: np.ndarray | None = None) -> np.ndarray:
        """First-seen ordinal per id, or -1."""
        hashes = _hash_ids(ids) if hashes is None else hashes
        found = np.full(len(ids), -1, dtype=np.int64)
        if not len(self.keys):
            return found
        order = np.argsort(hashes)  # sorted queries search the sorted keys far faster
        at = np.empty(len(hashes), dtype=np.int64)
        at[order] = np.searchsorted(self.keys, hashes[order])
        at = np.minimum(at, len(self.keys) - 1)
        candidates = np.flatnonzero(self.keys[at] == hashes)
        if len(candidates):  # rare: a repeated id (or, once in billions, a shared hash)
            texts = pa.chunked_array(self._texts, type=pa.string())
            for i in candidates:  # equal hashes sit side by side: try each
                j = at[i]
                while j < len(self.keys) and self.keys[j] == hashes[i]:
                    if texts[int(self._positions[j])].as_py() == ids[i]:
                        found[i] = self.ordinals[j]
                        break
                    j += 1
        return found

    def add(self, ids: np.ndarray, ordinals: np.ndarray, hashes: np.ndarray | None = None) -> None:
        hashes = _hash_ids(ids) if hashes is None else hashes
        start = sum(len(t) for t in self._texts)
        self._texts.append(pa.array(np.asarray(ids, dtype=object), type=pa.string()))
        order = np.argsort(hashes, kind="stable")
        at = np.searchsorted(self.keys, hashes[order], side="right")  # merge: one pass, no re-sort
        self.keys = np.insert(self.keys, at, hashes[order])
        self.ordinals = np.insert(self.ordinals, at, np.asarray(ordinals, dtype=np.int64)[order])
        self._positions = np.insert(self._positions, at, start + order)


def _hash_ids(ids: np.ndarray) -> np.ndarray:
    return pd.util.hash_array(np.asarray(ids, dtype=object), categorize=False)


def duplicated_ids(ids: pd.Series, seen: SeenIds, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose id was met before in this file, and the ordinal of its first row
    (-1 where not a duplicate). Null ids are ignored."""
    present = ids.notna().to_numpy()
    values = ids.to_numpy(dtype=object, na_value=None)
    ordinals = np.asarray(ordinals, dtype=np.int64)
    first = np.full(len(values), -1, dtype=np.int64)
    hashes = _hash_ids(values[present])
    first[present] = seen.lookup(values[present], hashes)
    repeated = np.zeros(len(values), dtype=bool)
    if pd.Series(hashes).duplicated().any():  # only then compare the texts themselves
        repeated = present & pd.Series(values).duplicated(keep="first").to_numpy()
    if repeated.any():  # rare: find each repeat's first row within the batch
        first_here: dict = {}
        for value, ordinal in zip(values[present], ordinals[present]):
            first_here.setdefault(value, ordinal)
        first = np.where(repeated & (first < 0), [first_here.get(v, -1) for v in values], first)
    dup = present & (first >= 0)
    new = present & ~dup & ~repeated
    seen.add(values[new], ordinals[new], hashes[new[present]])
    return dup, np.where(dup, first, -1)


def to_event_table(frame: pd.DataFrame, source: pd.Series | str) -> pa.Table:
    """Event columns as a typed Arrow table, with ``event_id`` and ``content_hash`` filled."""
    n = len(frame)
    out = frame.copy()
    out["source"] = source if isinstance(source, str) else source.to_numpy()
    arrays = []
    for name in CONTENT_COLUMNS:
        arrow_type = _ARROW_TYPES[_SPEC[name].kind]
        if name == "event_id":
            array = pa.nulls(n, type=arrow_type)
        elif name in out.columns:
            column = out[name]
            if _SPEC[name].kind == "date":
                column = pd.Series(column, dtype=object)
            array = pa.array(column, type=arrow_type, from_pandas=True)
        else:
            array = pa.nulls(n, type=arrow_type)
        arrays.append(array)
    table = pa.Table.from_arrays(arrays, names=list(CONTENT_COLUMNS))
    return with_ids_and_hashes(table)


def with_ids_and_hashes(table: pa.Table) -> pa.Table:
    """Fill ``event_id`` (as ``model.event_id`` computes it) and add ``content_hash``, a
    digest of every content column: equal digests mean the source said the same thing.

    Arrow writes the columns as text; DuckDB is used here only as a vectorised md5."""
    parts = [pc.fill_null(pc.cast(table[c], pa.string()), "\x00") for c in CONTENT_COLUMNS if c != "event_id"]
    keyed = pa.table({"source": table["source"], "source_event_id": table["source_event_id"],
                      "joined": pc.binary_join_element_wise(*parts, "\x1f")})
    with scratch_duckdb() as con:
        con.register("batch", keyed)
        hashed = DuckDBBackend().arrow(
            con, "SELECT substr(md5(source || chr(31) || source_event_id), 1, 20) AS event_id, "
                 "md5(joined) AS content_hash FROM batch", [])
        con.unregister("batch")
    position = table.column_names.index("event_id")
    table = table.set_column(position, "event_id", hashed["event_id"].cast(pa.string()))
    return table.append_column("content_hash", hashed["content_hash"].cast(pa.string()))
