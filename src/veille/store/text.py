"""News articles, watched feeds and links between reports of one event, in the store.

``text_articles`` remembers every article the extractor read (from a file or a feed
item), with the run that first and last saw it and how many events came of it, so that
``veille watch`` reads each feed item once. ``feed_state`` keeps, per feed, what the
server said last (ETag, Last-Modified) and when. ``event_links`` (created with the
events table) holds pairs of events that report the same event; a link never changes
either event. ``duplicate_event_ids`` names the reports analyses should leave out to
count each event once.

SQL here is the subset DuckDB and PostgreSQL share, with ``?`` placeholders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from veille.store.core import Store, _now

ARTICLE_COLUMNS = ("article_id", "feed_url", "item_key", "url", "path", "line", "title", "published", "lang",
                   "content_sha256", "events", "first_run_id", "last_run_id", "first_seen_at", "last_seen_at")
LINK_COLUMNS = ("event_id", "source", "event_date", "date_precision", "country_iso3", "admin1", "admin1_pcode",
                "admin2", "admin2_pcode", "location", "latitude", "longitude", "event_type", "sub_event_type",
                "actor1", "actor2", "fatalities", "created_at")
# Sources that curate their records: a news report linked to one of them is the duplicate.
CURATED = ("acled", "ucdp", "ucdp_candidate")


def _chunks(values: Sequence, size: int = 500) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def known_articles(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """article_id → content_sha256 for the ids already recorded."""
    out: dict[str, str] = {}
    for chunk in _chunks(list(article_ids)):
        marks = ", ".join("?" for _ in chunk)
        rows = store._con.execute(f"SELECT article_id, content_sha256 FROM text_articles WHERE article_id IN ({marks})",
                                  list(chunk)).fetchall()
        out.update({a: s for a, s in rows})
    return out


def seen_feed_items(store: Store, feed_url: str) -> set[str]:
    rows = store._con.execute("SELECT item_key FROM text_articles WHERE feed_url = ?", [feed_url]).fetchall()
    return {r[0] for r in rows}


def save_articles(store: Store, run_id: int, rows: Sequence[Mapping]) -> None:
    """Record articles read by a run: new ones inserted, known ones touched."""
    if not rows:
        return
    now = _now()
    known = known_articles(store, [r["article_id"] for r in rows])
    with store.transaction():
        for r in rows:
            if r["article_id"] in known:
                store._con.execute(
                    "UPDATE text_articles SET last_run_id = ?, last_seen_at = ?, events = ?, content_sha256 = ?, "
                    "title = ?, published = ?, lang = ? WHERE article_id = ?",
                    [run_id, now, int(r["events"]), r["content_sha256"], r.get("title"), r.get("published"),
                     r.get("lang"), r["article_id"]])
                continue
            values = [r["article_id"], r.get("feed_url"), r.get("item_key"), r.get("url"), r.get("path"), r.get("line"),
                      r.get("title"), r.get("published"), r.get("lang"), r["content_sha256"], int(r["events"]),
                      run_id, run_id, now, now]
            store._con.execute(f"INSERT INTO text_articles ({', '.join(ARTICLE_COLUMNS)}) "
                               f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)})", values)


def articles(store: Store, feed_url: str | None = None) -> pd.DataFrame:
    sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM text_articles"
    params: list = []
    if feed_url:
        sql += " WHERE feed_url = ?"
        params.append(feed_url)
    return store._con.execute(sql + " ORDER BY first_seen_at, article_id", params).df()


def feed_state(store: Store, feed_url: str) -> dict | None:
    cursor = store._con.execute("SELECT feed_url, etag, last_modified, polls, last_polled_at, last_ok_at, last_status, "
                                "items_seen FROM feed_state WHERE feed_url = ?", [feed_url])
    row = cursor.fetchone()
    if row is None:
        return None
    names = ["feed_url", "etag", "last_modified", "polls", "last_polled_at", "last_ok_at", "last_status", "items_seen"]
    return dict(zip(names, row))


def save_feed_state(store: Store, feed_url: str, status: str, ok: bool, etag: str | None = None,
                    last_modified: str | None = None, new_items: int = 0) -> None:
    now = _now()
    with store.transaction():
        current = feed_state(store, feed_url)
        if current is None:
            store._con.execute(
                "INSERT INTO feed_state (feed_url, etag, last_modified, polls, last_polled_at, last_ok_at, last_status, "
                "items_seen) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                [feed_url, etag, last_modified, now, now if ok else None, status, new_items])
            return
        store._con.execute(
            "UPDATE feed_state SET etag = ?, last_modified = ?, polls = polls + 1, last_polled_at = ?, "
            "last_ok_at = ?, last_status = ?, items_seen = items_seen + ? WHERE feed_url = ?",
            [etag if ok else current["etag"], last_modified if ok else current["last_modified"], now,
             now if ok else current["last_ok_at"], status, new_items, feed_url])


def link_candidates(store: Store, countries: Sequence[str], date_from: dt.date, date_to: dt.date,
                    exclude_ids: Sequence[str] = ()) -> pd.DataFrame:
    """Stored events (any source) that a new report of these countries and dates may duplicate."""
    if not countries:
        return pd.DataFrame(columns=list(LINK_COLUMNS))
    marks = ", ".join("?" for _ in countries)
    frame = store._con.execute(
        f"SELECT {', '.join(LINK_COLUMNS)} FROM events WHERE country_iso3 IN ({marks}) "
        "AND event_date BETWEEN ? AND ? ORDER BY event_date, event_id",
        [*countries, date_from, date_to]).df()
    if exclude_ids and len(frame):
        frame = frame[~frame["event_id"].isin(set(exclude_ids))]
    return frame


def save_links(store: Store, links: Sequence[tuple[str, str, float, str]], kind: str = "same_event") -> int:
    """Insert links (event_id, other_event_id, score, method); existing pairs are left as
    they are. Returns how many were new."""
    if not links:
        return 0
    now = _now()
    before = store._con.execute("SELECT count(*) FROM event_links").fetchone()[0]
    with store.transaction():
        for event_id, other_id, score, method in links:
            store._con.execute(
                "INSERT INTO event_links (event_id, other_event_id, kind, score, method, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, other_event_id) DO NOTHING",
                [event_id, other_id, kind, float(score), method, now])
    after = store._con.execute("SELECT count(*) FROM event_links").fetchone()[0]
    return int(after - before)


def links(store: Store, event_id: str | None = None) -> pd.DataFrame:
    sql = "SELECT event_id, other_event_id, kind, score, method, created_at FROM event_links"
    params: list = []
    if event_id:
        sql += " WHERE event_id = ? OR other_event_id = ?"
        params = [event_id, event_id]
    return store._con.execute(sql + " ORDER BY event_id, other_event_id", params).df()


def duplicate_event_ids(store: Store) -> set[str]:
    """Events that are second reports of an event already in the store: a news event
    linked to a curated record (ACLED, UCDP), or to a news event created before it (the
    earlier report stands for both). Leave these out to count each real event once."""
    rows = store._con.execute(
        "SELECT l.event_id, a.source, a.created_at, l.other_event_id, b.source, b.created_at "
        "FROM event_links l JOIN events a ON a.event_id = l.event_id JOIN events b ON b.event_id = l.other_event_id "
        "WHERE l.kind = 'same_event'").fetchall()
    out: set[str] = set()
    for left, left_source, left_at, right, right_source, right_at in rows:
        if left_source == "text" and right_source in CURATED:
            out.add(left)
        elif right_source == "text" and left_source in CURATED:
            out.add(right)
        elif left_source == "text" and right_source == "text":
            out.add(left if (left_at, left) > (right_at, right) else right)
    return out
