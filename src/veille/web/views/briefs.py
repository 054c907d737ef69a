"""Situation briefs (``veille.reports.brief``, issue 7) to read and download: wired to
the brief module when it is installed; until then the page says it is not available."""

from __future__ import annotations

import importlib.util


def available() -> bool:
    return importlib.util.find_spec("veille.reports.brief") is not None


def briefs_page(ctx) -> dict:
    return {"available": available(), "briefs": []}
