"""``veille watch FEED...``: poll RSS/Atom feeds, read each new item once, store its events.

Each poll of a feed asks the server only for what changed (``If-None-Match`` /
``If-Modified-Since`` from the last answer, kept in ``feed_state``), reads the items it
has not seen (``text_articles`` remembers each item's id), optionally fetches each new
item's page for its full text, and stores what the extractor finds through
``sources.text.ingest_records`` — one import run per poll with new items. A feed that
cannot be reached (no network, ``VEILLE_OFFLINE``, a server down) is reported as
offline and tried again at the next round; nothing is lost and nothing is half-written.
A FEED may also be a local file, read the same way.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from veille import settings
from veille.errors import Offline, UpstreamError
from veille.sources.text import TextIngestReport, TextRecord, html_article, ingest_records, parse_feed
from veille.store import Store

_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class PollResult:
    feed: str
    status: str  # new | unchanged | not modified | offline | error
    message: str
    items: int = 0
    new_items: int = 0
    report: TextIngestReport | None = None


def _fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET a URL through the project's HTTP client: (status, body, headers); 304 is an answer."""
    from veille.sources.fetch.http import ApiClient, HttpStatusError

    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}/"
    path = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    with ApiClient(base, source="text", headers={"Accept": _ACCEPT}, tries=2) as client:
        try:
            response = client.request("GET", path, headers=headers)
        except HttpStatusError as exc:
            if exc.http_status == 304:
                return 304, b"", {}
            raise
        return response.status_code, response.content, dict(response.headers)


def _is_url(feed: str) -> bool:
    return feed.startswith(("http://", "https://"))


def poll_feed(store: Store, feed: str, fetch_pages: bool = False, country: str | None = None,
              fetch: Callable[..., tuple[int, bytes, dict[str, str]]] = _fetch) -> PollResult:
    """Poll one feed once: read new items and store their events."""
    from veille.store import text as text_store

    state = text_store.feed_state(store, feed) or {}
    etag = last_modified = None
    try:
        if _is_url(feed):
            conditional = {}
            if state.get("etag"):
                conditional["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                conditional["If-Modified-Since"] = state["last_modified"]
            status, body, headers = fetch(feed, conditional or None)
            if status == 304:
                text_store.save_feed_state(store, feed, "not modified", True, state.get("etag"), state.get("last_modified"))
                return PollResult(feed, "not modified", "nothing new (304)")
            lowered = {k.lower(): v for k, v in headers.items()}
            etag, last_modified = lowered.get("etag"), lowered.get("last-modified")
        else:
            path = Path(feed)
            if not path.exists():
                return PollResult(feed, "error", f"{feed}: no such file, and not an http(s) address")
            body = path.read_bytes()
        records = parse_feed(body, feed, country)
    except Offline as exc:
        text_store.save_feed_state(store, feed, f"offline: {exc.message}", False)
        return PollResult(feed, "offline", exc.message)
    except UpstreamError as exc:
        text_store.save_feed_state(store, feed, f"error: {exc.message}", False)
        return PollResult(feed, "error", exc.message)
    except Exception as exc:  # a feed that is not a feed: InputRefused and friends
        message = getattr(exc, "message", str(exc))
        text_store.save_feed_state(store, feed, f"error: {message}", False)
        return PollResult(feed, "error", message)
    seen = text_store.seen_feed_items(store, feed)
    new = [r for r in records if r.item_key not in seen]
    if fetch_pages and _is_url(feed):
        new = [_with_page(r, fetch) for r in new]
    if not new:
        text_store.save_feed_state(store, feed, "unchanged", True, etag, last_modified)
        return PollResult(feed, "unchanged", f"{len(records)} items, none new", len(records))
    digest = hashlib.sha256(body).hexdigest()
    report = ingest_records(store, feed, new, digest, len(body), variant="feed", feed_url=feed)
    text_store.save_feed_state(store, feed, "new", True, etag, last_modified, new_items=len(new))
    return PollResult(feed, "new", f"{len(new)} new items: {report.events} events, {report.linked} links",
                      len(records), len(new), report)


def _with_page(record: TextRecord, fetch) -> TextRecord:
    """The item with its page's main text when the page can be fetched and says more."""

    article = record.article
    if article is None or not article.url or not _is_url(article.url):
        return record
    try:
        status, body, _ = fetch(article.url, None)
    except (Offline, UpstreamError):
        return record
    if status != 200 or not body:
        return record
    title, text, published, _ = html_article(body.decode("utf-8", errors="replace"), article.url)
    if len(text) <= len(article.text):
        return record
    return TextRecord(replace(article, text=text, published=article.published or published, title=article.title or title),
                      record.key, record.line, record.raw,
                      None, record.item_key)


def watch(store: Store, feeds: Sequence[str], interval: float | None = None, max_rounds: int | None = None,
          fetch_pages: bool = False, country: str | None = None, say: Callable[[PollResult], None] | None = None,
          wait: Callable[[float, int], None] | None = None, fetch=_fetch) -> list[PollResult]:
    """Poll every feed, round after round, ``interval`` seconds apart (the ``watch_interval``
    setting by default), until ``max_rounds`` rounds (forever when None)."""
    seconds = settings.get("watch_interval", interval)
    results: list[PollResult] = []
    rounds = 0
    while True:
        for feed in feeds:
            result = poll_feed(store, feed, fetch_pages=fetch_pages, country=country, fetch=fetch)
            results.append(result)
            if say:
                say(result)
        rounds += 1
        if max_rounds is not None and rounds >= max_rounds:
            return results
        (wait or (lambda s, _r: time.sleep(s)))(seconds, rounds)
