"""News text in the store on both backends: articles remembered, feeds' state, links
between reports of one event, and the duplicates analyses leave out."""

from __future__ import annotations

import hashlib
import json

from conftest import ROOT
from veille.sources.text import TextRecord, ingest_records, read_text_file
from veille.store import open_store
from veille.store import text as text_store

GOLD_DEV = ROOT / "tests" / "fixtures" / "extract" / "gold_dev.jsonl"
# Two outlets' reports of the same attack on Mogou (Togo), and one of another event.
PAIR = ("tg-en-023", "tg-fr-024", "bj-fr-009")


def _records(tmp_path) -> list[TextRecord]:
    rows = {r["id"]: r for r in map(json.loads, GOLD_DEV.read_text(encoding="utf-8").splitlines())}
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps({k: rows[i][k] for k in ("id", "text", "published", "url")}, ensure_ascii=False)
                            + "\n" for i in PAIR), encoding="utf-8")
    return read_text_file(path)


def test_text_store_on_both_backends(db_url, tmp_path):
    records = _records(tmp_path)
    digest = hashlib.sha256(b"pair").hexdigest()
    with open_store(db_url) as store:
        first = ingest_records(store, "pair.jsonl", records, digest, 4, variant="jsonl")
        assert first.balanced and (first.read, first.events, first.inserted) == (3, 3, 3)
        # The two Mogou reports are one event: linked, and one of them counts as a duplicate.
        assert first.linked == 1
        links = text_store.links(store)
        events = store.events().set_index("event_id")
        [link] = links.itertuples()
        assert "mogou" in events.loc[link.event_id, "source_refs"] and "mogou" in events.loc[link.other_event_id, "source_refs"]
        assert events.loc[link.event_id, "event_date"] == events.loc[link.other_event_id, "event_date"]
        assert text_store.duplicate_event_ids(store) <= {link.event_id, link.other_event_id}
        assert len(text_store.duplicate_event_ids(store)) == 1
        again = ingest_records(store, "pair.jsonl", records, digest, 4, variant="jsonl")
        assert (again.unchanged, again.inserted, again.linked) == (3, 0, 0)
        seen = text_store.articles(store)
        assert sorted(seen["article_id"]) == sorted(r.key for r in records)
        assert set(seen["first_run_id"]) == {first.run_id} and set(seen["last_run_id"]) == {again.run_id}
        text_store.save_feed_state(store, "http://127.0.0.1/feed.xml", "new", True, '"abc"', None, new_items=2)
        text_store.save_feed_state(store, "http://127.0.0.1/feed.xml", "offline: no network", False)
        state = text_store.feed_state(store, "http://127.0.0.1/feed.xml")
        assert (state["polls"], state["etag"], state["items_seen"], state["last_status"]) == \
            (2, '"abc"', 2, "offline: no network")
