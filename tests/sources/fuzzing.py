"""Hypothesis strategies that damage real files, and the oracle every import must pass.

Each importer starts from real records (UCDP GED, UCDP Candidate, ACLED when present,
GDELT 1.0, and GDELT 2.0 laid out from the 1.0 records). A case either damages records
(fields replaced by adversarial text, huge fields, fields dropped or added, duplicated
ids, line breaks and quotes inside fields) so that the number of records is known, or
damages bytes (truncation, bytes overwritten, other encodings, BOMs, CRLF), where it is
not. The oracle: an import either refuses the file with a ``VeilleError`` and writes
nothing, or accounts for every record — read = inserted + updated + unchanged +
quarantined, as many records read as were written, every inserted or updated record in
``events`` under the run, every quarantined one in ``quarantine`` with its line, field
and reason. Anything else (another exception, counts that do not add up) is a crash.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from veille.errors import VeilleError
from veille.sources.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS
from veille.sources.ingest import ingest
from veille.store import Store

csv.field_size_limit(1 << 30)  # the huge-field cases
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "data"
SAMPLE_ROWS = 12

ADVERSARIAL = [
    "", " ", "NA", "null", "None", "-", "-1", "0", "-0", "1e309", "-1e309", "nan", "inf", "1,5", "1.5.5", "0x1F",
    "١٢٣", "12 ", " 12", "+7", "9" * 40, "2020-02-30", "0000-00-00", "9999-12-31", "31/12/2020", "20201301",
    "1899-12-31", "2999-01-01", "🔥" * 3, "\u202etxet", "Zoë Côte d'Ivoire", "\"quoted\"", "a\"b", "line\nbreak",
    "tab\there", "semi;colon", "pipe|x", "comma,inside", "=cmd|' /C calc'!A0", "<script>alert(1)</script>",
    "'; DROP TABLE events; --", "?", "%s", "%%", "$1", "\\N", "\r", "\u00a0", "\ufeff", "ǅ" * 5,
]


@dataclass(frozen=True)
class Seed:
    """Real records of one importer: header (None when the layout has none), rows."""

    source: str
    name: str
    header: list[str] | None
    rows: list[list[str]]
    delimiter: str = ","
    hxl: list[str] | None = None


def _read(path: Path, delimiter: str = ",") -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def seeds() -> dict[str, Seed]:
    """The importers' real starting records; ACLED only where its files are present."""
    out: dict[str, Seed] = {}
    ged = _read(SHARED / "ucdp" / "ucdp_ged_23_1_sample1000.csv")
    out["ucdp"] = Seed("ucdp", "ucdp", ged[0], ged[1:SAMPLE_ROWS + 1])
    hdx = _read(SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv")
    out["ucdp_hdx"] = Seed("ucdp", "ucdp_hdx", hdx[0], hdx[2:SAMPLE_ROWS + 2], hxl=hdx[1])
    candidate = _read(SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv")
    out["ucdp_candidate"] = Seed("ucdp", "ucdp_candidate", candidate[0], candidate[1:SAMPLE_ROWS + 1])
    acled = sorted((SHARED / "acled").glob("*.csv"))
    if acled:
        rows = _read(acled[0])
        out["acled"] = Seed("acled", "acled", rows[0], rows[2:SAMPLE_ROWS + 2], hxl=rows[1])
    gdelt = _read(DATA / "gdelt" / "gdelt1_westafrica_1979_1997.csv")
    out["gdelt1"] = Seed("gdelt", "gdelt1", gdelt[0], gdelt[1:SAMPLE_ROWS + 1])
    by_name = [dict(zip([c.lower() for c in gdelt[0]], row)) for row in gdelt[1:SAMPLE_ROWS + 1]]
    two = [[record.get(c, "") for c in GDELT2_COLUMNS] for record in by_name]
    assert set(GDELT1_COLUMNS) <= {c.lower() for c in gdelt[0]}
    out["gdelt2"] = Seed("gdelt", "gdelt2", None, two, delimiter="\t")
    return out


def write_records(seed: Seed, rows: list[list[str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    # GDELT 2.0 is tab-separated without quoting, as GDELT writes it
    quoting = csv.QUOTE_NONE if seed.delimiter == "\t" else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=seed.delimiter, lineterminator=newline, quoting=quoting,
                        escapechar="\\" if quoting == csv.QUOTE_NONE else None)
    if seed.header is not None:
        writer.writerow(seed.header)
    if seed.hxl is not None:
        writer.writerow(seed.hxl)
    writer.writerows(rows)
    return buffer.getvalue()


# ---- strategies --------------------------------------------------------------------------

def _text_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ADVERSARIAL),
        st.text(max_size=30),
        st.integers(-10 ** 12, 10 ** 12).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates().map(lambda d: d.strftime(st_date_format())),
    )


def st_date_format() -> str:
    return "%Y-%m-%d"


@st.composite
def damaged_records(draw, seed: Seed) -> tuple[bytes, int, str]:
    """(file bytes, records written, what was done) with records damaged in place."""
    rows = [list(r) for r in seed.rows[: draw(st.integers(1, len(seed.rows)))]]
    width = len(rows[0])
    notes = []
    tsv = seed.delimiter == "\t"
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["value", "value", "value", "huge", "drop", "add", "duplicate", "swap"]))
        r = draw(st.integers(0, len(rows) - 1))
        if kind == "value":
            c = draw(st.integers(0, width - 1))
            value = draw(_text_value())
            if tsv:  # a tab or line break would split the unquoted record: GDELT 2.0 cannot hold them
                value = value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
            rows[r][c] = value
            notes.append(f"row {r} field {c} = {value[:20]!r}")
        elif kind == "huge":
            c = draw(st.integers(0, width - 1))
            rows[r][c] = draw(st.sampled_from(["x", "9", "é", "\"", "🔥"])) * draw(st.sampled_from([10_000, 300_000]))
            notes.append(f"row {r} field {c} huge")
        elif kind == "drop" and len(rows[r]) > 2:
            del rows[r][draw(st.integers(0, len(rows[r]) - 1))]
            notes.append(f"row {r} one field fewer")
        elif kind == "add":
            rows[r].insert(draw(st.integers(0, len(rows[r]))), draw(_text_value()).replace("\t", " ")
                           .replace("\n", " ").replace("\r", " ") if tsv else draw(_text_value()))
            notes.append(f"row {r} one field more")
        elif kind == "duplicate":
            rows.insert(draw(st.integers(0, len(rows))), list(rows[r]))
            notes.append(f"row {r} repeated")
        elif kind == "swap" and len(rows) > 1:
            s = draw(st.integers(0, len(rows) - 1))
            rows[r], rows[s] = rows[s], rows[r]
    # a record emptied of every field is a blank line, which no reader counts
    rows = [r for r in rows if any(v.strip() for v in r) and not (len(r) == 1 and not r[0])]
    if not rows:
        rows = [list(seed.rows[0])]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = write_records(seed, rows, newline)
    return text.encode("utf-8"), count_records(seed, text), "; ".join(notes)


