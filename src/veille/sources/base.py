"""What every importer provides, and the sniffing they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import pandas as pd

from veille.errors import InputRefused
from veille.sources.normalize import Checker
from veille.sources.reading import Layout, check_readable, head_lines, is_hxl_row, sniff_delimiter, split_line

# Columns that identify each source's files, for refusals that say what a file is.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "acled": ("event_id_cnty", "event_date", "event_type", "actor1", "fatalities"),
    "ucdp": ("relid", "type_of_violence", "side_a", "side_b", "date_start", "best"),
    "gdelt": ("globaleventid", "sqldate", "eventcode", "eventrootcode", "actiongeo_lat"),
}


def guess_source(names: Sequence[str]) -> str | None:
    lowered = {n.strip().lower() for n in names}
    for source, signature in SIGNATURES.items():
        if sum(1 for c in signature if c in lowered) >= len(signature) - 1:
            return source
    return None


class Source:
    """An importer: recognises its files and turns their records into event columns."""

    name: ClassVar[str]
    title: ClassVar[str]
    required: ClassVar[tuple[str, ...]]
    null_values: ClassVar[tuple[str, ...]] = ("",)
    # Curated sources are taken as they stand; machine-coded ones carry a lower prior.
    confidence: ClassVar[float] = 1.0
    tlp: ClassVar[str] = "CLEAR"

    def sniff(self, path: str, encoding: str = "utf-8") -> Layout:
        """Look at the header; refuse the file unless it is this source's format."""
        check_readable(path, encoding)
        lines = head_lines(path, encoding, n=2)
        if not lines or not lines[0].strip():
            raise InputRefused(path, "the first line is empty", f"a {self.title} header line")
        delimiter, names = sniff_delimiter(lines[0], self.required + self.known_extra())
        names = [n.strip().lstrip("\ufeff") for n in names]
        return self.layout_from_header(path, names, delimiter, lines, encoding)

    def known_extra(self) -> tuple[str, ...]:
        return ()

    def layout_from_header(self, path: str, names: list[str], delimiter: str,
                           lines: list[str], encoding: str) -> Layout:
        lowered = [n.lower() for n in names]
        missing = [c for c in self.required if c not in lowered]
        if missing:
            self.refuse_columns(path, names, missing)
        hxl = len(lines) > 1 and is_hxl_row(split_line(lines[1], delimiter))
        return Layout(path=path, columns=tuple(self.column_names(lowered)), delimiter=delimiter,
                      header_lines=2 if hxl else 1, has_hxl_row=hxl, encoding=encoding,
                      null_values=self.null_values, variant=self.variant(lowered, hxl))

    def column_names(self, lowered: list[str]) -> list[str]:
        """Field names as the importer will use them (unique, lower case)."""
        seen: dict[str, int] = {}
        out = []
        for i, name in enumerate(lowered):
            name = name or f"column_{i + 1}"
            if name in seen:
                seen[name] += 1
                name = f"{name}_{seen[name]}"
            else:
                seen[name] = 0
            out.append(name)
        return out

    def variant(self, lowered: list[str], hxl: bool) -> str:
        return "hdx" if hxl else "standard"

    def refuse_columns(self, path: str, names: list[str], missing: list[str]) -> None:
        other = guess_source(names)
        if other and other != self.name.split("_")[0]:
            raise InputRefused(path, f"looks like a {other.upper()} file, not {self.title}",
                               f"`veille ingest {other} {path}`")
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        raise InputRefused(path, f"missing column(s) {', '.join(missing)}; the header has: {shown}",
                           f"a {self.title} file with columns {', '.join(self.required)}")

    def source_label(self, layout: Layout, frame: pd.DataFrame) -> str | pd.Series:
        return self.name

    def normalize(self, check: Checker, layout: Layout) -> pd.DataFrame:
        raise NotImplementedError
