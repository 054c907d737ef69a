"""UCDP GED and Candidate events from the UCDP API, written as UCDP's own 49-column CSV.

``GET {base}/gedevents/{version}?pagesize=N&page=P&Country=461,434&StartDate=…&EndDate=…``
with the token in the ``x-ucdp-access-token`` header (required since February 2026).
Pages are numbered from 0; a page holds at most 1,000 events; ``Country`` takes
Gleditsch-Ward numbers separated by commas. The answer is
``{"TotalCount", "TotalPages", "PreviousPageUrl", "NextPageUrl", "Result": [event, …]}``.

Versions: yearly GED releases are ``YY.1`` (``25.1``); the monthly Candidate releases are
``YY.0.M`` (``26.0.1`` = January 2026). A Candidate file's name must contain
"candidate" — that is how ``veille ingest ucdp`` knows to label it ``ucdp_candidate``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from veille import settings
from veille.errors import InvalidValue, UpstreamError
from veille.sources.fetch import FetchResult, Progress, atomic_csv
from veille.sources.fetch.http import ApiClient, HttpStatusError

# The standard GED / Candidate CSV header, in UCDP's order.
GED_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original",
    "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low", "gwnoa", "gwnob",
)
_REQUIRED = ("id", "type_of_violence", "date_start", "latitude", "longitude", "best", "country")

# Gleditsch-Ward numbers (UCDP's country_id) for West Africa and its neighbours.
UCDP_GW_CODES: dict[str, int] = {
    "CPV": 402, "GNB": 404, "GMB": 420, "MLI": 432, "SEN": 433, "BEN": 434, "MRT": 435,
    "NER": 436, "CIV": 437, "GIN": 438, "BFA": 439, "LBR": 450, "SLE": 451, "GHA": 452,
    "TGO": 461, "CMR": 471, "NGA": 475, "GAB": 481, "CAF": 482, "TCD": 483, "MAR": 600,
    "DZA": 615, "TUN": 616, "LBY": 620,
}
MAX_PAGE_SIZE = 1000  # the API's ceiling per page
_VERSION = re.compile(r"^\d{1,2}\.\d{1,2}(\.\d{1,2})?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2})(\.\d+)?)?")


def ucdp_source(version: str) -> str:
    """``ucdp_candidate`` for a monthly Candidate release (three parts), else ``ucdp``."""
    return "ucdp_candidate" if len(_check_version(version).split(".")) == 3 else "ucdp"


def default_file_name(version: str) -> str:
    kind = "candidate" if ucdp_source(version) == "ucdp_candidate" else "ged"
    return f"ucdp_{kind}_{version.replace('.', '_')}.csv"


def fetch_ucdp(version: str, out_path: str | Path | None = None, countries: Sequence[str] | None = None,
               start: date | None = None, end: date | None = None, *, base_url: str | None = None,
               token: str | None = None, page_size: int | None = None,
               progress: Progress | None = None) -> FetchResult:
    """Download UCDP events for ``version`` into a CSV that ``veille ingest ucdp`` imports.

    ``countries`` are ISO3 codes (or Gleditsch-Ward numbers); ``start``/``end`` bound the
    event dates. ``out_path`` may be a folder (or None: the current folder), in which case
    the file is named ``ucdp_ged_25_1.csv`` / ``ucdp_candidate_26_0_1.csv``.
    """
    source = ucdp_source(version)
    path = _output_path(out_path, version, source)
    size = _page_size(page_size)
    params: dict[str, Any] = {}
    if countries:
        params["Country"] = ",".join(str(code) for code in gw_codes(countries))
    if start and end and start > end:
        raise InvalidValue(f"start {start.isoformat()} is after end {end.isoformat()}")
    if start:
        params["StartDate"] = start.isoformat()
    if end:
        params["EndDate"] = end.isoformat()
    token = token if token is not None else settings.get("ucdp_token")
    headers = {"x-ucdp-access-token": token} if token else {}
    base = base_url or settings.get("ucdp_api_url")

    endpoint = f"gedevents/{version}"
    rows = pages = 0
    with ApiClient(base, source="ucdp", headers=headers) as api:
        first_url = api.url(endpoint, {"pagesize": size, "page": 0, **params})
        with atomic_csv(path, GED_COLUMNS) as writer:
            page = 0
            while True:
                payload = _get_page(api, endpoint, {"pagesize": size, "page": page, **params}, version, bool(token))
                events = payload["Result"]
                for event in events:
                    writer.writerow(ged_row(event, rows + 1))
                    rows += 1
                pages += 1
                total = payload.get("TotalCount")
                if progress:
                    progress(rows, total if isinstance(total, int) else None)
                total_pages = payload.get("TotalPages")
                if isinstance(total_pages, int):
                    more = page + 1 < total_pages
                else:
                    more = bool(payload.get("NextPageUrl"))
                if not events or not more:
                    break
                page += 1
    return FetchResult(path=path, rows=rows, pages=pages, source=source, url=first_url)


def gw_codes(countries: Sequence[str]) -> list[int]:
    codes = []
    for country in countries:
        text = str(country).strip()
        if text.isdigit():
            codes.append(int(text))
        elif text.upper() in UCDP_GW_CODES:
            codes.append(UCDP_GW_CODES[text.upper()])
        else:
            raise InvalidValue(f"country {country!r}: expected an ISO3 code of "
                               f"{', '.join(sorted(UCDP_GW_CODES))} or a Gleditsch-Ward number")
    return list(dict.fromkeys(codes))


def ged_row(event: dict[str, Any], ordinal: int) -> list[str]:
    """One API event as a CSV row, written the way UCDP's own CSV download writes it."""
    if not isinstance(event, dict):
        raise UpstreamError(f"UCDP event {ordinal}: expected an object, got {type(event).__name__}")
    missing = [name for name in _REQUIRED if event.get(name) in (None, "")]
    if missing:
        raise UpstreamError(f"UCDP event {ordinal} (id {event.get('id')!r}) lacks {', '.join(missing)}: "
                            "the API's answer is not in the GED format veille knows")
    return [_cell(name, event.get(name)) for name in GED_COLUMNS]


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in ("date_start", "date_end") and isinstance(value, str):
        match = _DATETIME.match(value)
        if match:  # the API says 2026-01-07T00:00:00; the CSV download 2026-01-07 00:00:00.000
            day, clock, fraction = match.groups()
            return f"{day} {clock or '00:00:00'}{(fraction or '.000')[:4].ljust(4, '0')}"
    return str(value)


