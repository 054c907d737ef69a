"""The response cache of the read API routes: an answer is reused only for the same
reader and the same data — never across TLP clearances, never after a write."""

from __future__ import annotations

from tests.web.conftest import bearer

from veille.store import Store, access
from veille.store.generation import kind_of


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {e["event_id"] for e in response.json()["events"]}


def test_an_answer_cached_for_one_reader_is_never_served_to_another(make_client):
    ids = make_client.ids
    client = make_client()
    cache = client.app.state.responses
    ewc, partner = bearer(make_client, "viewer@ewc.test"), bearer(make_client, "viewer@partner.test")
    url = "/api/events?limit=5000"
    assert ids["amber_event"] in _ids(client.get(url, headers=ewc))
    hits = cache.hits
    # The next ask is answered from the cache. On PostgreSQL the generation includes the
    # server's WAL position, which a checkpoint or autovacuum may move between two requests
    # (a deliberate miss, store/generation.py), so up to three asks are allowed for one hit.
    for _ in range(3):
        assert ids["amber_event"] in _ids(client.get(url, headers=ewc))
        if cache.hits > hits:
            break
    assert cache.hits == hits + 1
    assert ids["amber_event"] not in _ids(client.get(url, headers=partner))
    assert client.get(url).status_code in (200, 401)
    for path in (f"/api/events/{ids['amber_event']}", "/api/alerts/amberalert0000000001"):
        assert client.get(path, headers=ewc).status_code == 200
        assert client.get(path, headers=ewc).status_code == 200
        assert client.get(path, headers=partner).status_code == 404
    board = client.get("/api/alerts", headers=ewc).text
    assert "AMBERALERT" in board
    assert "AMBERALERT" not in client.get("/api/alerts", headers=partner).text
    geo_ewc = client.get("/api/events.geojson?limit=5000", headers=ewc).json()
    geo_partner = client.get("/api/events.geojson?limit=5000", headers=partner).json()
    assert ids["amber_event"] in {f["properties"]["event_id"] for f in geo_ewc["features"]}
    assert ids["amber_event"] not in {f["properties"]["event_id"] for f in geo_partner["features"]}


def test_a_tlp_change_is_seen_at_once_both_ways(make_client):
    ids = make_client.ids
    client = make_client()
    analyst, partner = bearer(make_client, "analyst@ewc.test"), bearer(make_client, "viewer@partner.test")
    url = "/api/events?limit=5000"
    before = client.get(url, headers=partner).json()
    assert ids["amber_event"] not in {e["event_id"] for e in before["events"]}
    client.get(url, headers=partner)  # now certainly cached
    made_clear = client.put(f"/api/tlp/event/{ids['amber_event']}", json={"tlp": "CLEAR"}, headers=analyst)
    assert made_clear.status_code == 200, made_clear.text
    after = client.get(url, headers=partner).json()
    assert ids["amber_event"] in {e["event_id"] for e in after["events"]}
    assert after["total"] == before["total"] + 1
    assert client.get(f"/api/events/{ids['amber_event']}", headers=partner).status_code == 200
    # and back above the partner's clearance: gone from the very next answer
    client.get(url, headers=partner)
    made_red = client.put(f"/api/tlp/event/{ids['amber_event']}", json={"tlp": "RED"}, headers=analyst)
    assert made_red.status_code == 200, made_red.text
    assert ids["amber_event"] not in _ids(client.get(url, headers=partner))
    assert client.get(f"/api/events/{ids['amber_event']}", headers=partner).status_code == 404


def test_a_write_through_another_store_of_the_same_file_empties_the_cache(make_client, web_db):
    path, _ = web_db
    client = make_client()
    viewer = bearer(make_client, "viewer@partner.test")
    first = client.get("/api/events?limit=1", headers=viewer).json()
    client.get("/api/events?limit=1", headers=viewer)
    with Store(path) as other:  # as an import in the server's process would
        newest = other._con.execute("SELECT event_id FROM events WHERE tlp = 'CLEAR' "
                                    "ORDER BY event_date DESC, event_id LIMIT 1").fetchall()[0][0]
        other._con.execute("UPDATE events SET event_date = DATE '2030-01-01' WHERE event_id = ?", [newest])
        other._con.execute("DELETE FROM events WHERE event_id = (SELECT event_id FROM events WHERE tlp = 'CLEAR' "
                           "AND event_id <> ? ORDER BY event_id LIMIT 1)", [newest])
    second = client.get("/api/events?limit=1", headers=viewer).json()
    assert second["total"] == first["total"] - 1
    assert second["events"][0]["event_date"] == "2030-01-01"


