"""Briefs kept in the store for the dashboard: queued, built, read and downloaded at
the TLP they were built at (GREEN for everyone logged in, AMBER for the organisation
that asked), each read narrowed by an ``Audience`` in the query."""

from __future__ import annotations

import secrets

import pandas as pd

from veille.errors import InvalidValue, NotFound
from veille.model import Tlp
from veille.store.audience import Audience
from veille.store.core import Store, _now

LIST_COLUMNS = ("brief_id", "title", "countries", "region", "month", "lang", "tlp", "status", "error", "created_by",
                "created_at", "finished_at")
FORMATS = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


def queue_brief(store: Store, countries: tuple[str, ...], region: str | None, month: str, lang: str, tlp: Tlp | str,
                created_by: str | None, owner_org: str | None) -> str:
    tlp = Tlp(tlp)
    if tlp in (Tlp.AMBER, Tlp.RED) and not owner_org:
        raise InvalidValue(f"an {tlp.value} brief needs an owning organisation")
    brief_id = "b_" + secrets.token_hex(8)
    with store.transaction():
        store._con.execute(
            "INSERT INTO briefs (brief_id, countries, region, month, lang, tlp, status, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'building', ?, ?)",
            [brief_id, ";".join(countries), region, month, lang, tlp.value, created_by, _now()])
        if owner_org:
            store._con.execute("INSERT INTO record_owners VALUES ('brief', ?, ?)", [brief_id, owner_org])
    return brief_id


def finish_brief(store: Store, brief_id: str, title: str, html: str, md: str, pdf: bytes | None) -> None:
    store._con.execute("UPDATE briefs SET status = 'ready', title = ?, html = ?, md = ?, pdf = ?, finished_at = ? "
                       "WHERE brief_id = ?", [title, html, md, pdf, _now(), brief_id])


def fail_brief(store: Store, brief_id: str, error: str) -> None:
    store._con.execute("UPDATE briefs SET status = 'failed', error = ?, finished_at = ? WHERE brief_id = ?",
                       [error[:500], _now(), brief_id])


def list_briefs(store: Store, audience: Audience, limit: int = 200) -> pd.DataFrame:
    clause, params = audience.visible("brief", "brief_id")
    return store._con.execute(
        f"SELECT {', '.join(LIST_COLUMNS)}, pdf IS NOT NULL AS has_pdf FROM briefs WHERE {clause} "
        f"ORDER BY created_at DESC, brief_id LIMIT {int(limit)}", params).df()


def get_brief(store: Store, audience: Audience, brief_id: str) -> dict:
    clause, params = audience.visible("brief", "brief_id")
    frame = store._con.execute(f"SELECT {', '.join(LIST_COLUMNS)}, pdf IS NOT NULL AS has_pdf FROM briefs "
                               f"WHERE brief_id = ? AND {clause}", [brief_id, *params]).df()
    if frame.empty:
        raise NotFound(f"no brief {brief_id!r}")
    return frame.iloc[0].to_dict()


def brief_content(store: Store, audience: Audience, brief_id: str, fmt: str) -> str | bytes:
    if fmt not in FORMATS:
        raise InvalidValue(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    clause, params = audience.visible("brief", "brief_id")
    rows = store._con.execute(f"SELECT status, {fmt} FROM briefs WHERE brief_id = ? AND {clause}",
                              [brief_id, *params]).fetchall()
    if not rows:
        raise NotFound(f"no brief {brief_id!r}")
    status, content = rows[0]
    if status != "ready" or content is None:
        raise NotFound(f"brief {brief_id} has no {fmt} version" + (" yet" if status == "building" else ""))
    return bytes(content) if fmt == "pdf" else content


__all__ = ["FORMATS", "brief_content", "fail_brief", "finish_brief", "get_brief", "list_briefs", "queue_brief"]
