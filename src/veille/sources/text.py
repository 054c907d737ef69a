"""News text as a source: plain text, JSONL, HTML pages and RSS/Atom feeds, read into
articles, run through ``extract/`` and stored as events of source ``text``.

``sniff_text`` tells the formats apart by their content (not their names): JSON lines
(``{"id", "text", …}`` as ``veille extract`` reads them), an RSS or Atom document, an
HTML page (its main text: the paragraphs of ``<article>`` or ``<main>``, or of the
element holding most of the page's paragraph text; title and publication date from its
metadata), or plain text (one article). ``ingest_text`` stores what the extractor finds,
one transaction per file, with the same promises as the other importers: every article
ends with events (inserted, updated or unchanged), without events, or quarantined with
its line and reason; re-running changes nothing; new events are linked to the stored
events they duplicate (``extract.links``), never merged with them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

import pandas as pd

from veille.errors import BadRecord, InputRefused
from veille.extract import Article, ExtractedEvent, extract
from veille.extract.contract import article_from_record, read_records
from veille.sources.base import Source
from veille.sources.reading import check_readable, file_sha256
from veille.store import MergeCounts, Store

FORMATS = ("jsonl", "feed", "html", "text")
_DROP_TAGS = ("script", "style", "nav", "footer", "header", "aside", "form", "noscript", "figure", "iframe", "svg",
              "button", "menu")


@dataclass
class TextRecord:
    """One article as read, or the reason it could not be read."""

    article: Article | None
    key: str  # stable identity: URL, feed item id, or the input's id
    line: int | None = None
    raw: str = ""
    problem: BadRecord | None = None
    item_key: str | None = None  # a feed item's id, for `veille watch`


class TextSource(Source):
    """News text (the registry's entry; the reading and storing are below)."""

    name: ClassVar[str] = "text"
    title: ClassVar[str] = "news text (plain text, JSON lines, HTML, RSS/Atom)"
    required: ClassVar[tuple[str, ...]] = ()
    confidence: ClassVar[float] = 0.0  # each event carries the extractor's own

    def sniff(self, path: str, encoding: str = "utf-8"):  # type: ignore[override]
        return sniff_text(path)


def sniff_text(path: str | os.PathLike) -> str:
    """The format of a text input, or ``InputRefused`` (missing, empty, binary, not UTF-8)."""
    name = str(path)
    check_readable(name)
    with open(name, encoding="utf-8") as handle:
        head = handle.read(4096).lstrip("\ufeff").lstrip()
    lowered = head[:600].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("[") and '"text"' in head:
        raise InputRefused(name, "is a JSON array", 'one JSON object a line (JSONL) with "id" and "text"')
    if re.search(r"<(?:rss|feed|rdf:rdf)\b", lowered) and not re.search(r"<html\b", lowered):
        return "feed"
    if re.search(r"<!doctype html|<html\b|<body\b|<article\b|<p\b", lowered):
        return "html"
    if lowered.startswith("<?xml"):
        raise InputRefused(name, "is XML but not an RSS or Atom feed", "an RSS or Atom feed, an HTML page, JSONL or text")
    return "text"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- HTML --------------------------------------------------------------------------------

def html_article(html: str, url: str | None = None) -> tuple[str | None, str, dt.date | None, str | None]:
    """(title, main text, publication date, canonical URL) of an HTML page."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    from veille.extract.dates import parse_published

    tree = HTMLParser(html)
    meta = {}
    for node in tree.css("meta"):
        key = (node.attributes.get("property") or node.attributes.get("name") or node.attributes.get("itemprop") or "").lower()
        if key and node.attributes.get("content"):
            meta.setdefault(key, node.attributes["content"])
    title = meta.get("og:title")
    if not title:
        heading = tree.css_first("h1") or tree.css_first("title")
        title = heading.text(strip=True) if heading else None
    published = None
    for key in ("article:published_time", "datepublished", "date", "dc.date", "pubdate", "publish-date"):
        if key in meta:
            try:
                published = parse_published(meta[key])
                break
            except ValueError:
                continue
    if published is None:
        stamp = tree.css_first("time[datetime]")
        if stamp is not None:
            try:
                published = parse_published(stamp.attributes.get("datetime"))
            except ValueError:
                published = None
    canonical = tree.css_first("link[rel=canonical]")
    url = (canonical.attributes.get("href") if canonical else None) or meta.get("og:url") or url
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    container = tree.css_first("article") or tree.css_first("main")
    if container is None or not container.css("p"):
        best, best_len = None, 0
        for node in tree.css("div, section, body"):
            length = sum(len(p.text(strip=True)) for p in node.css("p"))
            if length > best_len:
                best, best_len = node, length
        container = best or tree.body
    paragraphs = [p.text(separator=" ", strip=True) for p in container.css("p")] if container is not None else []
    text = "\n\n".join(p for p in paragraphs if len(p) > 1)
    if not text and container is not None:
        text = container.text(separator=" ", strip=True)
    return title, text, published, url


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's description), paragraphs kept apart."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    if "<" not in fragment:
        return fragment.strip()
    tree = HTMLParser(f"<div>{fragment}</div>")
    paragraphs = [p.text(separator=" ", strip=True) for p in tree.css("p")]
    if paragraphs:
        return "\n\n".join(p for p in paragraphs if p)
    return tree.body.text(separator=" ", strip=True) if tree.body else ""


# ---- feeds ------------------------------------------------------------------------------

def parse_feed(content: bytes | str, feed_url: str, country: str | None = None) -> list[TextRecord]:
    """The items of an RSS or Atom document as articles; ``InputRefused`` if it is not one."""
    import feedparser

    parsed = feedparser.parse(content)
    if not parsed.entries and not parsed.get("version"):
        why = f" ({type(parsed.bozo_exception).__name__})" if parsed.get("bozo") else ""
        raise InputRefused(feed_url, f"is not an RSS or Atom feed{why}", "an RSS 2.0 or Atom document")
    out = []
    outlet = (parsed.feed.get("title") or "").strip() or None  # the channel's name: the items' outlet
    for number, entry in enumerate(parsed.entries, 1):
        item_key = entry.get("id") or entry.get("link") or _digest(f"{entry.get('title')}|{entry.get('published')}")
        body = ""
        if entry.get("content"):
            body = " ".join(part.get("value", "") for part in entry["content"])
        body = html_to_text(body or entry.get("summary") or entry.get("description") or "")
        title = (entry.get("title") or "").strip() or None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*stamp[:3]) if stamp else None
        raw = json.dumps({"id": item_key, "title": title, "link": entry.get("link")}, ensure_ascii=False)
        if not body.strip() and not title:
            out.append(TextRecord(None, item_key, number, raw, BadRecord("text", "the item has no title and no text"),
                                  item_key))
            continue
        article = Article(str(item_key), body or title or "", published, None, entry.get("link"), title, country,
                          outlet)
        out.append(TextRecord(article, str(entry.get("link") or item_key), number, raw, None, str(item_key)))
    return out


# ---- files --------------------------------------------------------------------------------

def read_text_file(path: str | os.PathLike, fmt: str | None = None, published: dt.date | None = None,
                   country: str | None = None) -> list[TextRecord]:
    name = str(path)
    fmt = fmt or sniff_text(name)
    if fmt == "jsonl":
        out = []
        for number, record in read_records(name):
            if isinstance(record, json.JSONDecodeError):
                out.append(TextRecord(None, f"{Path(name).name}:{number}", number, _line(name, number),
                                      BadRecord("record", f"not JSON ({record.msg} at column {record.colno})")))
                continue
            try:
                article = article_from_record(record)
            except BadRecord as exc:
                out.append(TextRecord(None, f"{Path(name).name}:{number}", number, json.dumps(record, ensure_ascii=False)[:2000], exc))
                continue
            if country and article.country is None:
                article = replace(article, country=country)
            if published and article.published is None:
                article = replace(article, published=published)
            out.append(TextRecord(article, article.url or article.id, number, json.dumps(record, ensure_ascii=False)[:2000]))
        return out
    text = Path(name).read_text(encoding="utf-8")
    if fmt == "feed":
        return parse_feed(text.encode("utf-8"), name, country)
    if fmt == "html":
        title, body, when, url = html_article(text)
        key = url or Path(name).name
        if not body.strip():
            return [TextRecord(None, key, None, text[:2000], BadRecord("text", "the page has no paragraph text"))]
        return [TextRecord(Article(key, body, when or published, None, url, title, country), key, None, body[:2000])]
    key = Path(name).name
    if not text.strip():
        return [TextRecord(None, key, None, "", BadRecord("text", "the file has no text"))]
    return [TextRecord(Article(key, text, published, None, None, None, country), key, None, text[:2000])]


def _line(path: str, number: int) -> str:
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle, 1):
            if i == number:
                return line.rstrip("\n")[:2000]
    return ""


# ---- storing ------------------------------------------------------------------------------

@dataclass
class TextIngestReport:
    path: str
    source: str = "text"
    run_id: int | None = None
    variant: str = ""
    read: int = 0  # articles
    inserted: int = 0  # events
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0  # articles
    events: int = 0
    with_events: int = 0  # articles that report one event or more
    without_events: int = 0  # articles that report no event
    linked: int = 0  # new links to events they duplicate
    reasons: dict[str, int] = field(default_factory=dict)
    new_items: int = 0

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
                "quarantined": self.quarantined, "events": self.events, "with_events": self.with_events,
                "without_events": self.without_events, "linked": self.linked}

    @property
    def balanced(self) -> bool:
        """Articles: with events + without events + quarantined = read; events: inserted +
        updated + unchanged = events."""
        return self.read == self.with_events + self.without_events + self.quarantined \
            and self.events == self.inserted + self.updated + self.unchanged


def sniff_all_text(paths: Sequence[str | os.PathLike]) -> list[tuple[str, str]]:
    """(path, format) for every input, refusing any bad one before anything is written."""
    return [(str(p), sniff_text(p)) for p in paths]


def ingest_text(store: Store, paths: Sequence[str | os.PathLike], published: dt.date | None = None,
                country: str | None = None, link: bool = True) -> list[TextIngestReport]:
    inputs = sniff_all_text(paths)
    reports = []
    for path, fmt in inputs:
        records = read_text_file(path, fmt, published, country)
        sha256, nbytes = file_sha256(path)
        reports.append(ingest_records(store, str(Path(path).resolve()), records, sha256, nbytes, variant=fmt, link=link))
    return reports


def ingest_records(store: Store, label: str, records: Sequence[TextRecord], sha256: str, nbytes: int,
                   variant: str = "", feed_url: str | None = None, link: bool = True) -> TextIngestReport:
    """Extract and store one input's articles in one transaction."""
    from veille.sources.normalize import to_event_table
    from veille.store import text as text_store

    report = TextIngestReport(path=label, variant=variant)
    quarantine, rows, article_rows, new_events = [], [], [], []
    seen: dict[str, int | None] = {}
    for record in records:
        report.read += 1
        if record.problem is not None:
            quarantine.append((record.line, record.problem.field, str(record.problem), record.raw))
            if feed_url and record.item_key:  # remembered, so the next poll does not read it again
                article_rows.append({"article_id": record.key, "feed_url": feed_url, "item_key": record.item_key,
                                     "line": record.line, "content_sha256": _digest(record.raw), "events": 0})
            continue
        if record.key in seen:
            quarantine.append((record.line, "id", f"duplicate article {record.key!r}, first seen on line {seen[record.key]}",
                               record.raw))
            continue
        seen[record.key] = record.line
        result = extract(record.article)
        if result.events and any(e.event_date is None for e in result.events):
            quarantine.append((record.line, "published", "the text gives no date and the article no publication date; "
                                                         "add \"published\" (YYYY-MM-DD)", record.raw))
            continue
        for n, event in enumerate(result.events, 1):
            rows.append(_event_row(record, n, event))
            new_events.append((f"{record.key}#{n}", event, record.key))
        report.events += len(result.events)
        report.with_events += bool(result.events)
        report.without_events += not result.events
        article_rows.append({"article_id": record.key, "feed_url": feed_url, "item_key": record.item_key,
                             "url": record.article.url, "path": None if feed_url else label, "line": record.line,
                             "title": record.article.title, "published": record.article.published, "lang": result.lang,
                             "content_sha256": _digest(record.article.text), "events": len(result.events)})
    with store.transaction():
        run_id = store.start_run("text", label, sha256, nbytes)
        report.run_id = run_id
        counts = MergeCounts()
        if rows:
            frame = _enrich(pd.DataFrame(rows))
            counts = store.merge_events(run_id, to_event_table(frame, "text"))
        store.verify_run(run_id, counts)
        store.add_quarantine(run_id, pd.DataFrame(quarantine, columns=["line", "field", "reason", "raw"]))
        text_store.save_articles(store, run_id, article_rows)
        if link and rows:
            report.linked = text_store.save_links(store, link_new_events(store, new_events))
        report.inserted, report.updated, report.unchanged = counts.inserted, counts.updated, counts.unchanged
        report.quarantined = len(quarantine)
        report.reasons = dict(pd.Series([q[1] for q in quarantine]).value_counts()) if quarantine else {}
        store.finish_run(run_id, report.read, counts, report.quarantined)
    return report


def _event_row(record: TextRecord, n: int, event: ExtractedEvent) -> dict:
    from veille import actors
    from veille.taxonomy import disorder_type, interaction_code

    def kind(actor_id):
        found = actors.actor(actor_id) if actor_id else None
        return found.kind if found else None

    inter1, inter2 = kind(event.actor1), kind(event.actor2)
    article = record.article
    refs = {k: v for k, v in (("url", article.url), ("title", article.title), ("article", record.key)) if v}
    return {
        "source_event_id": f"{record.key}#{n}", "event_date": event.event_date, "date_precision": event.date_precision or 1,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type), "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "actor1": event.actor1, "actor1_raw": event.actor1_raw,
        "actor2": event.actor2, "actor2_raw": event.actor2_raw, "inter1": inter1, "inter2": inter2,
        "interaction": interaction_code(inter1, inter2), "country_iso3": event.country_iso3, "admin1": event.admin1,
        "admin1_pcode": event.admin1_pcode, "admin2": event.admin2, "admin2_pcode": event.admin2_pcode,
        "location": event.location, "latitude": event.latitude, "longitude": event.longitude,
        "geo_precision": event.geo_precision, "fatalities": event.fatalities,
        "civilian_fatalities": event.civilian_fatalities, "notes": event.evidence[:4000],
        "source_refs": json.dumps(refs, ensure_ascii=False), "confidence": float(event.confidence), "tlp": "CLEAR",
    }


