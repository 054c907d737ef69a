"""Reading delimited files for import: sniffing, refusing, batching, line numbers.

Files are read as text columns in batches by pyarrow's streaming CSV reader. Rows
with the wrong number of fields are set aside with their exact text and physical line;
the physical line of every other row is worked out from the line breaks inside its
quoted fields, so a quarantined record always names the line a person would open.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from veille.errors import InputRefused

DELIMITERS = (",", "\t", ";", "|")
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
_HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+[a-z0-9_]+)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """How a file is laid out, as found by sniffing it."""

    path: str
    columns: tuple[str, ...]  # names of the fields, in file order
    delimiter: str = ","
    header_lines: int = 1  # lines before the first record (header, HXL tag row)
    has_hxl_row: bool = False
    encoding: str = "utf-8"
    null_values: tuple[str, ...] = ("",)
    variant: str = ""  # what the source calls this layout ("hdx", "2.0", "legacy" …)

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


@dataclass
class RawBatch:
    """Records as text, with what is needed to find each one in the file."""

    frame: pd.DataFrame  # one column per field, strings or None
    ordinals: np.ndarray  # per row: its position among the file's well-formed records


@dataclass
class LineMap:
    """Physical line numbers, worked out once the whole file has been read.

    The parser reports a malformed row by its record number; a well-formed one is
    known by its ordinal among well-formed rows. Knowing how many lines each
    well-formed row spans (line breaks inside quoted fields) and where the malformed
    ones sit, both become the line a person would open."""

    header_lines: int
    spans: list[np.ndarray] = field(default_factory=list)  # lines taken by each well-formed row
    bad: list[tuple[int, str, int, int]] = field(default_factory=list)  # record no., text, expected, found
    _starts: np.ndarray | None = None

    def add_spans(self, spans: np.ndarray) -> None:
        self.spans.append(spans)
        self._starts = None

    def add_bad(self, number: int, text: str, expected: int, found: int) -> None:
        self.bad.append((number, text, expected, found))

    def _layout(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        spans = np.concatenate(self.spans) if self.spans else np.zeros(0, dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(spans)])  # valid lines before valid row j
        records = np.asarray(sorted(b[0] for b in self.bad), dtype=np.int64) - 1 - self.header_lines
        bad_spans = np.asarray([b[1].count("\n") + 1 for b in sorted(self.bad)], dtype=np.int64)
        valid_before_bad = records - np.arange(len(records))
        return starts, valid_before_bad, np.concatenate([[0], np.cumsum(bad_spans)]), records

    def physical(self, ordinals: np.ndarray) -> np.ndarray:
        """Lines of well-formed rows, by ordinal."""
        starts, valid_before_bad, bad_before, _ = self._layout()
        ordinals = np.asarray(ordinals, dtype=np.int64)
        n_bad = np.searchsorted(valid_before_bad, ordinals, side="right")
        return self.header_lines + 1 + starts[ordinals] + bad_before[n_bad]

    @property
    def bad_rows(self) -> list[tuple[int, str, int, int]]:
        """(line, text, expected fields, found fields) of malformed rows; blank lines left out."""
        starts, valid_before_bad, bad_before, _ = self._layout()
        out = []
        for i, (_number, text, expected, found) in enumerate(sorted(self.bad)):
            line = self.header_lines + 1 + starts[valid_before_bad[i]] + bad_before[i]
            if text.strip():
                out.append((int(line), text, expected, found))
        return out


def file_sha256(path: str | os.PathLike) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def check_readable(path: str | os.PathLike, encoding: str = "utf-8") -> None:
    """Refuse a file that is missing, empty, binary or not in ``encoding``."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputRefused(name, "no such file")
    if p.is_dir():
        raise InputRefused(name, "is a folder", "a data file")
    if p.stat().st_size == 0:
        raise InputRefused(name, "the file is empty", "a header line and records")
    with open(p, "rb") as handle:
        head = handle.read(8192)
    if b"\x00" in head:
        raise InputRefused(name, "looks binary (it contains NUL bytes)", "a text file of delimited records")
    if head[:4] in (b"PK\x03\x04",) or head[:3] == b"\x1f\x8b\x08":
        raise InputRefused(name, "is a compressed archive", "an uncompressed text file (unzip it first)")
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(p, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 24), b""):
            nul = chunk.find(b"\x00")
            if nul >= 0:  # text has no NUL; PostgreSQL cannot even store one
                line += chunk[:nul].count(b"\n")
                raise InputRefused(name, f"line {line}: contains a NUL byte, as binary data does",
                                   "a text file of delimited records")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                bad = chunk[exc.start: exc.start + 1].hex()
                raise InputRefused(
                    name, f"line {line}: byte 0x{bad} is not valid {encoding}",
                    f"{encoding} text; if the file is Latin-1 or Windows-1252, "
                    "re-run with --encoding cp1252") from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputRefused(name, "ends in the middle of a multi-byte character",
                               f"complete {encoding} text") from None


