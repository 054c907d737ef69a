"""Import files into the store: every record inserted, updated, unchanged or
quarantined with a reason, in one transaction per file."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from veille import settings
from veille.sources.enrich import enrich_actors, enrich_places
from veille.sources.normalize import Checker, SeenIds, duplicated_ids, to_event_table
from veille.sources.reading import Layout, LineMap, file_sha256, prefetch, read_batches, row_text
from veille.sources.registry import get_source
from veille.store import MergeCounts, Store

Progress = Callable[[int], None]  # bytes (approximately) read since the last call


@dataclass
class IngestReport:
    path: str
    source: str
    run_id: int | None = None
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    variant: str = ""
    reasons: dict[str, int] = field(default_factory=dict)  # quarantine reasons by field

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "quarantined": self.quarantined}

    @property
    def balanced(self) -> bool:
        return self.read == self.inserted + self.updated + self.unchanged + self.quarantined


def sniff_all(source: str, paths: Sequence[str | os.PathLike], encoding: str = "utf-8") -> list[Layout]:
    """Refuse any file that is not what ``source`` expects before anything is written."""
    importer = get_source(source)
    return [importer.sniff(str(p), encoding) for p in paths]


def ingest(store: Store, source: str, paths: Sequence[str | os.PathLike], encoding: str = "utf-8",
           progress: Progress | None = None) -> list[IngestReport]:
    layouts = sniff_all(source, paths, encoding)
    return [ingest_layout(store, source, layout, progress) for layout in layouts]


def ingest_layout(store: Store, source: str, layout: Layout,
                  progress: Progress | None = None) -> IngestReport:
    """Import one sniffed file in one transaction. Should another import write the same
    events at the same moment, the file is imported again once that one has committed
    (its records then count as unchanged or updated), rather than failing."""
    with store.memory_limited(settings.get("import_memory_mb")):
        for attempt in store.retrying():
            with attempt:
                report = _ingest_once(store, source, layout, progress)
    if report.inserted + report.updated > 10_000:
        store.after_bulk_write("events")
    return report


def _ingest_once(store: Store, source: str, layout: Layout, progress: Progress | None) -> IngestReport:
    importer = get_source(source)
    path = str(Path(layout.path).resolve())
    sha256, nbytes = file_sha256(layout.path)
    report = IngestReport(path=path, source=importer.name, variant=layout.variant)
    lines = LineMap(layout.header_lines)
    seen = SeenIds()
    pending: list[pd.DataFrame] = []  # quarantined rows, still known by ordinal
    counts = MergeCounts()
    with store.transaction():
        run_id = store.start_run(importer.name, path, sha256, nbytes)
        report.run_id = run_id
        for batch in prefetch(read_batches(layout, lines, settings.get("import_batch_rows"))):
            frame = batch.frame
            report.read += len(frame)
            check = Checker(frame)
            normalized = importer.normalize(check, layout)
            label = importer.source_label(layout, frame)
            if isinstance(label, str):
                report.source = label
            rejected = check.rejected()
            dup, first = duplicated_ids(normalized["source_event_id"].where(~rejected), seen, batch.ordinals)
            keep = ~(rejected | dup)
            good = normalized[keep]
            if len(good):
                good = enrich_actors(enrich_places(good))
                labels = label if isinstance(label, str) else label[keep]
                good = good.assign(confidence=good.get("confidence", importer.confidence),
                                   tlp=good.get("tlp", importer.tlp))
                merged = store.merge_events(run_id, to_event_table(good, labels))
                counts = MergeCounts(*(a + b for a, b in zip(_counts(counts), _counts(merged))))
            pending.append(_rejects(frame, check, rejected, dup, first, batch.ordinals, layout,
                                    normalized["source_event_id"]))
            if progress:
                progress(int(frame.memory_usage(deep=False).sum()))
        quarantine = _resolve_lines(pending, lines, layout)
        store.verify_run(run_id, counts)
        store.add_quarantine(run_id, quarantine)
        report.read += len(lines.bad_rows)  # malformed rows are records read too
        report.quarantined = len(quarantine)
        report.inserted, report.updated, report.unchanged = counts.inserted, counts.updated, counts.unchanged
        report.reasons = quarantine["field"].fillna("record").value_counts().to_dict() if len(quarantine) else {}
        store.finish_run(run_id, report.read, MergeCounts(*_counts(counts)), report.quarantined)
    return report


def _counts(counts: MergeCounts) -> tuple[int, int, int]:
    return counts.inserted, counts.updated, counts.unchanged


def _rejects(frame: pd.DataFrame, check: Checker, rejected: np.ndarray, dup: np.ndarray,
             first: np.ndarray, ordinals: np.ndarray, layout: Layout, ids: pd.Series) -> pd.DataFrame:
    rows = []
    for pos in np.flatnonzero(rejected | dup):
        values = frame.iloc[pos].tolist()
        raw = row_text(values, layout.delimiter)
        if rejected[pos]:
            problems = check.problems[int(pos)]
            rows.append((ordinals[pos], problems[0][0], "; ".join(f"{f}: {m}" for f, m in problems), raw, -1))
        else:
            rows.append((ordinals[pos], "source_event_id",
                         f"duplicate id {ids.iloc[pos]!r}, first seen on line {{first}}", raw, first[pos]))
    return pd.DataFrame(rows, columns=["ordinal", "field", "reason", "raw", "first_ordinal"])


def _resolve_lines(pending: list[pd.DataFrame], lines: LineMap, layout: Layout) -> pd.DataFrame:
    frames = [p for p in pending if len(p)]
    columns = ["line", "field", "reason", "raw"]
    parts = []
    if frames:
        rejects = pd.concat(frames, ignore_index=True)
        rejects["line"] = lines.physical(rejects["ordinal"].to_numpy())
        has_first = rejects["first_ordinal"].to_numpy() >= 0
        if has_first.any():
            first_lines = lines.physical(rejects.loc[has_first, "first_ordinal"].to_numpy())
            rejects.loc[has_first, "reason"] = [
                reason.replace("{first}", str(line))
                for reason, line in zip(rejects.loc[has_first, "reason"], first_lines)]
        parts.append(rejects[columns])
    if lines.bad_rows:
        n_columns = len(layout.columns)
        parts.append(pd.DataFrame(
            [(line, "record", f"record: has {found} fields, expected {expected} "
                              f"({layout.delimiter_name}-separated, as in the header)", text)
             for line, text, expected, found in lines.bad_rows] if n_columns else [],
            columns=columns))
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True).sort_values("line", kind="stable").reset_index(drop=True)
