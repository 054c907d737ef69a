"""One error shape for the API, pinned; HTML error pages for the dashboard."""

from tests.web.conftest import bearer


def test_api_errors_have_one_shape(client):
    missing = client.get("/api/events/00000000000000000000")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error": "no event with id '00000000000000000000'", "status": 404}
    for url, status in (("/api/events?from=2020-13-01", 400), ("/api/events?limit=0", 400),
                        ("/api/no/such/route", 404), ("/api/reports", 401), ("/api/events?country=TOGO", 400)):
        response = client.get(url)
        assert response.status_code == status, url
        body = response.json()
        assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status, url
        assert isinstance(body["error"], str) and body["error"]


def test_bad_filter_says_what_was_expected(client):
    body = client.get("/api/events?from=yesterday").json()
    assert body["error"] == "from: expected a date as YYYY-MM-DD, got 'yesterday'"
    body = client.get("/api/events?type=Massacre").json()
    assert body["error"].startswith("type: 'Massacre' is not one of Battles, ")


def test_dashboard_errors_are_pages(client):
    response = client.get("/events/00000000000000000000")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no event with id" in response.text and "<h1>Error 404</h1>" in response.text


def test_dashboard_sends_anonymous_visitors_to_login_for_protected_pages(client):
    response = client.get("/triage", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Ftriage"


def test_revoked_token_gets_the_error_shape(make_client):
    client = make_client()
    headers = bearer(make_client, "analyst@ewc.test")
    assert client.get("/api/reports", headers=headers).status_code == 200
    token_id = client.get("/api/tokens", headers=headers).json()["tokens"][0]["token_id"]
    revoked = client.delete(f"/api/tokens/{token_id}", headers=headers)
    assert revoked.json().get("revoked") is True, revoked.text
    again = client.get("/api/reports", headers=headers)
    assert again.status_code == 401
    assert again.json() == {"ok": False, "error": "this API token was revoked", "status": 401}


def test_unexpected_errors_are_500_without_details(make_client, monkeypatch):
    client = make_client()
    from veille.web.views import events

    def broken(*args, **kwargs):
        raise RuntimeError("contact +228 90 00 00 00 leaked?")

    monkeypatch.setattr(events, "timeline_page", broken)
    client_no_raise = type(client)(client.app, base_url="https://testserver", raise_server_exceptions=False)
    response = client_no_raise.get("/api/timeline")
    assert response.status_code == 500
    assert response.json() == {"ok": False, "error": "internal error; the server log has the details", "status": 500}