def head_lines(path: str | os.PathLike, encoding: str = "utf-8", n: int = 3) -> list[str]:
    """The first ``n`` records' text (a quoted field may span lines; this keeps that)."""
    with open(path, encoding=encoding, newline="") as handle:
        text = handle.read(1 << 16)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    return lines[:n]


def split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def sniff_delimiter(header: str, expected: Sequence[str]) -> tuple[str, list[str]]:
    """The delimiter under which the header shows the most of the expected names."""
    wanted = {c.lower() for c in expected}
    best = (",", split_line(header, ","), -1)
    for delimiter in DELIMITERS:
        names = split_line(header, delimiter)
        score = sum(1 for n in names if n.strip().lower() in wanted)
        if score > best[2]:
            best = (delimiter, names, score)
    return best[0], best[1]


def is_hxl_row(cells: Sequence[str]) -> bool:
    tags = [c.strip() for c in cells if c.strip()]
    return bool(tags) and sum(1 for t in tags if _HXL_TAG.match(t)) >= max(1, len(tags) // 2)


# Arrow's reader reads ahead of the parser some thirty blocks: small blocks keep that
# to about 64 MB, and the parsed blocks are gathered into batches of ``batch_rows``.
READ_BLOCK_BYTES = 2 << 20


def read_batches(layout: Layout, lines: LineMap, batch_rows: int = 100_000,
                 block_bytes: int = READ_BLOCK_BYTES) -> Iterator[RawBatch]:
    """Stream the records of a sniffed file as text columns, ``batch_rows`` at a time
    (the last batch smaller), so memory stays bounded whatever the file's size."""
    bad_rows: list[tuple[int, str, int, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append((row.number, row.text, row.expected_columns, row.actual_columns))
        return "skip"

    read_options = pacsv.ReadOptions(
        use_threads=False, block_size=block_bytes, skip_rows=layout.header_lines,
        column_names=list(layout.columns), encoding=layout.encoding)
    parse_options = pacsv.ParseOptions(
        delimiter=layout.delimiter, newlines_in_values=True, ignore_empty_lines=False,
        invalid_row_handler=on_invalid, quote_char='"' if layout.delimiter != "\t" else False)
    convert_options = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in layout.columns},
        null_values=list(layout.null_values), strings_can_be_null=True, quoted_strings_can_be_null=True)
    try:
        reader = pacsv.open_csv(layout.path, read_options=read_options, parse_options=parse_options,
                                convert_options=convert_options)
    except pa.ArrowInvalid as exc:
        raise InputRefused(layout.path, f"cannot be read as {layout.delimiter_name}-separated text: {exc}") from None
    ordinal = 0
    gathered: list[pa.RecordBatch] = []
    rows = 0
    finished = False
    while not finished or rows:
        if not finished and rows < batch_rows:
            try:
                block = reader.read_next_batch()
                gathered.append(block)
                rows += block.num_rows
            except StopIteration:
                finished = True
            except pa.ArrowInvalid as exc:
                raise InputRefused(layout.path, f"cannot be parsed: {exc}") from None
            continue
        whole = pa.Table.from_batches(gathered, schema=reader.schema)
        table = whole.slice(0, batch_rows).combine_chunks()
        rest = whole.slice(batch_rows)
        gathered, rows = rest.to_batches(), rest.num_rows
        spans = np.ones(table.num_rows, dtype=np.int64)
        for column in table.columns:
            counts = pc.count_substring(column, "\n")
            spans += counts.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        lines.add_spans(spans)
        ordinals = np.arange(ordinal, ordinal + table.num_rows, dtype=np.int64)
        ordinal += table.num_rows
        frame = table.to_pandas()
        for bad in bad_rows:
            lines.add_bad(*bad)
        bad_rows.clear()
        yield RawBatch(frame=frame, ordinals=ordinals)
    for bad in bad_rows:
        lines.add_bad(*bad)


def prefetch(batches: Iterator[RawBatch]) -> Iterator[RawBatch]:
    """Read the next batch on a second thread while the current one is processed
    (Arrow parses without holding the GIL). Only one thread advances the reader."""
    from concurrent.futures import ThreadPoolExecutor

    sentinel = object()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-read") as pool:
        pending = pool.submit(next, batches, sentinel)
        while True:
            batch = pending.result()
            if batch is sentinel:
                return
            pending = pool.submit(next, batches, sentinel)
            yield batch


def row_text(values: Sequence[object], delimiter: str = ",") -> str:
    """A record's fields written back as one delimited line, for quarantine."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(
        ["" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v for v in values])
    return buffer.getvalue()
