"""The responses board: recommended and tracked actions (``veille.alerts`` responses)
by status, read through the reader's own view of the store, and status changes."""

from __future__ import annotations

from veille.alerts.responses import list_responses, update_response
from veille.errors import InvalidValue, NotFound
from veille.store import access
from veille.store.reader import reader_store
from veille.store.responses import CATEGORIES, STATUSES
from veille.web.auth import require
from veille.web.plain import records


def _visible(ctx, **filters):
    with reader_store(ctx.store, ctx.audience) as reader:
        return list_responses(reader, **filters)


def responses_page(ctx, countries: list[str] | None = None, open_only: bool = False) -> dict:
    chosen = tuple(dict.fromkeys(p.upper() for c in countries or () if c for p in c.replace(",", " ").split()))
    frame = _visible(ctx, countries=chosen, open_only=open_only)
    board = {status: records(frame[frame["status"] == status]) for status in STATUSES}
    return {"filters": {"country": list(chosen), "open_only": open_only}, "statuses": list(STATUSES),
            "categories": list(CATEGORIES), "board": board, "counts": {s: len(v) for s, v in board.items()},
            "overdue": int(frame["overdue"].sum()) if len(frame) else 0, "can_edit": ctx.audience.can("analyst"),
            "links": {"json": "/api/responses" + ("?" + "&".join(f"country={c}" for c in chosen) if chosen else "")}}


def set_status(ctx, response_id: str, status: str, notes: str | None = None) -> dict:
    user = require(ctx.caller, "analyst")
    if status not in STATUSES:
        raise InvalidValue(f"status must be one of {', '.join(STATUSES)}, got {status[:20]!r}")
    if response_id not in set(_visible(ctx)["response_id"]):
        raise NotFound(f"no response {response_id!r}")
    update_response(ctx.store, response_id, status=status, notes=notes or None)
    access.audit(ctx.store, "response.status", user, response_id, {"status": status}, ctx.ip())
    return {"ok": True, "response_id": response_id, "status": status}


__all__ = ["responses_page", "set_status"]
