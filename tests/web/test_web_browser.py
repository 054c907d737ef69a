"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a
real server on localhost. Screenshots of each main page go to tests/artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from tests.web.conftest import KEY, PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(web_db):
    yield from _serve(web_db)


@pytest.fixture
def server_with_nigeria(web_db):
    from tests.conftest import DATA

    from veille.sources.ingest import ingest
    from veille.store import Store

    with Store(web_db[0]) as store:
        ingest(store, "ucdp", [DATA / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
    yield from _serve(web_db)


def _serve(web_db):
    import uvicorn

    from veille.web import WebConfig, create_app

    config = WebConfig.from_settings(web_db[0], reports_key=KEY)
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(create_app(config=config), host="127.0.0.1", port=port,
                                             log_level="warning", access_log=False))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", web_db[1]
    instance.should_exit = True
    thread.join(10)


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        yield context.new_page()
        context.close()
        browser.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_analyst_day_in_the_browser(server, page, tmp_path):
    base, ids = server
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # the report form, anonymously
    page.goto(base + "/reports/new")
    page.fill("textarea[name=text]", "Des hommes armés ont attaqué le marché de Dapaong ce matin")
    page.fill("input[name=place]", "Dapaong")
    page.fill("input[name=event_date]", "2020-05-01")
    page.fill("input[name=contact]", "+228 93 93 93 93")
    _shot(page, "report-form")
    page.click("button[type=submit]")
    report_id = page.inner_text("#report-ref")
    assert report_id.startswith("r_")

    # log in
    page.goto(base + "/login")
    page.fill("input[name=email]", "analyst@ewc.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert "analyst@ewc.test" in page.inner_text("header")

    # the map, then filtered to Togo
    page.wait_for_selector("#map[data-loaded]", state="attached", timeout=20000)
    everything = int(page.inner_text("#total").replace(",", ""))
    page.select_option("select[name=country]", ["TGO"])
    page.click("#filters button[type=submit]")
    page.wait_for_url("**country=TGO**")
    page.wait_for_selector("#map[data-loaded]", state="attached", timeout=20000)
    togo = int(page.inner_text("#total").replace(",", ""))
    assert 0 < togo < everything
    assert int(page.get_attribute("#map", "data-loaded")) <= togo
    assert page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count() > 0
    _shot(page, "map")

    # open an event from the list
    page.click("table.events tbody tr:first-child a")
    page.wait_for_url("**/events/**")
    assert page.locator("h1").count() == 1 and page.locator("dl.facts").count() == 1
    _shot(page, "event")

    # triage the report submitted above: verify it as a new event
    page.goto(base + "/triage")
    _shot(page, "triage")
    page.click(f"a[href='/triage/{report_id}']")
    assert "+228 93 93 93 93" not in page.content()
    page.select_option("#verify-form select[name=event_type]", "Violence against civilians")
    page.fill("#verify-form input[name=fatalities]", "2")
    page.click("#verify-form button[type=submit]")
    page.wait_for_url("**/events/**")
    assert "AMBER" in page.inner_text("h1")
    assert page.inner_text("dl.facts").count("Savanes") >= 1

    # the other main pages
    for path, name in (("/timeline?country=TGO", "timeline"), ("/spillover?country=TGO&country=BEN", "spillover"),
                       ("/hotspots?country=TGO&country=BFA&months=2018-01:2020-12", "hotspots"),
                       ("/alerts", "alerts"), ("/forecasts", "forecasts"), ("/?lang=fr", "map-fr")):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        _shot(page, name)
    assert page.locator("html").get_attribute("lang") == "fr"

    # an export downloads
    page.goto(base + "/?country=TGO")
    with page.expect_download() as download:
        page.click("text=Télécharger en CSV")
    saved = tmp_path / "events.csv"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("event_id,source,")
    assert errors == []




@pytest.mark.slow
def test_analyst_writes_and_downloads_a_brief_in_the_browser(server_with_nigeria, page, tmp_path):
    """A real brief (Nigeria, December 2019, French): asked for on the page, built in the
    background, read, and downloaded as PDF. About a minute."""
    base, _ = server_with_nigeria
    page.goto(base + "/login")
    page.fill("input[name=email]", "analyst@ewc.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(base + "/briefs?lang=fr")
    page.select_option("#brief-form select[name=country]", "NGA")
    page.fill("#brief-form input[name=month]", "2019-12")
    page.select_option("#brief-form select[name=lang]", "fr")
    page.click("#brief-form button[type=submit]")
    page.wait_for_url("**/briefs/b_*")
    page.wait_for_selector("#brief-status[data-status=ready]", timeout=300_000)  # the page reloads itself
    _shot(page, "brief")
    with page.expect_download() as download:
        page.click("#download-pdf")
    saved = tmp_path / "brief.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    page.click("text=Lire")
    assert "Nigeria" in page.content()
    _shot(page, "brief-read")
