"""The live-source HTTP client: retries, offline translation, status errors — on real sockets."""

from __future__ import annotations

import importlib.util
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest

from veille.errors import Offline, UpstreamError
from veille.sources.fetch.http import ApiClient, HttpStatusError, _network_reason

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"


def _load_replay():
    """The replay server lives beside the recordings it serves (tests/fixtures/recorded/)."""
    if "recorded_replay" not in sys.modules:
        spec = importlib.util.spec_from_file_location("recorded_replay", RECORDED / "replay.py")
        sys.modules["recorded_replay"] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules["recorded_replay"]


replay = _load_replay()


@pytest.fixture(autouse=True)
def online(monkeypatch):
    """Tests talk to 127.0.0.1 only; a VEILLE_OFFLINE in the caller's shell must not leak in."""
    monkeypatch.delenv("VEILLE_OFFLINE", raising=False)


@pytest.fixture
def server():
    with replay.ReplayServer() as running:
        running.route("GET", "/ok", lambda hit: (200, {"fine": True}, {}))
        running.route("GET", "/html", lambda hit: (200, "<html>maintenance</html>", {}))
        yield running


def client(server, **kw):
    return ApiClient(server.base_url, source="ucdp", **kw)


def test_429_then_200_is_retried(server):
    server.fail("/ok", 429, times=1)
    with client(server) as api:
        assert api.get_json("ok") == {"fine": True}
    assert len(server.hits_to("/ok")) == 2


def test_retries_are_bounded(server):
    server.fail("/ok", 503, times=5)
    with client(server) as api, pytest.raises(HttpStatusError, match="503.*after 3 tries") as caught:
        api.get_json("ok")
    assert caught.value.http_status == 503
    assert len(server.hits_to("/ok")) == 3


def test_backoff_waits_grow_without_retry_after(server):
    waits = []
    server.route("GET", "/busy", lambda hit: (502, {"message": "bad gateway"}, {}))
    with client(server, backoff=0.25, sleep=waits.append) as api, pytest.raises(UpstreamError):
        api.get_json("busy")
    assert waits == [0.25, 0.5]


def test_401_is_an_upstream_error_about_credentials(server):
    server.fail("/ok", 401)
    with client(server) as api, pytest.raises(UpstreamError, match="credentials or access token"):
        api.get_json("ok")
    assert len(server.hits_to("/ok")) == 1  # never retried


def test_a_reply_that_is_not_json_is_an_upstream_error(server):
    with client(server) as api, pytest.raises(UpstreamError, match="not JSON.*maintenance"):
        api.get_json("html")


def test_connection_refused_is_offline():
    with socket.socket() as sock:  # a port that was free a moment ago and now has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with ApiClient(f"http://127.0.0.1:{port}", source="acled") as api:
        with pytest.raises(Offline) as caught:
            api.get_json("api/acled/read")
    message = caught.value.message
    assert f"cannot reach 127.0.0.1:{port} (connection refused)" in message
    assert "veille ingest acled FILE" in message
    assert caught.value.exit_code == 3


def test_no_answer_in_time_is_offline(server, monkeypatch):
    monkeypatch.setenv("VEILLE_HTTP_TIMEOUT", "0.2")
    server.route("GET", "/slow", lambda hit: (time.sleep(1.0), (200, {}, {}))[1])
    with client(server) as api, pytest.raises(Offline, match="no answer within 0.2 s"):
        api.get_json("slow")


def test_offline_setting_refuses_before_any_request(server, monkeypatch):
    monkeypatch.setenv("VEILLE_OFFLINE", "yes")
    with pytest.raises(Offline, match="VEILLE_OFFLINE"):
        client(server)
    assert server.hits == []


def test_name_resolution_failures_read_as_no_network():
    error = httpx.ConnectError("[Errno -3] Temporary failure in name resolution")
    assert _network_reason(error) == "the name does not resolve: no network or no DNS"
