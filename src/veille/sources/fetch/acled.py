"""ACLED events from the ACLED API (2025-), written in ACLED's current CSV export layout.

1. ``POST {base}/oauth/token`` with the form fields ``username``, ``password``,
   ``grant_type=password``, ``client_id=acled`` → ``{"access_token", "refresh_token",
   "expires_in", "token_type"}`` (the token lasts 24 hours).
2. ``GET {base}/api/acled/read?_format=json&country=Togo:OR:country=Benin&country_where==
   &event_date=2024-01-01|2024-12-31&event_date_where=BETWEEN&limit=5000&page=1`` with
   ``Authorization: Bearer …`` → ``{"status": 200, "success": true, "data": [event, …]}``.
   Pages count from 1; the last page is the first with fewer than ``limit`` rows. Since
   2026 ``count``/``total_count`` come only with ``with_total=true``, which the first page
   asks for so the progress bar knows the total.

ACLED's terms forbid redistributing its data: the file written is for the user's own
database, and nothing fetched here is ever bundled with veille.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from veille import settings
from veille.errors import InvalidValue, UpstreamError
from veille.sources.fetch import FetchResult, Progress, atomic_csv
from veille.sources.fetch.http import ApiClient, HttpStatusError

# ACLED's export columns since 2024 (disorder_type, civilian_targeting, text actor types).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
_REQUIRED = ("event_id_cnty", "event_date", "event_type", "country", "latitude", "longitude")

# ACLED's country names (its own spellings: "Ivory Coast", "Gambia", "Cape Verde").
ACLED_COUNTRY_NAMES: dict[str, str] = {
    "BEN": "Benin", "BFA": "Burkina Faso", "CPV": "Cape Verde", "CIV": "Ivory Coast",
    "GMB": "Gambia", "GHA": "Ghana", "GIN": "Guinea", "GNB": "Guinea-Bissau", "LBR": "Liberia",
    "MLI": "Mali", "MRT": "Mauritania", "NER": "Niger", "NGA": "Nigeria", "SEN": "Senegal",
    "SLE": "Sierra Leone", "TGO": "Togo", "CMR": "Cameroon", "TCD": "Chad", "DZA": "Algeria",
    "LBY": "Libya", "MAR": "Morocco", "CAF": "Central African Republic", "GAB": "Gabon",
}
TOKEN_PATH = "oauth/token"
READ_PATH = "api/acled/read"


def fetch_acled(out_path: str | Path, countries: Sequence[str], start: date | None = None,
                end: date | None = None, *, username: str | None = None, password: str | None = None,
                base_url: str | None = None, page_size: int | None = None,
                progress: Progress | None = None) -> FetchResult:
    """Download ACLED events into a CSV that ``veille ingest acled`` imports.

    ``countries`` are ISO3 codes or ACLED country names; ``start``/``end`` bound
    ``event_date``. Credentials default to VEILLE_ACLED_USERNAME / VEILLE_ACLED_PASSWORD.
    """
    path = Path(out_path)
    if path.is_dir():
        raise InvalidValue(f"{path} is a folder: give the ACLED output a file name such as "
                           f"{path / 'acled_export.csv'}")
    names = acled_country_names(countries)
    if start and end and start > end:
        raise InvalidValue(f"start {start.isoformat()} is after end {end.isoformat()}")
    username = username if username is not None else settings.get("acled_username")
    password = password if password is not None else settings.get("acled_password")
    if not username or not password:
        missing = [env for env, value in (("VEILLE_ACLED_USERNAME", username),
                                          ("VEILLE_ACLED_PASSWORD", password)) if not value]
        raise InvalidValue(f"ACLED needs your myACLED account: set {' and '.join(missing)} "
                           "(the e-mail and password you log in with at acleddata.com)")
    limit = settings.get("page_size", page_size)
    params: dict[str, Any] = {"_format": "json", "limit": limit}
    params["country"] = ":OR:country=".join(names)
    params["country_where"] = "="
    params.update(_date_filter(start, end))
    base = base_url or settings.get("acled_api_url")

    rows = pages = 0
    total: int | None = None
    with ApiClient(base, source="acled") as api:
        bearer = {"Authorization": f"Bearer {_access_token(api, username, password)}"}
        first_url = api.url(READ_PATH, {**params, "page": 1})
        with atomic_csv(path, ACLED_COLUMNS) as writer:
            page = 1
            while True:
                extra = {"with_total": "true"} if page == 1 else {}
                payload = _read_page(api, {**params, **extra, "page": page}, bearer)
                events = payload["data"]
                for event in events:
                    writer.writerow(acled_row(event, rows + 1))
                    rows += 1
                pages += 1
                if page == 1 and _is_count(payload.get("total_count")):
                    total = int(payload["total_count"])
                if progress:
                    progress(rows, total)
                if len(events) < limit:
                    break
                page += 1
    return FetchResult(path=path, rows=rows, pages=pages, source="acled", url=first_url)


def acled_country_names(countries: Sequence[str]) -> list[str]:
    if isinstance(countries, str):
        countries = [countries]
    names = []
    for country in countries or ():
        text = str(country).strip()
        if len(text) == 3 and text.isalpha() and text.upper() == text:
            if text not in ACLED_COUNTRY_NAMES:
                raise InvalidValue(f"country {text!r}: veille knows ACLED's names for "
                                   f"{', '.join(sorted(ACLED_COUNTRY_NAMES))}; "
                                   "give other countries by ACLED's name")
            names.append(ACLED_COUNTRY_NAMES[text])
        elif text:
            names.append(text)
    if not names:
        raise InvalidValue("name at least one country (ISO3 code or ACLED country name): "
                           "ACLED's whole dataset is millions of rows")
    return list(dict.fromkeys(names))


def acled_row(event: dict[str, Any], ordinal: int) -> list[str]:
    if not isinstance(event, dict):
        raise UpstreamError(f"ACLED event {ordinal}: expected an object, got {type(event).__name__}")
    missing = [name for name in _REQUIRED if event.get(name) in (None, "")]
    if missing:
        raise UpstreamError(f"ACLED event {ordinal} ({event.get('event_id_cnty')!r}) lacks "
                            f"{', '.join(missing)}: the API's answer is not in the export format veille knows")
    return ["" if event.get(name) is None else str(event[name]) for name in ACLED_COLUMNS]


def _access_token(api: ApiClient, username: str, password: str) -> str:
    form = {"username": username, "password": password, "grant_type": "password", "client_id": "acled"}
    try:
        answer = api.post_form(TOKEN_PATH, form)
    except HttpStatusError as exc:
        if exc.http_status in (400, 401, 403):
            raise UpstreamError(f"ACLED refused the login ({exc.http_status}): check "
                                "VEILLE_ACLED_USERNAME and VEILLE_ACLED_PASSWORD, and that the account "
                                "has accepted ACLED's terms and has API access") from None
        raise
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not token or not isinstance(token, str):
        raise UpstreamError("ACLED's token endpoint answered without an access_token")
    return token


def _read_page(api: ApiClient, params: dict[str, Any], bearer: dict[str, str]) -> dict[str, Any]:
    try:
        payload = api.get_json(READ_PATH, params, headers=bearer)
    except HttpStatusError as exc:
        if exc.http_status in (401, 403):
            raise UpstreamError(f"{exc.message}. ACLED accepted the login but refused the data: "
                                "the account may lack API access or the token expired") from None
        raise
    if not isinstance(payload, dict):
        raise UpstreamError(f"ACLED answered page {params['page']} with {type(payload).__name__}, "
                            "expected an object")
    status = payload.get("status", 200)
    if payload.get("success") is False or str(status) != "200":
        problem = payload.get("error") or payload.get("messages") or payload.get("message") or "no detail"
        raise UpstreamError(f"ACLED answered page {params['page']} with status {status}: "
                            f"{str(problem)[:200]}")
    if not isinstance(payload.get("data"), list):
        raise UpstreamError(f"ACLED answered page {params['page']} without a data list "
                            f"(got {', '.join(sorted(payload))})")
    return payload


def _date_filter(start: date | None, end: date | None) -> dict[str, str]:
    if start and end:
        return {"event_date": f"{start.isoformat()}|{end.isoformat()}", "event_date_where": "BETWEEN"}
    if start:
        return {"event_date": start.isoformat(), "event_date_where": ">="}
    if end:
        return {"event_date": end.isoformat(), "event_date_where": "<="}
    return {}


def _is_count(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())
