"""One small HTTP client for the live sources, on httpx.

It knows three things the fetchers should not have to: the ``offline`` setting (refuse
before any socket is opened), bounded retries with backoff on 429 and 5xx, and the
translation of transport failures into ``Offline`` and of bad answers into
``UpstreamError``. Messages name the host and what to do; they never carry a password
or token (secrets travel only in headers and form bodies, which are never echoed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from veille import settings
from veille.errors import Offline, UpstreamError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is treated as a failure to report


class HttpStatusError(UpstreamError):
    """A live source answered with an unexpected HTTP status."""

    def __init__(self, message: str, http_status: int):
        super().__init__(message)
        self.http_status = http_status


def offline_message(host: str, reason: str, source: str) -> str:
    return (f"cannot reach {host} ({reason}); veille works offline from bundled and imported "
            f"data — import a downloaded file with `veille ingest {source} FILE`")


def ensure_online(url: str, source: str) -> None:
    """Raise ``Offline`` at once when the ``offline`` setting is on."""
    if settings.get("offline"):
        raise Offline(offline_message(_host(url), "the offline setting VEILLE_OFFLINE is on", source))


class ApiClient:
    """``with ApiClient(base_url, source="ucdp") as api: api.get_json("gedevents/25.1", params)``.

    ``tries`` bounds the attempts per request (429/5xx only are retried); ``backoff`` is
    the first wait in seconds, doubled each time, unless the server sends Retry-After.
    """

    def __init__(self, base_url: str, *, source: str, headers: Mapping[str, str] | None = None,
                 timeout: float | None = None, tries: int = 3, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/") + "/"
        self.source = source
        self.host = _host(self.base_url)
        self.tries = max(1, tries)
        self.backoff = backoff
        self._sleep = sleep
        ensure_online(self.base_url, source)
        seconds = settings.get("http_timeout", timeout)
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Accept": "application/json", "User-Agent": "veille (conflict early warning)",
                     **(headers or {})},
            timeout=httpx.Timeout(seconds, connect=min(seconds, 10.0)),
            follow_redirects=True,
        )

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """The address a request goes to (no secrets: those travel in headers and bodies)."""
        return str(self._client.build_request("GET", path, params=_clean(params)).url)

    def get_json(self, path: str, params: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> Any:
        return _json(self.request("GET", path, params=params, headers=headers))

    def post_form(self, path: str, data: Mapping[str, str],
                  headers: Mapping[str, str] | None = None) -> Any:
        return _json(self.request("POST", path, data=data, headers=headers))

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                data: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None) -> httpx.Response:
        ensure_online(self.base_url, self.source)
        for attempt in range(1, self.tries + 1):
            try:
                response = self._client.request(method, path, params=_clean(params), data=data,
                                                headers=headers)
            except httpx.TimeoutException as exc:
                raise Offline(offline_message(self.host, _timeout_reason(exc), self.source)) from None
            except httpx.NetworkError as exc:
                raise Offline(offline_message(self.host, _network_reason(exc), self.source)) from None
            except httpx.HTTPError as exc:
                raise UpstreamError(f"{self.host} broke off the exchange ({type(exc).__name__}); "
                                    "try again later") from None
            if response.status_code in RETRY_STATUSES and attempt < self.tries:
                wait = _retry_after(response, self.backoff * 2 ** (attempt - 1))
                if wait is not None:
                    response.close()
                    self._sleep(wait)
                    continue
            if response.is_success:
                return response
            raise self._status_error(response, attempts=attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _status_error(self, response: httpx.Response, attempts: int) -> HttpStatusError:
        status = response.status_code
        where = f"{self.host} answered {status} {response.reason_phrase}".rstrip()
        if status in (401, 403):
            return HttpStatusError(f"{where}: the credentials or access token were refused "
                                   "(missing, wrong, expired, or without API access)", status)
        if status == 404:
            return HttpStatusError(f"{where} for {_path(response.request.url)}", status)
        if status in RETRY_STATUSES:
            tried = f" after {attempts} tries" if attempts > 1 else ""
            return HttpStatusError(f"{where}{tried}; the service is busy or down — try again later",
                                   status)
        return HttpStatusError(f"{where}: {_snippet(response)}", status)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise UpstreamError(f"{_host(str(response.request.url))} sent a reply that is not JSON "
                            f"({response.headers.get('content-type', 'no content type')}): "
                            f"{_snippet(response)}") from None


def _clean(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if params is None:
        return None
    return {key: value for key, value in params.items() if value is not None}


def _retry_after(response: httpx.Response, default: float) -> float | None:
    header = response.headers.get("retry-after")
    if header is None:
        return default
    try:
        seconds = float(header)
    except ValueError:
        return default  # an HTTP date: rare for these APIs; fall back to our own backoff
    return max(0.0, seconds) if seconds <= MAX_RETRY_AFTER else None


def _timeout_reason(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "no answer while connecting"
    return f"no answer within {settings.get('http_timeout'):g} s (VEILLE_HTTP_TIMEOUT)"


def _network_reason(exc: httpx.NetworkError) -> str:
    text = str(exc).lower()
    if any(word in text for word in ("name or service", "nodename", "getaddrinfo", "name resolution",
                                     "no address", "temporary failure in name")):
        return "the name does not resolve: no network or no DNS"
    if "refused" in text:
        return "connection refused"
    if "unreachable" in text:
        return "network unreachable"
    return str(exc) or type(exc).__name__


def _snippet(response: httpx.Response, limit: int = 200) -> str:
    try:
        text = response.text
    except Exception:  # noqa: BLE001 - undecodable body; say so rather than fail here
        return "(unreadable body)"
    text = " ".join(text.split())
    return (text[:limit] + "…") if len(text) > limit else (text or "(empty body)")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _path(url: httpx.URL) -> str:
    return url.path
