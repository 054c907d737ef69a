"""The JSON API under ``/api``: each route returns the dict its dashboard page renders.

Authentication: a session cookie (then writes need the ``X-CSRF-Token`` header) or
``Authorization: Bearer vt_…``. Errors: ``{"ok": false, "error": "…", "status": N}``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, File, Form, Header, Path, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse

from veille.store import access
from veille.web.api.schemas import (
    AlertStatusIn,
    BriefIn,
    ReportIn,
    ResponseStatusIn,
    TlpIn,
    TokenIn,
    TriageIn,
)
from veille.web.app import CTX, Ctx
from veille.web.auth import check_csrf, require
from veille.web.cache import Answer, answer
from veille.web.filters import EventQuery, event_query, paging
from veille.web.plain import encode, records
from veille.web.views import account, alerts, analysis, briefs, events, forecasts, imports, reports, responses
from veille.web.views.boundaries import boundaries_geojson

router = APIRouter(prefix="/api")


def _json(data: dict, status: int = 200) -> Response:
    """The view's dict as JSON, as it is: views build plain JSON values, so FastAPI's
    encoder (which walks every value again) is not needed."""
    return Response(encode(data), status_code=status, media_type="application/json")


def cached(ctx: Ctx, compute: Callable[[], Answer]) -> Response:
    """A read route's answer from the response cache: the key is the route's path, its
    query (parameters in a fixed order), the reader (user, organisation, role — what the
    TLP clause is built from) and the language; the entry lives for one data generation
    of the store. A request whose ``If-None-Match`` names the answer's ETag gets 304."""
    return respond(ctx, lookup(ctx, compute))


def lookup(ctx: Ctx, compute: Callable[[], Answer]) -> Answer:
    request = ctx.request
    query = tuple(sorted(request.query_params.multi_items(), key=lambda pair: pair[0]))
    key = (request.url.path, query, ctx.audience, ctx.lang)
    generation = ctx.store.generation()  # read before the data it guards
    return request.app.state.responses.get(key, generation, compute)


