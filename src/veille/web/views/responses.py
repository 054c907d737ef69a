"""The responses board (recommended and tracked actions, ``veille.alerts`` responses,
issue 7): wired to that module when it is installed."""

from __future__ import annotations

import importlib.util


def available() -> bool:
    return importlib.util.find_spec("veille.alerts.responses") is not None


def responses_page(ctx) -> dict:
    return {"available": available(), "board": {}}
