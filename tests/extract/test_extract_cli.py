"""`veille extract`, `veille ingest text`, `veille watch` and `veille eval extract`, driven
in-process against real files, a real DuckDB file and a real HTTP server on localhost."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from veille.store import Store
from veille.store import text as text_store

GOLD_DEV = ROOT / "tests" / "fixtures" / "extract" / "gold_dev.jsonl"
FEEDS = ROOT / "tests" / "fixtures" / "extract" / "feeds"
CONTRACT = ["event_date", "date_precision", "country_iso3", "admin1", "admin2", "location", "latitude", "longitude",
            "actor1", "actor2", "event_type", "sub_event_type", "fatalities", "confidence"]


def gold_rows(ids: list[str] | None = None) -> list[dict]:
    rows = [json.loads(line) for line in GOLD_DEV.read_text(encoding="utf-8").splitlines()]
    if ids:
        rows = [r for r in rows if r["id"] in ids]
        rows.sort(key=lambda r: ids.index(r["id"]))
    return rows


def write_input(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for r in rows:
            handle.write(json.dumps({"id": r["id"], "text": r["text"], "published": r["published"], "url": r["url"]},
                                    ensure_ascii=False) + "\n")
    return path


# ---- veille extract ---------------------------------------------------------------------

def test_extract_writes_one_line_per_input_in_order_with_the_contract_fields(cli, tmp_path):
    ids = ["bj-fr-009", "tg-fr-019", "bj-fr-012", "tg-en-020"]
    source = write_input(tmp_path / "in.jsonl", gold_rows(ids))
    result = cli("extract", "--input", source, "--output", tmp_path / "out.jsonl")
    assert result.code == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ids
    assert [len(line["events"]) for line in lines] == [1, 0, 1, 0]
    for line in lines:
        assert list(line) == ["id", "events"]
        for event in line["events"]:
            assert list(event) == CONTRACT
    arrest = lines[0]["events"][0]
    assert (arrest["event_date"], arrest["country_iso3"], arrest["admin1"], arrest["admin2"], arrest["event_type"],
            arrest["sub_event_type"], arrest["actor1"], arrest["fatalities"]) == \
        ("2024-02-21", "BEN", "Alibori", "Malanville", "Strategic developments", "Arrests", "police-forces-ben", 0)
    riot = lines[2]["events"][0]
    assert (riot["sub_event_type"], riot["actor1"], riot["actor2"]) == ("Violent demonstration", "rioters-ben",
                                                                         "police-forces-ben")
    assert 0 < riot["confidence"] <= 1


def test_extract_refuses_bad_lines_naming_file_line_and_field_and_writes_nothing(cli, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "Deux soldats tués lundi à Mandouri."}\n'
                      '{"id": "b"}\n'
                      'not json\n'
                      '{"id": "c", "text": "x", "published": "hier"}\n'
                      '{"id": "d", "text": "x", "lang": "de"}\n', encoding="utf-8")
    result = cli("extract", "--input", source, "--output", tmp_path / "out.jsonl")
    assert result.code == 2
    message = " ".join(result.stderr.split())
    assert "bad.jsonl" in message and "4 bad line(s)" in message
    assert "line 2: field 'text': missing" in message
    assert "line 3: not JSON" in message
    assert "line 4: field 'published': expected a date" in message
    assert "line 5: field 'lang': expected en or fr" in message
    assert not (tmp_path / "out.jsonl").exists()
    assert list(tmp_path.glob(".out.jsonl.*")) == []


def test_extract_in_two_processes_gives_the_same_lines(cli, tmp_path):
    rows = gold_rows()
    source = write_input(tmp_path / "in.jsonl", rows)
    assert cli("extract", "--input", source, "--output", tmp_path / "one.jsonl").code == 0
    assert cli("extract", "--input", source, "--output", tmp_path / "two.jsonl", "--jobs", "2").code == 0
    assert (tmp_path / "one.jsonl").read_text(encoding="utf-8") == (tmp_path / "two.jsonl").read_text(encoding="utf-8")
    assert len((tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()) == len(rows)


# ---- veille ingest text -----------------------------------------------------------------

def test_ingest_text_counts_add_up_and_a_rerun_changes_nothing(cli, tmp_path):
    rows = gold_rows()[:30]
    source = write_input(tmp_path / "news.jsonl", rows)
    first = cli("ingest", "text", source, "--json")
    assert first.code == 0, first.stderr
    counts = json.loads(first.stdout)
    assert counts["read"] == 30
    assert counts["with_events"] + counts["without_events"] + counts["quarantined"] == counts["read"]
    assert counts["events"] == counts["inserted"] > 0 and counts["updated"] == counts["unchanged"] == 0
    again = json.loads(cli("ingest", "text", source, "--json").stdout)
    assert again["unchanged"] == counts["events"] and again["inserted"] == again["updated"] == 0
    with Store(cli.db) as store:
        events = store.events()
        runs = store.runs()
        assert set(events["source"]) == {"text"} and len(events) == counts["events"]
        assert list(runs["source"]) == ["text", "text"]
        assert runs["sha256"].iloc[0] == hashlib.sha256(source.read_bytes()).hexdigest()
        assert (events["ingest_run_id"] == runs["run_id"].iloc[0]).all()
        refs = json.loads(events["source_refs"].iloc[0])
        assert refs["url"].startswith("https://") and refs["article"]
        assert events["confidence"].between(0, 1).all() and events["notes"].str.len().min() > 20
        assert len(text_store.articles(store)) == 30


def test_ingest_text_quarantines_bad_lines_with_their_line_and_field(cli, tmp_path):
    source = tmp_path / "mixed.jsonl"
    good = gold_rows(["bj-fr-009"])[0]
    source.write_text(json.dumps({"id": "ok", "text": good["text"], "published": good["published"]}, ensure_ascii=False)
                      + '\n{"id": "no-text"}\n{"id": "ok", "text": "again"}\n'
                      + json.dumps({"id": "undated", "text": "Deux soldats ont été tués lundi à Mandouri."}) + "\n",
                      encoding="utf-8")
    counts = json.loads(cli("ingest", "text", source, "--json").stdout)
    assert counts == {"read": 4, "inserted": 1, "updated": 0, "unchanged": 0, "quarantined": 3, "events": 1,
                      "with_events": 1, "without_events": 0, "linked": 0}
    with Store(cli.db) as store:
        rows = store.quarantined().sort_values("line")
    assert list(rows["line"]) == [2, 3, 4]
    assert list(rows["field"]) == ["text", "id", "published"]
    assert "first seen on line 1" in rows["reason"].iloc[1]


def test_a_news_report_links_to_the_curated_ucdp_record_of_the_same_event(cli, tmp_path):
    assert cli("ingest", "ucdp_candidate", DATA / "ucdp" / "ucdp_candidate_26_0_1.csv", "--json").code == 0
    article = {"id": "tg-kpendjal-2026-01-31", "published": "2026-02-02", "url": "https://echodessavanes.example/2026/02/02",
               "text": "Un militaire togolais a été tué samedi lors d'une attaque de jihadistes contre une patrouille "
                       "sur l'axe Kpinkankandi-Djabontchal, dans la préfecture de Kpendjal, a-t-on appris de sources "
                       "sécuritaires. Les assaillants se sont repliés vers la frontière burkinabè."}
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = json.loads(cli("ingest", "text", source, "--json").stdout)
    assert counts["events"] == 1 and counts["linked"] == 1
    with Store(cli.db) as store:
        events = store.events()
        news = events[events["source"] == "text"].iloc[0]
        links = text_store.links(store)
        assert (news["event_date"].date().isoformat(), news["admin2"], news["event_type"], news["fatalities"]) == \
            ("2026-01-31", "Kpendjal", "Battles", 1)
        [link] = links.itertuples()
        curated = store.event(link.other_event_id)
        assert (link.event_id, curated["source"], curated["admin2"]) == (news["event_id"], "ucdp_candidate", "Kpendjal")
        # Linked, not merged: the curated record is as UCDP wrote it, and counts leave the report out.
        assert curated["fatalities"] == 1 and curated["location"] == "Kpendjal prefecture"
        assert text_store.duplicate_event_ids(store) == {news["event_id"]}
        # The analyses count the real event once: the curated record, not the report too.
        from veille.analysis import load_events

        togo = load_events(store, countries=("TGO",))
        assert news["event_id"] not in set(togo["event_id"]) and link.other_event_id in set(togo["event_id"])
        assert news["event_id"] in set(load_events(store, countries=("TGO",), each_event_once=False)["event_id"])
    again = json.loads(cli("ingest", "text", source, "--json").stdout)
    assert again["linked"] == 0 and again["unchanged"] == 1


def test_html_pages_feeds_and_plain_text_are_read_from_files(cli, tmp_path):
    page = FEEDS / "pages" / "2024" / "07" / "18" / "tambigou-attaque"
    html = tmp_path / "tambigou.html"
    html.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    plain = tmp_path / "brief.txt"
    plain.write_text("Trois personnes ont été enlevées dimanche soir à Borgou, dans la préfecture de Kpendjal.\n",
                     encoding="utf-8")
    result = cli("ingest", "text", html, FEEDS / "sahel_atom.xml", plain, "--published", "2024-06-04", "--json")
    assert result.code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert (counts["read"], counts["events"], counts["without_events"]) == (4, 3, 1)
    with Store(cli.db) as store:
        events = store.events().sort_values("event_date")
    assert list(zip(events["event_date"].dt.date.astype(str), events["location"], events["sub_event_type"])) == [
        ("2024-06-02", "Borgou", "Abduction/forced disappearance"),
        ("2024-07-17", "Tambigou", "Attack"),
        ("2024-12-03", "Banibangou", "Attack"),
    ]
    tambigou = events[events["location"] == "Tambigou"].iloc[0]
    assert tambigou["fatalities"] == 3 and "Football" not in tambigou["notes"]


def test_a_file_that_is_not_text_is_refused_before_anything_is_written(cli, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    good = write_input(tmp_path / "ok.jsonl", gold_rows()[:2])
    result = cli("ingest", "text", good, binary)
    assert result.code == 2 and "photo.jpg" in result.stderr and "binary" in result.stderr
    assert not cli.db.exists() or Store(cli.db).count_events() == 0


# ---- veille watch -------------------------------------------------------------------------

class FeedServer:
    """Serves the recorded feeds and pages on localhost, with ETags, and can change its feed."""

    def __init__(self) -> None:
        self.feed = "savanes_rss_1.xml"
        self.requests: list[tuple[str, str | None]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                outer.requests.append((self.path, self.headers.get("If-None-Match")))
                if self.path == "/feed.xml":
                    body = (FEEDS / outer.feed).read_text(encoding="utf-8")
                    body = body.replace("https://echodessavanes.example/", f"{outer.base}/pages/")
                    data = body.encode("utf-8")
                    etag = '"' + hashlib.md5(data).hexdigest() + '"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.end_headers()
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("ETag", etag)
                elif self.path.startswith("/pages/") and (FEEDS / self.path.lstrip("/")).is_file():
                    data = (FEEDS / self.path.lstrip("/")).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                else:
                    data = b"not found"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _polls(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_watch_reads_each_feed_item_once_and_asks_only_for_changes(cli):
    with FeedServer() as server:
        url = f"{server.base}/feed.xml"
        first = cli("watch", url, "--rounds", "2", "--interval", "0.01", "--json")
        assert first.code == 0, first.stderr
        polls = _polls(first.stdout)
        assert [p["status"] for p in polls] == ["new", "not modified"]
        assert polls[0]["new_items"] == 3 and polls[0]["counts"]["events"] == 2
        assert server.requests[1][1] is not None  # the second poll sent If-None-Match
        server.feed = "savanes_rss_2.xml"  # one more item
        second = _polls(cli("watch", url, "--rounds", "1", "--json", "--fetch-pages").stdout)
    assert [(p["status"], p["new_items"]) for p in second] == [("new", 1)]
    with Store(cli.db) as store:
        events = store.events()
        seen = text_store.articles(store, url)
        state = text_store.feed_state(store, url)
    assert len(seen) == 4 and state["polls"] == 3 and state["items_seen"] == 4
    # The new item's description says only "attacked"; its page, fetched, gives the toll.
    tambigou = events[events["location"] == "Tambigou"].iloc[0]
    assert tambigou["fatalities"] == 3 and tambigou["event_date"].date().isoformat() == "2024-07-17"


def test_watch_reports_an_address_that_is_not_a_feed_and_stores_nothing(cli):
    with FeedServer() as server:
        server.feed = "pages/2024/07/18/tambigou-attaque"  # an HTML page where the feed should be
        polls = _polls(cli("watch", f"{server.base}/feed.xml", "--rounds", "1", "--json").stdout)
    assert polls[0]["status"] == "error" and "not an RSS or Atom feed" in polls[0]["message"]
    with Store(cli.db) as store:
        assert store.count_events() == 0 and store.runs().empty


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_watch_offline_says_so_waits_and_tries_again(cli):
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    result = cli("watch", url, "--rounds", "2", "--interval", "0.01")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    assert text.count(f"offline {url}") == 2 and "connection refused" in text and "next poll in 0.01 s" in text
    with Store(cli.db) as store:
        state = text_store.feed_state(store, url)
        assert state["polls"] == 2 and state["last_ok_at"] is None and state["last_status"].startswith("offline")
        assert store.count_events() == 0


def test_watch_with_the_offline_setting_never_opens_a_socket(cli, monkeypatch):
    monkeypatch.setenv("VEILLE_OFFLINE", "1")
    with FeedServer() as server:
        polls = _polls(cli("watch", f"{server.base}/feed.xml", "--rounds", "1", "--json").stdout)
        assert server.requests == []
    assert polls[0]["status"] == "offline" and "VEILLE_OFFLINE" in polls[0]["message"]


# ---- veille eval extract ---------------------------------------------------------------------

def test_eval_extract_scores_every_field(cli, tmp_path):
    result = cli("eval", "extract", GOLD_DEV, "--limit", "25", "--json", "--errors", tmp_path / "errors.jsonl")
    assert result.code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["articles"] == 25
    assert set(scores["fields"]) == {"country_iso3", "admin1", "admin2", "actor1", "actor2", "event_date",
                                     "fatalities", "event_type", "sub_event_type", "location"}
    assert 0 <= scores["sub_event_type_f1"] <= 1 and scores["links"]["gold_pairs"] >= 1
    assert scores["confidence"]["events"] == scores["predicted_events"]
    assert (tmp_path / "errors.jsonl").exists()


@pytest.mark.parametrize("content, problem", [("", "empty"), ("{\"id\": 1}\n", "field 'text' is missing")])
def test_eval_refuses_a_gold_file_it_cannot_read(cli, tmp_path, content, problem):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    result = cli("eval", "extract", path)
    assert result.code == 2 and problem in " ".join(result.stderr.split())
