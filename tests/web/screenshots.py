"""Screenshots of the dashboard's main pages from a demo database, for docs/img:
``python tests/web/screenshots.py veille.duckdb docs/img`` (after ``veille demo --no-serve``).
Starts the server on a free port, logs in as the demo analyst, saves one PNG a page."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = (("/?country=TGO&country=BEN&country=BFA&from=2018-01-01", "map"), ("/timeline?country=BFA", "timeline"),
         ("/spillover?country=BFA&country=MLI&months=2017-01:2020-07", "spillover"),
         ("/hotspots?country=BFA&country=MLI&country=NER&months=2017-01:2020-07", "hotspots"),
         ("/forecasts", "forecasts"), ("/alerts", "alerts"), ("/responses", "responses"), ("/briefs", "briefs"),
         ("/triage", "triage"), ("/reports/new?lang=fr", "report-form-fr"), ("/?lang=fr", "map-fr"))


def main(db: str, out: str) -> None:
    import socket

    import uvicorn
    from playwright.sync_api import sync_playwright

    from veille.web import WebConfig, create_app
    from veille.web.demo import DEMO_PASSWORD

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = Path(db + ".reports-key")
    config = WebConfig.from_settings(db, reports_key=key.read_text().strip() if key.exists() else "")
    server = uvicorn.Server(uvicorn.Config(create_app(config=config), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base, folder = f"http://127.0.0.1:{port}", Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(base + "/login")
        page.fill("input[name=email]", "analyst@ewc.demo")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        for path, name in PAGES:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            time.sleep(1.5)  # let the map finish its zoom
            page.screenshot(path=str(folder / f"web-{name}.png"))
            print(folder / f"web-{name}.png")
        first = page.goto(base + "/api/events?country=TGO&limit=1").json()["events"]
        if first:
            page.goto(base + f"/events/{first[0]['event_id']}")
            time.sleep(1.5)
            page.screenshot(path=str(folder / "web-event.png"))
        reports = page.goto(base + "/api/reports").json()["reports"]
        if reports:
            page.goto(base + f"/triage/{reports[0]['report_id']}")
            page.screenshot(path=str(folder / "web-report.png"))
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
