"""Every page renders, in English and French, from the same dict its API route returns."""

import re
from pathlib import Path

import pytest
from tests.web.conftest import login

from veille.web.i18n import FR

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "veille" / "web" / "pages" / "templates"
PAGES = ("/", "/timeline", "/spillover?country=TGO", "/hotspots?country=TGO&months=2019-01:2020-12", "/forecasts",
         "/alerts", "/alerts/clearalert0000000001", "/responses", "/briefs", "/reports/new", "/triage", "/account",
         "/login", "/docs")


def test_every_phrase_of_every_template_has_a_french_translation():
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r't\("((?:[^"\\]|\\.)*)"', template.read_text(encoding="utf-8")))
    from veille.web.pages.helpers import NAV

    used |= {label for _, label in NAV}
    missing = sorted(p for p in used if p not in FR)
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_for_an_analyst(make_client, lang):
    client = make_client()
    login(client, "analyst@ewc.test")
    for page in PAGES:
        response = client.get(page + ("&" if "?" in page else "?") + f"lang={lang}")
        assert response.status_code == 200, (page, response.text[:300])
    french = client.get("/?lang=fr").text
    assert 'lang="fr"' in french and "Carte" in french and "Filtres" in french
    event = make_client.ids["amber_event"]
    assert "Morts" in client.get(f"/events/{event}?lang=fr").text


def test_the_language_choice_sticks_in_a_cookie(client):
    client.get("/?lang=fr")
    assert 'lang="fr"' in client.get("/timeline").text
    assert 'lang="en"' in client.get("/timeline", headers={"accept-language": "fr"}, params={"lang": "en"}).text


def test_a_page_and_its_api_route_carry_the_same_dict(make_client):
    client = make_client()
    login(client, "analyst@ewc.test")
    import json

    page = client.get("/timeline?country=TGO").text
    embedded = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S).group(1))
    assert embedded == client.get("/api/timeline?country=TGO").json()
    html = client.get("/?country=TGO&limit=100").text
    api = client.get("/api/events?country=TGO&limit=50").json()
    assert f"{api['total']:,}" in html
    assert all(f'/events/{e["event_id"]}' in html for e in api["events"])


def test_pages_send_security_headers(client):
    headers = client.get("/").headers
    assert headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
