"""The dashboard's HTML pages: each renders the dict its API route returns. Forms post
here with their CSRF token and are answered with a redirect (post/redirect/get)."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from veille.errors import Unauthorized
from veille.web.app import CTX, Ctx, render
from veille.web.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf, require
from veille.web.filters import EventQuery, event_query, paging
from veille.web.views import account, alerts, analysis, briefs, events, forecasts, reports, responses

router = APIRouter(include_in_schema=False)
QUERY = Depends(event_query)
PAGE = Depends(paging)
def _id():
    return Path(..., pattern=r"^[A-Za-z0-9_-]{1,64}$")
TOKEN = Form("", alias=CSRF_FIELD)


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _local(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


# ---- events ----------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def map_page(ctx: Ctx = CTX, query: EventQuery = QUERY, page: tuple[int, int] = PAGE) -> HTMLResponse:
    limit, offset = page
    return render(ctx, "map.html", events.events_page(ctx, query, min(limit, 50) if limit == 100 else limit, offset))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(ctx: Ctx = CTX, event_id: str = _id()) -> HTMLResponse:
    return render(ctx, "event.html", events.event_page(ctx, event_id))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(ctx: Ctx = CTX, query: EventQuery = QUERY,
                  by: str = Query("event_type", pattern="^(event_type|country_iso3|source|disorder_type)$")):
    return render(ctx, "timeline.html", events.timeline_page(ctx, query, by))


@router.get("/spillover", response_class=HTMLResponse)
def spillover_page(ctx: Ctx = CTX, country: list[str] = Query([]),
                   months: str | None = Query(None, pattern=r"^(\d{4}-\d{2}(:\d{4}-\d{2})?)?$")):
    return render(ctx, "spillover.html", analysis.spillover_page(ctx, country, months or None))


@router.get("/hotspots", response_class=HTMLResponse)
def hotspots_page(ctx: Ctx = CTX, country: list[str] = Query([]),
                  months: str | None = Query(None, pattern=r"^(\d{4}-\d{2}:\d{4}-\d{2})?$")):
    return render(ctx, "hotspots.html", analysis.hotspots_page(ctx, country, months or None))


@router.get("/forecasts", response_class=HTMLResponse)
def forecasts_page(ctx: Ctx = CTX, run_id: str | None = Query(None, pattern=r"^[0-9a-f]{0,64}$"),
                   horizon: int | None = Query(None, ge=1, le=36),
                   country: str | None = Query(None, pattern=r"^([A-Za-z]{3})?$")):
    return render(ctx, "forecasts.html", forecasts.forecasts_page(ctx, run_id or None, horizon, country or None))


# ---- alerts ----------------------------------------------------------------------------

@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(ctx: Ctx = CTX, country: list[str] = Query([]), severity: list[str] = Query([])):
    return render(ctx, "alerts.html", alerts.alerts_page(ctx, country, severity))


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(ctx: Ctx = CTX, alert_id: str = _id()):
    return render(ctx, "alert.html", alerts.alert_page(ctx, alert_id))


@router.post("/alerts/{alert_id}/status")
def alert_status(ctx: Ctx = CTX, alert_id: str = _id(), status: str = Form(..., pattern="^(open|acknowledged|closed)$"),
                 token: str = TOKEN):
    check_csrf(ctx.caller, token)
    alerts.set_status(ctx, alert_id, status)
    return _back(f"/alerts/{alert_id}")


# ---- community reports -----------------------------------------------------------------

@router.get("/reports/new", response_class=HTMLResponse)
def report_form(ctx: Ctx = CTX, sent: str | None = Query(None, pattern=r"^r_[0-9a-f]{16}$")):
    return render(ctx, "report_form.html", {**reports.form_page(ctx), "sent": sent})


@router.post("/reports/new")
def report_submit(ctx: Ctx = CTX, token: str = TOKEN, text: str = Form("", max_length=5000),
                  place: str = Form("", max_length=200), event_date: str = Form("", max_length=20),
                  latitude: str = Form("", max_length=30), longitude: str = Form("", max_length=30),
                  contact: str = Form("", max_length=200)):
    check_csrf(ctx.caller, token)
    result = reports.submit(ctx, "web", text, place, latitude, longitude, event_date, contact)
    return _back(f"/reports/new?sent={result['report_id']}")


@router.get("/triage", response_class=HTMLResponse)
def triage_queue(ctx: Ctx = CTX, status: str = Query("unverified", pattern="^(unverified|verified|rejected|)$"),
                 page: tuple[int, int] = PAGE):
    return render(ctx, "triage.html", reports.queue_page(ctx, status or None, *page))


@router.get("/triage/{report_id}", response_class=HTMLResponse)
def triage_report(ctx: Ctx = CTX, report_id: str = _id(), reveal: bool = Query(False)):
    return render(ctx, "report.html", reports.report_page(ctx, report_id, reveal=reveal))


@router.post("/triage/{report_id}")
def triage_decision(ctx: Ctx = CTX, report_id: str = _id(), token: str = TOKEN,
                    decision: str = Form(..., pattern="^(link|verify|reject)$"),
                    event_id: str = Form("", max_length=40), event_type: str = Form("", max_length=60),
                    sub_event_type: str = Form("", max_length=60), fatalities: str = Form("", max_length=8),
                    tlp: str = Form("", pattern="^(CLEAR|GREEN|AMBER|RED|)$"), reason: str = Form("", max_length=1000),
                    notes: str = Form("", max_length=5000)):
    check_csrf(ctx.caller, token)
    from veille.errors import InvalidValue

    try:
        deaths = int(fatalities) if fatalities.strip() else None
    except ValueError:
        raise InvalidValue("fatalities: expected a whole number") from None
    result = reports.triage(ctx, report_id, decision, event_id or None, event_type or None, sub_event_type or None,
                            deaths, reason or None, tlp or None, notes or None)
    if result.get("event_id"):
        return _back(f"/events/{result['event_id']}")
    return _back("/triage")


# ---- account ---------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_form(ctx: Ctx = CTX, next: str | None = Query(None, max_length=500)):
    return render(ctx, "login.html", {"next": _local(next)})


@router.post("/login")
def login(request: Request, ctx: Ctx = CTX, token: str = TOKEN, email: str = Form("", max_length=200),
          password: str = Form("", max_length=500), next: str = Form("/", max_length=500)):
    check_csrf(ctx.caller, token)
    try:
        secret, session = account.login(ctx, email, password)
    except Unauthorized as exc:
        return render(ctx, "login.html", {"next": _local(next), "error": exc.message, "email": email}, status=401)
    response = _back(_local(next))
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="lax", secure=ctx.config.cookie_secure,
                        max_age=int(ctx.config.session_hours * 3600), path="/")
    return response


@router.post("/logout")
def logout(request: Request, ctx: Ctx = CTX, token: str = TOKEN):
    check_csrf(ctx.caller, token)
    account.logout(ctx, request.cookies.get(SESSION_COOKIE, ""))
    response = _back("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(ctx: Ctx = CTX):
    require(ctx.caller)
    return render(ctx, "account.html", account.account_page(ctx))


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(ctx: Ctx = CTX, token: str = TOKEN, label: str = Form("", max_length=80),
                 days: str = Form("", max_length=5)):
    check_csrf(ctx.caller, token)
    from veille.errors import InvalidValue

    try:
        lifetime = int(days) if days.strip() else None
    except ValueError:
        raise InvalidValue("days: expected a whole number of days") from None
    created = account.create_token(ctx, label, lifetime)
    return render(ctx, "account.html", account.account_page(ctx, new_token=created["token"]))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(ctx: Ctx = CTX, token_id: str = _id(), token: str = TOKEN):
    check_csrf(ctx.caller, token)
    account.revoke_token(ctx, token_id)
    return _back("/account")


__all__ = ["router"]


# ---- briefs and responses -------------------------------------------------------------

@router.get("/briefs", response_class=HTMLResponse)
def briefs_page(ctx: Ctx = CTX):
    return render(ctx, "briefs.html", briefs.briefs_page(ctx))


@router.post("/briefs")
def request_brief(ctx: Ctx = CTX, token: str = TOKEN, country: list[str] = Form([]), region: str = Form(""),
                  month: str = Form("", pattern=r"^(\d{4}-\d{2})?$"), lang: str = Form("en", pattern="^(en|fr)$"),
                  tlp: str = Form("GREEN", pattern="^(GREEN|AMBER)$")):
    check_csrf(ctx.caller, token)
    result = briefs.request_brief(ctx, country, region or None, month or None, lang, tlp)
    return _back(f"/briefs/{result['brief_id']}")


@router.get("/briefs/{brief_id}", response_class=HTMLResponse)
def brief_page(ctx: Ctx = CTX, brief_id: str = _id()):
    return render(ctx, "brief.html", briefs.brief_page(ctx, brief_id))


@router.get("/briefs/{brief_id}/read", response_class=HTMLResponse)
def brief_read(ctx: Ctx = CTX, brief_id: str = _id()):
    """The brief itself: a self-contained HTML document (charts as data URIs)."""
    from veille.store import briefs as brief_table

    require(ctx.caller)
    return HTMLResponse(brief_table.brief_content(ctx.store, ctx.audience, brief_id, "html"))


@router.get("/briefs/{brief_id}/download/{fmt}")
def brief_download(ctx: Ctx = CTX, brief_id: str = _id(), fmt: str = Path(..., pattern="^(html|md|pdf)$")):
    content, media, name = briefs.download(ctx, brief_id, fmt)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/responses", response_class=HTMLResponse)
def responses_page(ctx: Ctx = CTX, country: list[str] = Query([]), open_only: bool = Query(False)):
    return render(ctx, "responses.html", responses.responses_page(ctx, country, open_only))


@router.post("/responses/{response_id}/status")
def response_status(ctx: Ctx = CTX, response_id: str = _id(), token: str = TOKEN,
                    status: str = Form(..., pattern="^(proposed|planned|in_progress|done|cancelled)$")):
    check_csrf(ctx.caller, token)
    responses.set_status(ctx, response_id, status)
    return _back("/responses")
