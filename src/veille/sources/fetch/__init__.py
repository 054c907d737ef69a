"""Live sources: download UCDP (GED and Candidate) and ACLED events into CSV files that
``veille ingest`` imports. Offline-safe: with no network, or with ``VEILLE_OFFLINE`` on,
they fail fast with ``Offline`` and a message saying how to work on without them.

    fetch_ucdp(version, out_path, countries=None, start=None, end=None, ...) -> FetchResult
    fetch_acled(out_path, countries, start=None, end=None, ...) -> FetchResult
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

Progress = Callable[[int, "int | None"], None]  # rows so far, total rows when the API says


@dataclass(frozen=True)
class FetchResult:
    path: Path      # the CSV written
    rows: int       # events written
    pages: int      # API pages read
    source: str     # "ucdp", "ucdp_candidate" or "acled": what `veille ingest` will label them
    url: str        # the first data request (no secrets), for provenance


@contextmanager
def atomic_csv(path: Path, header: Sequence[str]) -> Iterator[csv.writer]:
    """A CSV writer whose file appears at ``path`` only when the block completes.

    Rows go to a hidden temporary file beside ``path``; any failure removes it, so an
    interrupted fetch never leaves a partial file that a later import would trust.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".part", delete=False)
    try:
        with handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            yield writer
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


from veille.sources.fetch.acled import fetch_acled  # noqa: E402
from veille.sources.fetch.ucdp import UCDP_GW_CODES, fetch_ucdp  # noqa: E402

__all__ = ["FetchResult", "Progress", "fetch_acled", "fetch_ucdp", "UCDP_GW_CODES", "atomic_csv"]