def count_records(seed: Seed, text: str) -> int:
    """Records in ``text`` as Python's own csv reader (not the importer's) finds them;
    a bare carriage return inside an unquoted field ends a record for every reader."""
    quoting = csv.QUOTE_NONE if seed.delimiter == "\t" else csv.QUOTE_MINIMAL
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=seed.delimiter, quoting=quoting))
    skip = (seed.header is not None) + (seed.hxl is not None)
    return sum(1 for row in rows[skip:] if row)


@st.composite
def damaged_bytes(draw, seed: Seed) -> tuple[bytes, None, str]:
    """(file bytes, None: records unknown, what was done) with the bytes damaged."""
    data = write_records(seed, seed.rows).encode("utf-8")
    kind = draw(st.sampled_from(["truncate", "overwrite", "insert", "encoding", "bom", "blank_lines", "nul"]))
    if kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "overwrite":
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    elif kind == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=12)) + data[at:]
    elif kind == "encoding":
        text = write_records(seed, [[v + draw(st.sampled_from(["é", "ç", "ô", "’", ""])) for v in row]
                                    for row in seed.rows])
        data = text.encode(draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-8-sig"])), errors="replace")
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "blank_lines":
        lines = data.split(b"\n")
        at = draw(st.integers(1, len(lines)))
        data = b"\n".join(lines[:at] + [b""] * draw(st.integers(1, 3)) + lines[at:])
    elif kind == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data, None, kind


def cases(seed: Seed) -> st.SearchStrategy:
    return st.one_of(damaged_records(seed), damaged_bytes(seed))


# ---- the oracle ----------------------------------------------------------------------------

class Crash(AssertionError):
    """An import broke a promise: an exception outside the veille family, or records
    not accounted for."""


def check_import(store: Store, seed: Seed, data: bytes, written: int | None, path: Path) -> str:
    """Import ``data`` as ``seed.source``; return 'refused' or 'imported', or raise Crash."""
    path.write_bytes(data)
    events_before = store.count_events()
    runs_before = len(store.runs())
    try:
        reports = ingest(store, seed.source, [path])
    except VeilleError as exc:
        if store.count_events() != events_before or len(store.runs()) != runs_before:
            raise Crash(f"refused ({exc.message}) but wrote something") from exc
        if "Traceback" in exc.message:
            raise Crash(f"a refusal that shows a traceback: {exc.message}") from exc
        return "refused"
    except Exception as exc:
        import traceback

        where = traceback.extract_tb(exc.__traceback__)[-1]
        raise Crash(f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})") from exc
    [report] = reports
    if not report.balanced:
        raise Crash(f"counts do not add up: {report.counts()}")
    if written is not None and report.read != written:
        raise Crash(f"{written} records written, {report.read} read: {report.counts()}")
    in_run = store._con.execute("SELECT count(*) FROM events WHERE ingest_run_id = ?",
                                [report.run_id]).fetchall()[0][0]
    if in_run != report.inserted + report.updated:
        raise Crash(f"{in_run} events under the run, {report.inserted} + {report.updated} counted")
    if store.count_events() != events_before + report.inserted:
        raise Crash(f"events grew by {store.count_events() - events_before}, {report.inserted} inserted")
    quarantined = store.quarantined(run_id=report.run_id)
    if len(quarantined) != report.quarantined:
        raise Crash(f"{len(quarantined)} quarantine rows, {report.quarantined} counted")
    if len(quarantined) and (quarantined["reason"].isna().any() or (quarantined["line"] < 1).any()):
        raise Crash("a quarantined record lacks its line or reason")
    return "imported"


__all__ = ["Crash", "Seed", "cases", "check_import", "damaged_bytes", "damaged_records", "seeds"]