def _get_page(api: ApiClient, endpoint: str, params: dict[str, Any], version: str,
              has_token: bool) -> dict[str, Any]:
    try:
        payload = api.get_json(endpoint, params)
    except HttpStatusError as exc:
        if exc.http_status in (401, 403):
            hint = ("set VEILLE_UCDP_TOKEN to your UCDP API token" if not has_token
                    else "check VEILLE_UCDP_TOKEN")
            raise UpstreamError(f"{exc.message}. The UCDP API needs an access token since "
                                f"February 2026 (ask the API maintainer: https://ucdp.uu.se/apidocs/); "
                                f"{hint}") from None
        if exc.http_status == 404:
            raise UpstreamError(f"{exc.message}: UCDP has no release {version!r} — GED releases are "
                                "YY.1 (25.1), Candidate releases YY.0.M (26.0.1)") from None
        raise
    if not isinstance(payload, dict) or not isinstance(payload.get("Result"), list):
        keys = ", ".join(sorted(payload)) if isinstance(payload, dict) else type(payload).__name__
        raise UpstreamError(f"UCDP answered page {params['page']} without a Result list (got {keys})")
    return payload


def _check_version(version: str) -> str:
    if not isinstance(version, str) or not _VERSION.match(version.strip()):
        raise InvalidValue(f"UCDP version {version!r}: expected a GED release such as 25.1 "
                           "or a Candidate release such as 26.0.1")
    return version.strip()


def _page_size(page_size: int | None) -> int:
    size = settings.get("page_size", page_size)
    return min(size, MAX_PAGE_SIZE)


def _output_path(out_path: str | Path | None, version: str, source: str) -> Path:
    path = Path(out_path) if out_path is not None else Path.cwd()
    if path.is_dir():
        return path / default_file_name(version)
    named_candidate = "candidate" in path.name.lower()
    if source == "ucdp_candidate" and not named_candidate:
        raise InvalidValue(f"{path}: a UCDP Candidate file's name must contain 'candidate' so that "
                           f"`veille ingest ucdp` labels it ucdp_candidate; use e.g. "
                           f"{path.with_name(default_file_name(version))}")
    if source == "ucdp" and named_candidate:
        raise InvalidValue(f"{path}: GED release {version} would be imported as UCDP Candidate "
                           "because the file name contains 'candidate'; choose another name")
    return path
