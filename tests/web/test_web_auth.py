"""Sessions, CSRF, tokens and rate limits."""

from tests.web.conftest import PASSWORD, bearer, csrf_of, login


def test_login_sets_a_protected_session_cookie_and_logout_ends_it(client):
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "Analyst@EWC.test", "password": PASSWORD,
                                           "next": "/alerts"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/alerts"
    cookie = response.headers["set-cookie"]
    assert "veille_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    assert client.get("/api/me").json()["email"] == "analyst@ewc.test"
    secret = client.cookies.get("veille_session")
    csrf = csrf_of(client, "/account")
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set("veille_session", secret)  # replaying the old cookie gets nothing
    assert client.get("/api/me").json() == {"logged_in": False, "tlp": ["CLEAR"]}


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    token = csrf_of(client, "/login")
    wrong_password = client.post("/login", data={"csrf_token": token, "email": "analyst@ewc.test", "password": "nope"})
    unknown_user = client.post("/login", data={"csrf_token": token, "email": "nobody@ewc.test", "password": "nope"})
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert "wrong e-mail or password" in wrong_password.text and "wrong e-mail or password" in unknown_user.text


def test_next_never_redirects_off_site(client):
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "analyst@ewc.test", "password": PASSWORD,
                                           "next": "//evil.example/steal"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_login_is_rate_limited(make_client):
    client = make_client(login_attempts=3)
    token = csrf_of(client, "/login")
    codes = [client.post("/login", data={"csrf_token": token, "email": "analyst@ewc.test", "password": "x"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    response = client.post("/login", data={"csrf_token": token, "email": "analyst@ewc.test", "password": PASSWORD})
    assert response.status_code == 429 and "too many login attempts" in response.text


def test_forged_csrf_is_refused(make_client):
    client = make_client()
    csrf = login(client, "analyst@ewc.test")
    alert = "clearalert0000000001"
    # no token, a made-up token, another session's token: all refused, nothing changed
    other = make_client()
    other_csrf = login(other, "admin@ewc.test")
    for data in ({"status": "closed"}, {"status": "closed", "csrf_token": "forged"},
                 {"status": "closed", "csrf_token": other_csrf}):
        response = client.post(f"/alerts/{alert}/status", data=data, follow_redirects=False)
        assert response.status_code == 403 and "CSRF" in response.text
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = client.post(f"/api/alerts/{alert}/status", json={"status": "closed"}, headers=headers)
        assert response.status_code == 403 and response.json()["status"] == 403
    assert client.get(f"/api/alerts/{alert}").json()["alert"]["status"] == "open"
    ok = client.post(f"/api/alerts/{alert}/status", json={"status": "closed"}, headers={"X-CSRF-Token": csrf})
    assert ok.json() == {"ok": True, "alert_id": alert, "status": "closed"}
    anonymous = make_client()
    response = anonymous.post("/reports/new", data={"text": "no token"}, follow_redirects=False)
    assert response.status_code == 403


def test_tokens_need_no_csrf_and_die_with_the_account(make_client):
    client = make_client()
    headers = bearer(make_client, "analyst@ewc.test")
    response = client.post("/api/alerts/clearalert0000000001/status", json={"status": "acknowledged"}, headers=headers)
    assert response.status_code == 200
    from veille.store import access

    store = client.app.state.pool.base
    access.update_user(store, access.find_user(store, "analyst@ewc.test").user_id, active=False)
    refused = client.get("/api/me", headers=headers)
    assert refused.status_code == 401 and refused.json()["error"] == "this API token was revoked"


def test_viewers_cannot_write(make_client):
    client = make_client()
    headers = bearer(make_client, "viewer@ewc.test")
    response = client.post("/api/alerts/clearalert0000000001/status", json={"status": "closed"}, headers=headers)
    assert response.status_code == 403 and response.json()["error"] == "this needs the analyst role; you are viewer"
    assert client.get("/api/reports", headers=headers).status_code == 403


def test_every_write_and_export_is_audited(make_client):
    client = make_client()
    headers = bearer(make_client, "analyst@ewc.test")
    client.get("/api/events.csv?country=TGO", headers=headers)
    client.get("/api/events.geojson", headers=headers)
    client.post("/api/alerts/clearalert0000000001/status", json={"status": "closed"}, headers=headers)
    entries = client.get("/api/audit?limit=10", headers=bearer(make_client, "admin@ewc.test")).json()["entries"]
    actions = [e["action"] for e in entries]
    assert actions[:3] == ["alert.status", "export.events.geojson", "export.events.csv"]
    assert '"filters": "country=TGO"' in entries[2]["detail"]
    assert all(e["user_id"] for e in entries[:3])


def test_anonymous_view_can_be_turned_off(make_client):
    client = make_client(anonymous=False)
    assert client.get("/api/events").status_code == 401
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.get("/reports/new").status_code == 200
    assert client.get("/login").status_code == 200


def test_administrators_import_files_through_the_api(make_client):
    from tests.conftest import DATA

    client = make_client()
    admin = bearer(make_client, "admin@ewc.test")
    bad = client.post("/api/imports", data={"source": "acled"}, headers=admin,
                      files={"file": ("not-acled.csv", b"a,b\n1,2\n", "text/csv")})
    assert bad.status_code == 400 and "not-acled.csv" in bad.json()["error"]
    analyst = bearer(make_client, "analyst@ewc.test")
    body = (DATA / "ucdp" / "ucdp_candidate_26_0_1.csv").read_bytes()
    refused = client.post("/api/imports", data={"source": "ucdp_candidate"}, headers=analyst,
                          files={"file": ("candidate.csv", body, "text/csv")})
    assert refused.status_code == 403
    before = client.get("/api/events?limit=1", headers=admin).json()["total"]
    started = client.post("/api/imports", data={"source": "ucdp_candidate"}, headers=admin,
                          files={"file": ("candidate.csv", body, "text/csv")})
    assert started.status_code == 202
    job = started.json()["job_id"]
    client.app.state.import_jobs[job]["future"].result(timeout=120)
    done = client.get(f"/api/imports/{job}", headers=admin).json()
    assert done["status"] == "done" and done["counts"]["read"] == 1727
    assert done["counts"]["inserted"] + done["counts"]["unchanged"] + done["counts"]["updated"] \
        + done["counts"]["quarantined"] == 1727
    after = client.get("/api/events?limit=1", headers=admin).json()["total"]
    assert after == before + done["counts"]["inserted"]
    actions = [e["action"] for e in client.get("/api/audit?action=import.*", headers=admin).json()["entries"]]
    assert actions == ["import.done", "import.start"]
