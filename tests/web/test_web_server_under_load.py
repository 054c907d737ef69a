"""The web server on both backends, answering requests over real HTTP while an import
and alert runs write: every answer 200, no import seen half-done, nothing lost."""

import socket
import threading
import time

import httpx
import pytest
from tests.conftest import SHARED
from tests.web.conftest import KEY, _build

from veille.alerts import run_alerts
from veille.sources.ingest import ingest
from veille.store import Store

NIGERIA = SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(db_url):
    """uvicorn serving a freshly built web database, in a thread; yields (base URL, ids)."""
    import uvicorn

    from veille.web import WebConfig, create_app

    ids = _build(db_url)
    config = WebConfig.from_settings(db_url, reports_key=KEY, sms_webhook_key="gateway-secret")
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(create_app(config=config), host="127.0.0.1", port=port,
                                             log_level="warning", access_log=False))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    instance.should_exit = True
    thread.join(timeout=30)


@pytest.mark.slow
def test_the_api_answers_while_imports_and_alert_runs_write(server, db_url):
    base, ids = server
    with httpx.Client(base_url=base, timeout=60) as probe:
        before = probe.get("/api/events", params={"limit": 1}).json()["total"]
    errors: list = []
    totals: list[int] = []
    statuses: list[int] = []
    done = threading.Event()

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as exc:
                errors.append(exc)
        return run

    inserted: list[int] = []

    def importer():
        try:
            with Store(db_url) as store:
                [report] = ingest(store, "ucdp", [NIGERIA])
                assert report.balanced and report.read == 4603
                inserted.append(report.inserted)  # the GED sample already holds 16 of these
                run_alerts(store, since="2010-01-01")
        finally:
            done.set()

    def reader():
        with httpx.Client(base_url=base, timeout=60) as client:
            while not done.is_set():
                page = client.get("/api/events", params={"limit": 20, "country": "NGA"})
                statuses.append(page.status_code)
                everything = client.get("/api/events", params={"limit": 5})
                statuses.append(everything.status_code)
                totals.append(everything.json()["total"])
                for path in ("/api/alerts", "/api/timeline", f"/api/events/{ids['public_event']}"):
                    statuses.append(client.get(path).status_code)

    threads = [threading.Thread(target=guarded(importer))] + [threading.Thread(target=guarded(reader))
                                                               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert statuses and set(statuses) == {200}
    [new] = inserted
    assert new == 4603 - 16
    assert set(totals) <= {before, before + new} and totals
    with httpx.Client(base_url=base, timeout=60) as probe:
        assert probe.get("/api/events", params={"limit": 1}).json()["total"] == before + new
        board = probe.get("/api/alerts").json()["board"]
        assert sum(len(column) for column in board.values()) > 2  # the run's alerts are served