def _enrich(frame: pd.DataFrame) -> pd.DataFrame:
    """PRIO-GRID cell, Sahel-front distance and admin-3 from each event's point; the admin-1
    and admin-2 the extractor chose stand (a region's centroid is not a place)."""
    import numpy as np

    from veille import geo

    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    hint = frame["country_iso3"].astype(object).where(frame["country_iso3"].notna(), None).to_numpy(dtype=object)
    placed = geo.assign_places(lat, lon, country_hint=hint).reset_index(drop=True)
    out = frame.reset_index(drop=True).copy()
    for column in ("admin3", "admin3_pcode", "pgm_gid", "border_km", "geo_match"):
        out[column] = placed[column]
    precise = out["geo_precision"].fillna(3).astype(int) == 1
    out.loc[~precise, ["admin3", "admin3_pcode"]] = None
    return out


def link_new_events(store: Store, new_events: Sequence[tuple[str, ExtractedEvent, str]]) -> list[tuple[str, str, float, str]]:
    """Links from this run's events to the stored events (and to each other) they duplicate."""
    from veille.extract import links
    from veille.model import event_id
    from veille.store import text as text_store

    if not new_events:
        return []
    new = [links.from_extracted(event_id("text", sid), event, group) for sid, event, group in new_events]
    dated = [e.event_date for e in new if e.event_date]
    countries = sorted({e.country_iso3 for e in new if e.country_iso3})
    if not dated or not countries:
        return []
    stored = text_store.link_candidates(store, countries, min(dated) - dt.timedelta(days=31),
                                        max(dated) + dt.timedelta(days=31), exclude_ids=[e.id for e in new])
    candidates = [links.Linkable(r.event_id, f"{r.source}:{r.event_id}", _date(r.event_date), int(r.date_precision or 1),
                                 r.country_iso3, _str(r.admin1_pcode), _str(r.admin1), _str(r.admin2_pcode), _str(r.admin2),
                                 _str(r.location), _num(r.latitude), _num(r.longitude), _str(r.event_type),
                                 _str(r.sub_event_type), _str(r.actor1), _str(r.actor2),
                                 None if pd.isna(r.fatalities) else int(r.fatalities))
                  for r in stored.itertuples(index=False)]
    out: dict[tuple[str, str], float] = {}
    for a in new:
        best: dict[str, tuple[float, str]] = {}
        for b in candidates:
            score = links.pair_score(a, b)
            if score is None or score < links.THRESHOLD:
                continue
            family = b.group.split(":")[0]
            key = family if family != "text" else b.group
            if key not in best or score > best[key][0]:
                best[key] = (score, b.id)
        for score, other in best.values():
            out[(a.id, other)] = score
    for left, right, score in links.best_links(new):
        out[(left, right)] = score
    return [(a, b, s, links.METHOD) for (a, b), s in sorted(out.items())]


def _date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _str(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