def respond(ctx: Ctx, found: Answer) -> Response:
    headers = {"ETag": found.etag}
    if found.etag in _etags(ctx.request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def _page(build: Callable[[], dict]) -> Callable[[], Answer]:
    return lambda: answer(encode(build()))
QUERY = Depends(event_query)
PAGE = Depends(paging)
CSRF = Header(None, alias="X-CSRF-Token", description="The session's CSRF token, for cookie-authenticated writes.")
def _id():
    return Path(..., pattern=r"^[A-Za-z0-9_-]{1,64}$")
COUNTRIES = Query([], description="ISO3 country code; repeat for several.")


@router.get("/me", tags=["account"], summary="Who the caller is")
def get_me(ctx: Ctx = CTX) -> dict:
    return _json(account.me(ctx))


# ---- events --------------------------------------------------------------------------

@router.get("/events", tags=["events"], summary="Events, filtered and paged, newest first")
def list_events(ctx: Ctx = CTX, query: EventQuery = QUERY, page: tuple[int, int] = PAGE) -> dict:
    return cached(ctx, _page(lambda: events.events_page(ctx, query, *page)))


def _export(ctx: Ctx, query: EventQuery, fmt: str, limit: int | None) -> list[dict]:
    columns = events.MAP_COLUMNS if fmt == "map" else events.EXPORT_COLUMNS
    rows = events.export_rows(ctx, query, limit, columns)
    access.audit(ctx.store, f"export.events.{'geojson' if fmt == 'map' else fmt}", ctx.user, None,
                 {"filters": query.query_string(), "rows": len(rows)}, ctx.ip())
    return rows


@router.get("/events.csv", tags=["events"], summary="Events as CSV (every column), filtered",
            response_class=StreamingResponse)
def events_csv(ctx: Ctx = CTX, query: EventQuery = QUERY,
               limit: int = Query(100_000, ge=1, le=1_000_000)) -> StreamingResponse:
    rows = _export(ctx, query, "csv", limit)
    return StreamingResponse(events.csv_lines(rows), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="veille-events.csv"'})


@router.get("/events.geojson", tags=["events"], summary="Events with coordinates as GeoJSON points",
            response_class=StreamingResponse)
def events_geojson(ctx: Ctx = CTX, query: EventQuery = QUERY,
                   limit: int = Query(20_000, ge=1, le=1_000_000),
                   full: bool = Query(False, description="Every column (default: the map's few).")) -> StreamingResponse:
    fmt = "geojson" if full else "map"
    if limit > ctx.config.map_max_points:  # a large export: streamed, not kept
        rows = _export(ctx, query, fmt, limit)
        return StreamingResponse(events.geojson_lines(rows), media_type="application/geo+json")

    def build() -> Answer:
        columns = events.MAP_COLUMNS if fmt == "map" else events.EXPORT_COLUMNS
        rows = events.export_rows(ctx, query, limit, columns)
        return answer(events.geojson_bytes(rows), "application/geo+json", extra=len(rows))

    found = lookup(ctx, build)
    # every export is audited, from the cache too (the audit log does not change the generation)
    access.audit(ctx.store, f"export.events.{'geojson' if fmt == 'map' else fmt}", ctx.user, None,
                 {"filters": query.query_string(), "rows": found.extra}, ctx.ip())
    return respond(ctx, found)


@router.get("/events/{event_id}", tags=["events"], summary="One event, its provenance and linked records")
def get_event(ctx: Ctx = CTX, event_id: str = _id()) -> dict:
    return cached(ctx, _page(lambda: events.event_page(ctx, event_id)))


@router.get("/timeline", tags=["analysis"], summary="Events and fatalities per month")
def timeline(ctx: Ctx = CTX, query: EventQuery = QUERY,
             by: str = Query("event_type", pattern="^(event_type|country_iso3|source|disorder_type)$")) -> dict:
    return cached(ctx, _page(lambda: events.timeline_page(ctx, query, by)))


@router.get("/spillover", tags=["analysis"], summary="Political violence by distance from the Sahel front")
def spillover(ctx: Ctx = CTX, country: list[str] = COUNTRIES,
              months: str | None = Query(None, pattern=r"^\d{4}-\d{2}(:\d{4}-\d{2})?$")) -> dict:
    return cached(ctx, _page(lambda: analysis.spillover_page(ctx, country, months)))


@router.get("/hotspots", tags=["analysis"], summary="Emerging hot spots per admin-2 unit")
def hotspots(ctx: Ctx = CTX, country: list[str] = COUNTRIES,
             months: str | None = Query(None, pattern=r"^\d{4}-\d{2}:\d{4}-\d{2}$")) -> dict:
    return cached(ctx, _page(lambda: analysis.hotspots_page(ctx, country, months)))


@router.get("/boundaries/{level}", tags=["map"], summary="Admin boundaries (0 country, 1, 2) as GeoJSON")
def boundaries(level: int = Path(..., ge=0, le=2), country: list[str] = COUNTRIES) -> Response:
    return Response(boundaries_geojson(level, country), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


# ---- forecasts and alerts ------------------------------------------------------------------

@router.get("/forecasts", tags=["forecasts"], summary="Stored forecast runs; one run's forecasts for a horizon")
def list_forecasts(ctx: Ctx = CTX, run_id: str | None = Query(None, pattern=r"^[0-9a-f]{1,64}$"),
                   horizon: int | None = Query(None, ge=1, le=36),
                   country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$")) -> dict:
    return cached(ctx, _page(lambda: forecasts.forecasts_page(ctx, run_id, horizon, country)))


@router.get("/alerts", tags=["alerts"], summary="The alerts board: alerts by status")
def list_alerts(ctx: Ctx = CTX, country: list[str] = COUNTRIES, severity: list[str] = Query([])) -> dict:
    return cached(ctx, _page(lambda: alerts.alerts_page(ctx, country, severity)))


@router.get("/alerts/{alert_id}", tags=["alerts"], summary="One alert and its evidence")
def get_alert(ctx: Ctx = CTX, alert_id: str = _id()) -> dict:
    return cached(ctx, _page(lambda: alerts.alert_page(ctx, alert_id)))


@router.post("/alerts/{alert_id}/status", tags=["alerts"], summary="Acknowledge, close or reopen an alert")
def alert_status(body: AlertStatusIn, ctx: Ctx = CTX, alert_id: str = _id(), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(alerts.set_status(ctx, alert_id, body.status))


# ---- responses and briefs -----------------------------------------------------------------

@router.get("/responses", tags=["responses"], summary="The responses board: tracked actions by status")
def list_responses(ctx: Ctx = CTX, country: list[str] = COUNTRIES, open_only: bool = Query(False)) -> dict:
    return _json(responses.responses_page(ctx, country, open_only))


@router.post("/responses/{response_id}/status", tags=["responses"], summary="Move a response along (analysts)")
def response_status(body: ResponseStatusIn, ctx: Ctx = CTX, response_id: str = _id(), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(responses.set_status(ctx, response_id, body.status, body.notes))


@router.get("/briefs", tags=["briefs"], summary="Briefs the caller may read")
def list_briefs(ctx: Ctx = CTX) -> dict:
    return _json(briefs.briefs_page(ctx))


@router.post("/briefs", tags=["briefs"], summary="Ask for a brief (built in the background)", status_code=202)
def request_brief(body: BriefIn, ctx: Ctx = CTX, csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(briefs.request_brief(ctx, body.countries, body.region, body.month, body.lang, body.tlp), 202)


@router.get("/briefs/{brief_id}", tags=["briefs"], summary="One brief: its state and how to download it")
def get_brief(ctx: Ctx = CTX, brief_id: str = _id()) -> dict:
    return _json(briefs.brief_page(ctx, brief_id))


@router.get("/briefs/{brief_id}/{fmt}", tags=["briefs"], summary="Download a brief as html, md or pdf")
def download_brief(ctx: Ctx = CTX, brief_id: str = _id(), fmt: str = Path(..., pattern="^(html|md|pdf)$")) -> Response:
    content, media, name = briefs.download(ctx, brief_id, fmt)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---- community reports --------------------------------------------------------------------

@router.post("/reports", tags=["reports"], summary="Submit a community report", status_code=201)
def submit_report(body: ReportIn, ctx: Ctx = CTX, csrf: str | None = CSRF) -> dict:
    if ctx.user is not None:
        check_csrf(ctx.caller, csrf)  # an anonymous script has no cookie to ride on
    return reports.submit(ctx, "api", body.text, body.place, body.latitude, body.longitude, body.event_date,
                          body.contact, body.lang)


@router.post("/reports/sms/{gateway}", tags=["reports"], status_code=201,
             summary="SMS-gateway webhook (africastalking or twilio form callback)")
async def sms_webhook(request: Request, gateway: str = Path(..., pattern="^(africastalking|twilio)$"),
                      key: str | None = Query(None, max_length=200)) -> dict:
    from starlette.concurrency import run_in_threadpool

    from veille.web.app import make_ctx

    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}

    def handle() -> dict:
        with request.app.state.pool.checkout() as store:
            return _json(reports.sms(make_ctx(request, store), gateway, key, form), 201)

    return await run_in_threadpool(handle)


@router.get("/reports", tags=["reports"], summary="The triage queue (analysts)")
def report_queue(ctx: Ctx = CTX, status: str | None = Query("unverified", pattern="^(unverified|verified|rejected|)$"),
                 page: tuple[int, int] = PAGE) -> dict:
    return _json(reports.queue_page(ctx, status or None, *page))


@router.get("/reports/{report_id}", tags=["reports"], summary="One report and its duplicate candidates")
def get_report(ctx: Ctx = CTX, report_id: str = _id()) -> dict:
    return _json(reports.report_page(ctx, report_id))


@router.post("/reports/{report_id}/triage", tags=["reports"], summary="Verify, link or reject a report")
def triage_report(body: TriageIn, ctx: Ctx = CTX, report_id: str = _id(), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return reports.triage(ctx, report_id, body.decision, body.event_id, body.event_type, body.sub_event_type,
                          body.fatalities, body.reason, body.tlp, body.notes)


# ---- imports (administrators) ---------------------------------------------------------------

@router.post("/imports", tags=["imports"], status_code=202,
             summary="Upload an event file to import (administrators); refused at once if it is not what it claims")
def start_import(ctx: Ctx = CTX, source: str = Form(..., pattern="^(ucdp|ucdp_candidate|acled|gdelt)$"),
                 file: UploadFile = File(...), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(imports.start_import(ctx, source, file.filename or "upload.csv", file.file), 202)


@router.get("/imports/{job_id}", tags=["imports"], summary="How an import is going, and its counts when done")
def import_status(ctx: Ctx = CTX, job_id: str = _id()) -> dict:
    return _json(imports.import_status(ctx, job_id))


# ---- access ---------------------------------------------------------------------------------

@router.put("/tlp/{kind}/{record_id}", tags=["access"], summary="Change a record's TLP (analysts)")
def set_tlp(body: TlpIn, ctx: Ctx = CTX, kind: str = Path(..., pattern="^(event|report|alert|response)$"),
            record_id: str = _id(), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    user = require(ctx.caller, "analyst")
    access.set_tlp(ctx.store, kind, record_id, body.tlp, user, body.readers)
    access.audit(ctx.store, "tlp.set", user, f"{kind}:{record_id}", {"tlp": body.tlp, "readers": body.readers},
                 ctx.ip())
    return _json({"ok": True, "kind": kind, "record_id": record_id, "tlp": body.tlp})


@router.get("/tokens", tags=["account"], summary="The caller's API tokens")
def list_tokens(ctx: Ctx = CTX) -> dict:
    return _json(account.account_page(ctx))


@router.post("/tokens", tags=["account"], summary="Create an API token (shown once)", status_code=201)
def create_token(body: TokenIn, ctx: Ctx = CTX, csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(account.create_token(ctx, body.label, body.days), 201)


@router.delete("/tokens/{token_id}", tags=["account"], summary="Revoke an API token")
def revoke_token(ctx: Ctx = CTX, token_id: str = _id(), csrf: str | None = CSRF) -> dict:
    check_csrf(ctx.caller, csrf)
    return _json(account.revoke_token(ctx, token_id))


@router.get("/audit", tags=["access"], summary="The audit log (administrators)")
def audit_log(ctx: Ctx = CTX, action: str | None = Query(None, pattern=r"^[a-z.*]{1,40}$"),
              limit: int = Query(200, ge=1, le=5000)) -> dict:
    require(ctx.caller, "admin")
    return _json({"entries": records(access.audit_log(ctx.store, action=action, limit=limit))})