def test_a_repeated_request_with_its_etag_gets_304_until_the_data_change(make_client):
    ids = make_client.ids
    client = make_client()
    analyst, partner = bearer(make_client, "analyst@ewc.test"), bearer(make_client, "viewer@partner.test")
    url = "/api/timeline?by=source"
    first = client.get(url, headers=partner)
    etag = first.headers["etag"]
    again = client.get(url, headers={**partner, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, headers={**partner, "If-None-Match": '"other"'}).status_code == 200
    # the same data under a new generation: the same body, so the same ETag, and 304 is right
    client.put(f"/api/tlp/event/{ids['public_event']}", json={"tlp": "GREEN"}, headers=analyst)
    assert client.get(url, headers={**partner, "If-None-Match": etag}).status_code == 304
    # one event the partner may no longer see: a new answer, a new ETag
    client.put(f"/api/tlp/event/{ids['public_event']}", json={"tlp": "AMBER"}, headers=analyst)
    changed = client.get(url, headers={**partner, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["totals"]["events"] == first.json()["totals"]["events"] - 1
    # a revoked token gets no 304: the caller is checked before the cache is
    store = client.app.state.pool.base
    for token_id in access.tokens(store)["token_id"]:
        access.revoke_token(store, token_id)
    assert client.get(url, headers={**partner, "If-None-Match": changed.headers["etag"]}).status_code == 401


def test_every_map_export_is_audited_even_from_the_cache(make_client):
    client = make_client()
    viewer = bearer(make_client, "viewer@partner.test")
    store = client.app.state.pool.base
    count = lambda: len(access.audit_log(store, action="export.events.geojson"))  # noqa: E731
    before = count()
    for _ in range(3):
        assert client.get("/api/events.geojson?limit=100", headers=viewer).status_code == 200
    assert count() == before + 3


def test_statements_are_told_apart_by_what_they_may_change():
    assert kind_of("SELECT 1") == kind_of("  -- note\n select * from events") == "read"
    assert kind_of("WITH x AS (SELECT 1) SELECT * FROM x") == "read"
    assert kind_of("WITH x AS (SELECT 1) INSERT INTO events SELECT * FROM x") == "write"
    assert kind_of("UPDATE events SET tlp = 'CLEAR'") == kind_of("CREATE TABLE t (a INT)") == "write"
    assert kind_of("CALL something()") == "write"
    assert kind_of("INSERT INTO audit_log VALUES (1)") == "bookkeeping"
    assert kind_of("UPDATE tokens SET last_used_at = now()") == "bookkeeping"
    assert kind_of("BEGIN TRANSACTION") == "begin" and kind_of("COMMIT") == "commit"
    assert kind_of("ROLLBACK") == "rollback"


def test_the_generation_moves_after_commits_only(tmp_path):
    with Store(str(tmp_path / "g.duckdb")) as store:
        start = store.generation()
        assert store.generation() == start  # reads change nothing
        store.events()
        assert store.generation() == start
        with store.transaction():
            store._con.execute("INSERT INTO orgs VALUES ('x', 'X', false, now())")
            inside = store.generation()
        assert inside == start  # not yet committed: nobody else could see it
        committed = store.generation()
        assert committed != start
        try:
            with store.transaction():
                store._con.execute("INSERT INTO orgs VALUES ('y', 'Y', false, now())")
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        assert store.generation() == committed  # rolled back: nothing changed
        access.audit(store, "test.read", None, None, {}, "127.0.0.1")
        assert store.generation() == committed  # the audit log is bookkeeping
        clone = store.clone()
        clone._con.execute("DELETE FROM orgs WHERE org_id = 'x'")
        assert store.generation() != committed  # a clone shares the count


def test_an_import_moves_the_generation_and_a_repeat_import_does_not(tmp_path):
    """Imports stage their batches outside the counted connection (DuckDB's replacement
    scan); the write must still reach the generation, or cached answers would go stale."""
    from pathlib import Path

    from veille.sources.ingest import ingest

    source = Path(__file__).resolve().parents[2] / "data" / "ucdp" / "ucdp_candidate_26_0_1.csv"
    store = Store(str(tmp_path / "gen.duckdb"))
    try:
        before = store.generation()
        ingest(store, "ucdp", [source])
        after = store.generation()
        assert after != before
        assert store.count_events() > 0
    finally:
        store.close()
